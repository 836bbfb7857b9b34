// What colours the rows of the scatter: a shade for a word's frequency rank, or the category of
// a metadata column. Values, not colours: the view maps them through its colour map (ui/style).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace es {

// Row r of `rows` gets log(1 + r) / log(rows): 0 for the most frequent word, 1 for the last.
// Log rank because word frequencies are Zipfian: a linear scale gives the top 10k one colour.
std::vector<float> rank_shades(size_t rows);

struct RowCategories {
    std::vector<std::string> names;  // index → value, most common first; "(other)" last when cut
    std::vector<float> index;        // per row; rows past values.size() get 0
};

// Categories by frequency, most common first (ties: first seen). More than `max_categories`
// distinct values: the first max_categories − 1 keep their own, the rest share "(other)".
RowCategories categorise_rows(const std::vector<std::string>& values, size_t rows, size_t max_categories);

} // namespace es
