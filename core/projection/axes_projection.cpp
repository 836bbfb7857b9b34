#include "projection/axes_projection.h"
#include "base/error.h"
#include "vectors/vector_table.h"

#include <cmath>

namespace es {

PcaModel fit_axes(const VectorTable& table, std::span<const AxisSpec> axes, size_t fit_rows) {
    const size_t d = table.dim();
    if (axes.empty()) throw Error("custom axes: give at least one --axis A:B");
    PcaModel m;
    m.dim = d;
    m.components = axes.size();
    m.fitted_rows = fit_rows ? std::min(fit_rows, table.rows()) : table.rows();
    m.mean.assign(d, 0.0f);
    for (const AxisSpec& a : axes) {
        if (a.from.empty() || a.to.empty()) throw Error("custom axes: each side of an axis needs a word");
        std::vector<double> dir(d, 0.0);
        for (uint32_t r : a.to)
            for (size_t j = 0; j < d; ++j) dir[j] += double(table.row(r)[j]) / double(a.to.size());
        for (uint32_t r : a.from)
            for (size_t j = 0; j < d; ++j) dir[j] -= double(table.row(r)[j]) / double(a.from.size());
        double n2 = 0;
        for (double x : dir) n2 += x * x;
        if (!(n2 > 0)) throw Error("custom axes: both sides of an axis are the same point");
        for (double x : dir) m.basis.push_back(float(x / std::sqrt(n2)));
    }
    // Variances along each axis and in total, over the fitted rows (double sums).
    const size_t n = m.fitted_rows;
    std::vector<double> sum(d, 0.0), sum2(d, 0.0), ps(axes.size(), 0.0), ps2(axes.size(), 0.0);
    for (size_t r = 0; r < n; ++r) {
        const float* v = table.row(r);
        for (size_t j = 0; j < d; ++j) {
            sum[j] += v[j];
            sum2[j] += double(v[j]) * v[j];
        }
        for (size_t c = 0; c < axes.size(); ++c) {
            double p = 0;
            for (size_t j = 0; j < d; ++j) p += double(v[j]) * m.basis[c * d + j];
            ps[c] += p;
            ps2[c] += p * p;
        }
    }
    double total = 0;
    for (size_t j = 0; j < d; ++j) total += (sum2[j] - sum[j] * sum[j] / double(n)) / double(n - 1 ? n - 1 : 1);
    for (size_t c = 0; c < axes.size(); ++c) {
        const double var = (ps2[c] - ps[c] * ps[c] / double(n)) / double(n - 1 ? n - 1 : 1);
        m.explained_variance.push_back(var);
        m.explained_variance_ratio.push_back(total > 0 ? var / total : 0.0);
    }
    return m;
}

void project_row_list(const PcaModel& model, const VectorTable& table, std::span<const uint32_t> rows, float* out) {
    if (model.dim != table.dim()) throw Error("projection of dimension " + std::to_string(model.dim) + " applied to a " + std::to_string(table.dim()) + "-d table");
    const size_t d = model.dim, k = model.components;
    for (size_t i = 0; i < rows.size(); ++i) {
        const float* v = table.row(rows[i]);
        for (size_t c = 0; c < k; ++c) {
            double p = 0;
            for (size_t j = 0; j < d; ++j) p += (double(v[j]) - model.mean[j]) * model.basis[c * d + j];
            out[i * k + c] = float(p);
        }
    }
}

} // namespace es
