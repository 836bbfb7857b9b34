#include "render/row_colouring.h"

#include "base/assertion.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

namespace es {

std::vector<float> rank_shades(size_t rows) {
    std::vector<float> out(rows, 0.0f);
    if (rows < 2) return out;
    const double last = std::log1p(double(rows - 1));
    for (size_t r = 0; r < rows; ++r) out[r] = float(std::log1p(double(r)) / last);
    return out;
}

RowCategories categorise_rows(const std::vector<std::string>& values, size_t rows, size_t max_categories) {
    ES_ASSERT(max_categories >= 2, "categorise_rows needs room for one category and \"(other)\"");
    std::unordered_map<std::string_view, size_t> count, first;
    for (size_t r = 0; r < values.size(); ++r) {
        ++count[values[r]];
        first.try_emplace(values[r], r);
    }
    std::vector<std::string_view> order;
    for (const auto& [v, k] : count) order.push_back(v);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) {
        return count[a] != count[b] ? count[a] > count[b] : first[a] < first[b];
    });
    const bool other = order.size() > max_categories;
    if (other) order.resize(max_categories - 1);
    RowCategories out;
    std::unordered_map<std::string_view, float> index;
    for (size_t i = 0; i < order.size(); ++i) {
        index[order[i]] = float(i);
        out.names.emplace_back(order[i]);
    }
    if (other) out.names.emplace_back("(other)");
    out.index.assign(rows, 0.0f);
    for (size_t r = 0; r < std::min(rows, values.size()); ++r) {
        const auto it = index.find(values[r]);
        out.index[r] = it != index.end() ? it->second : float(max_categories - 1);
    }
    return out;
}

} // namespace es
