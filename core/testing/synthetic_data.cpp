#include "testing/synthetic_data.h"

namespace es::test {

std::vector<float> random_normal_values(size_t n, std::mt19937& rng, float scale) {
    std::normal_distribution<float> d(0.0f, scale);
    std::vector<float> v(n);
    for (float& x : v) x = d(rng);
    return v;
}

std::vector<std::string> numbered_words(size_t n) {
    std::vector<std::string> words;
    words.reserve(n);
    for (size_t r = 0; r < n; ++r) {
        words.push_back("w");
        words.back() += std::to_string(r);  // not "w" + …: GCC 12 warns spuriously (-Wrestrict) there
    }
    return words;
}

} // namespace es::test
