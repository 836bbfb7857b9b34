// Deterministic made-up data for tests: the same seed gives the same values on every run.
#pragma once
#include <random>
#include <string>
#include <vector>

namespace es::test {

// `n` draws of N(0, scale²) from `rng`.
std::vector<float> random_normal_values(size_t n, std::mt19937& rng, float scale = 1.0f);

// "w0", "w1", … "w<n-1>": the words of a synthetic table.
std::vector<std::string> numbered_words(size_t n);

} // namespace es::test
