#include "tokenizers/hf/hf_json.h"

#include <cmath>

namespace es {
namespace {

const char* type_name(const nlohmann::json& v) {
    if (v.is_null()) return "null";
    if (v.is_boolean()) return "a boolean";
    if (v.is_number()) return "a number";
    if (v.is_string()) return "a string";
    if (v.is_array()) return "an array";
    return "an object";
}

} // namespace

HfJson HfJson::at(const char* key) const {
    if (!v_->is_object()) fail(std::string("expected an object, found ") + type_name(*v_));
    auto it = v_->find(key);
    if (it == v_->end()) fail(std::string("the field \"") + key + "\" is missing");
    return HfJson(*it, file_, path_.empty() ? key : path_ + "." + key);
}

std::optional<HfJson> HfJson::opt(const char* key) const {
    if (!v_->is_object()) fail(std::string("expected an object, found ") + type_name(*v_));
    auto it = v_->find(key);
    if (it == v_->end() || it->is_null()) return std::nullopt;
    return HfJson(*it, file_, path_.empty() ? key : path_ + "." + key);
}

HfJson HfJson::operator[](size_t i) const {
    if (!v_->is_array()) fail(std::string("expected an array, found ") + type_name(*v_));
    if (i >= v_->size()) fail("index " + std::to_string(i) + " is past the end");
    return HfJson((*v_)[i], file_, path_ + "[" + std::to_string(i) + "]");
}

size_t HfJson::size() const {
    if (!v_->is_array()) fail(std::string("expected an array, found ") + type_name(*v_));
    return v_->size();
}

std::string HfJson::str() const {
    if (!v_->is_string()) fail(std::string("expected a string, found ") + type_name(*v_));
    return v_->get<std::string>();
}

bool HfJson::boolean() const {
    if (!v_->is_boolean()) fail(std::string("expected true or false, found ") + type_name(*v_));
    return v_->get<bool>();
}

int64_t HfJson::i64() const {
    if (v_->is_number_integer()) return v_->get<int64_t>();
    if (v_->is_number_float()) {
        double d = v_->get<double>();
        if (std::floor(d) == d && std::fabs(d) < 9e15) return int64_t(d);
    }
    fail(std::string("expected a whole number, found ") + type_name(*v_));
}

uint32_t HfJson::u32() const {
    int64_t x = i64();
    if (x < 0 || x > int64_t(INT32_MAX)) fail("the number " + std::to_string(x) + " is out of range");
    return uint32_t(x);
}

double HfJson::number() const {
    if (!v_->is_number()) fail(std::string("expected a number, found ") + type_name(*v_));
    double d = v_->get<double>();
    if (!std::isfinite(d)) fail("the number is not finite");
    return d;
}

std::string HfJson::type() const {
    if (!v_->is_object()) fail(std::string("expected an object with a \"type\", found ") + type_name(*v_));
    return at("type").str();
}

void HfJson::only(std::initializer_list<const char*> known) const {
    if (!v_->is_object()) return;
    for (auto it = v_->begin(); it != v_->end(); ++it) {
        bool ok = false;
        for (const char* k : known) ok = ok || it.key() == k;
        if (!ok) fail("unsupported field \"" + it.key() + "\"");
    }
}

} // namespace es
