// Custom axes, as TensorFlow Projector's custom projection and word2viz draw them: each axis is
// the unit direction from the centroid of one group of words to the centroid of another
// ("he,him" → "she,her"), and a row's coordinate is its vector's projection on that direction.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "projection/pca.h"

namespace es {

class VectorTable;

struct AxisSpec {
    std::vector<uint32_t> from;  // rows of the left side ("A" of A:B)
    std::vector<uint32_t> to;    // rows of the right side
};

// A PcaModel whose mean is 0 and whose basis rows are the axes (not orthogonalised: each
// coordinate is the projection on its own axis); explained_variance_ratio is the variance of the
// first `fit_rows` rows (0: all) along each axis over their total variance.
PcaModel fit_axes(const VectorTable& table, std::span<const AxisSpec> axes, size_t fit_rows = 0);

// Projects the given rows (any model of fit_pca or fit_axes) into `out` (rows.size() × components).
void project_row_list(const PcaModel& model, const VectorTable& table, std::span<const uint32_t> rows, float* out);

} // namespace es
