// Exact top-k by cosine, for one query or a batch, reading the int8 copy of the table
// (quantized_rows.h) and re-ranking in double precision only the rows that can still be in the
// top k: a row's approximate cosine a differs from the true one by at most δ (the row's and the
// query's quantisation bounds), so with L the k'-th best approximate score (k' = k + excluded
// rows) every row of the true top k' has a ≥ L − 2δ. The answer is the exact top k.
#pragma once
#include "search/neighbours.h"

#include <cstdint>
#include <span>
#include <vector>

namespace es {

class VectorTable;

struct CosineQuery {
    std::span<const float> vector;      // dim values, any length (normalised inside)
    std::span<const uint32_t> exclude;  // rows never returned
};

struct CosineSearchStats {
    size_t candidates = 0;  // rows re-ranked exactly, over all queries
};

// Top `k` rows by cosine for each query over rows [0, restrict_rows) (0: all). Scores are the
// true cosines (double, rounded once); ties go to the lower row. `skip_zero_rows` leaves rows of
// norm 0 out (their cosine is undefined; gensim's is NaN and never ranks).
std::vector<std::vector<Neighbour>> cosine_top_k(const VectorTable& table, std::span<const CosineQuery> queries,
                                                size_t k, size_t restrict_rows = 0, bool skip_zero_rows = false,
                                                CosineSearchStats* stats = nullptr);

} // namespace es
