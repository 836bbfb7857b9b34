#include "testing/json_numbers.h"

namespace es::test {

namespace {
void append_numbers(const nlohmann::json& j, std::vector<float>& out) {
    if (j.is_array())
        for (const auto& e : j) append_numbers(e, out);
    else
        out.push_back(j.get<float>());
}
} // namespace

std::vector<float> flat_numbers(const nlohmann::json& j) {
    std::vector<float> v;
    append_numbers(j, v);
    return v;
}

} // namespace es::test
