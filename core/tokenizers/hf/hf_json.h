// Checked reading of a tokenizer.json: every value is read through a node that knows its file
// and JSON path, so a missing field, a wrong type or an unsupported component is named exactly
// ("tokenizer.json: pre_tokenizer.pretokenizers[1].type: unsupported pre-tokenizer …").
#pragma once
#include "base/error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace es {

class HfJson {
public:
    HfJson(const nlohmann::json& value, std::string file, std::string path)
        : v_(&value), file_(std::move(file)), path_(std::move(path)) {}

    const nlohmann::json& raw() const { return *v_; }
    const std::string& path() const { return path_; }
    const std::string& file() const { return file_; }
    bool is_null() const { return v_->is_null(); }
    bool is_object() const { return v_->is_object(); }
    bool is_array() const { return v_->is_array(); }
    bool is_string() const { return v_->is_string(); }

    [[noreturn]] void fail(const std::string& problem) const {
        throw Error(file_ + ": " + (path_.empty() ? std::string("(top level)") : path_) + ": " + problem);
    }

    bool has(const char* key) const { return v_->is_object() && v_->contains(key) && !(*v_)[key].is_null(); }
    // A required member of an object.
    HfJson at(const char* key) const;
    // A member that may be absent or null.
    std::optional<HfJson> opt(const char* key) const;
    HfJson operator[](size_t i) const;
    size_t size() const;  // of an array; fails on anything else

    std::string str() const;
    bool boolean() const;
    uint32_t u32() const;
    int64_t i64() const;
    double number() const;

    std::string str(const char* key, const std::string& fallback) const {
        auto o = opt(key);
        return o ? o->str() : fallback;
    }
    bool boolean(const char* key, bool fallback) const {
        auto o = opt(key);
        return o ? o->boolean() : fallback;
    }
    uint32_t u32(const char* key, uint32_t fallback) const {
        auto o = opt(key);
        return o ? o->u32() : fallback;
    }
    // The "type" of a component object.
    std::string type() const;
    // Every key must be one of `known` (a typo or a newer option is not silently ignored).
    void only(std::initializer_list<const char*> known) const;

private:
    const nlohmann::json* v_;
    std::string file_, path_;
};

} // namespace es
