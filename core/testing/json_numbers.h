// Numbers out of the command line's JSON.
#pragma once
#include <nlohmann/json.hpp>

#include <vector>

namespace es::test {

// Every number of a (nested) JSON array, in reading order; a lone number gives itself.
std::vector<float> flat_numbers(const nlohmann::json& j);

} // namespace es::test
