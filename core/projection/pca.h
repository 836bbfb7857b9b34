// Principal component analysis of a table's rows: mean-centred, exact (eigen-decomposition of
// the covariance in double precision). Components are ordered by explained variance; each
// component's sign makes its largest-magnitude coefficient positive, so results are stable.
#pragma once
#include <cstddef>
#include <vector>

namespace es {

class VectorTable;

struct PcaModel {
    size_t dim = 0;
    size_t components = 0;
    size_t fitted_rows = 0;
    std::vector<float> mean;                      // dim
    std::vector<float> basis;                     // components × dim, row-major, unit rows
    std::vector<double> explained_variance;       // per component (n-1 denominator, as scikit-learn)
    std::vector<double> explained_variance_ratio; // per component, of the total variance
};

// Fits on the first `fit_rows` rows (0: all).
PcaModel fit_pca(const VectorTable& table, size_t components, size_t fit_rows = 0);

// Projects rows [0, rows) into `out` (rows × components, row-major).
void project_rows(const PcaModel& model, const VectorTable& table, size_t rows, float* out);

// Projects one vector of model.dim floats into `out` (model.components floats), summed in double:
// a token's contextual vector or a trajectory point placed among the projected rows.
void project_vector(const PcaModel& model, const float* v, float* out);

} // namespace es
