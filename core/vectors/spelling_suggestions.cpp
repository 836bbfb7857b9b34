#include "vectors/spelling_suggestions.h"
#include "vectors/vector_table.h"

#include <algorithm>
#include <array>

namespace es {
namespace {

constexpr int kMaxDistance = 2;

// Optimal-string-alignment distance, cut off above kMaxDistance.
int bounded_distance(std::string_view a, std::string_view b) {
    const size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > size_t(kMaxDistance)) return kMaxDistance + 1;
    std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (size_t j = 0; j <= m; ++j) prev[j] = int(j);
    for (size_t i = 1; i <= n; ++i) {
        cur[0] = int(i);
        int row_min = cur[0];
        for (size_t j = 1; j <= m; ++j) {
            int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
            cur[j] = v;
            row_min = std::min(row_min, v);
        }
        if (row_min > kMaxDistance) return kMaxDistance + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

} // namespace

std::vector<std::string> similar_spellings(const VectorTable& table, std::string_view word, size_t max) {
    const std::string w = to_lower_utf8(word);
    std::vector<std::pair<int, size_t>> found;
    for (size_t r = 0; r < table.rows(); ++r) {
        const std::string_view v = table.word(r);
        if ((v.size() > w.size() ? v.size() - w.size() : w.size() - v.size()) > size_t(kMaxDistance)) continue;
        const int d = bounded_distance(w, v);
        if (d <= kMaxDistance && v != w) found.push_back({d, r});
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> out;
    for (size_t i = 0; i < std::min(max, found.size()); ++i) out.emplace_back(table.word(found[i].second));
    return out;
}

} // namespace es
