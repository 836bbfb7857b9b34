// Exact nearest neighbours over a whole table (or its first N rows).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace es {

class VectorTable;

enum class Metric { Cosine, Dot, Euclidean };

struct Neighbour {
    uint32_t row;
    float score;  // cosine or dot (descending), euclidean distance (ascending)
};

// Top `k` rows for `query` (dim floats). `restrict_rows` 0 means the whole table; rows in
// `exclude` are skipped. Ties break by lower row (more frequent word first). Cosine goes through
// cosine_search.h (int8 scan + exact re-rank); dot and euclidean scan the float32 rows.
std::vector<Neighbour> nearest(const VectorTable& table, std::span<const float> query, size_t k,
                              Metric metric = Metric::Cosine, size_t restrict_rows = 0,
                              std::span<const uint32_t> exclude = {});

const char* metric_name(Metric m);
bool parse_metric(const std::string& s, Metric& out);

} // namespace es
