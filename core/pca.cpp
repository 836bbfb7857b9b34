#include "pca.h"
#include "error.h"
#include "vector_table.h"

#include <Eigen/Dense>
#include <algorithm>

namespace es {

PcaModel fit_pca(const VectorTable& table, size_t components, size_t fit_rows) {
    const size_t n = fit_rows ? std::min(fit_rows, table.rows()) : table.rows();
    const size_t d = table.dim();
    if (n < 2) throw Error(table.source() + ": PCA needs at least 2 rows");
    if (components == 0 || components > d)
        throw Error("PCA: " + std::to_string(components) + " components asked of a " + std::to_string(d) + "-d table");

    Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>, Eigen::Unaligned,
               Eigen::OuterStride<>>
        x(table.data(), Eigen::Index(n), Eigen::Index(d), Eigen::OuterStride<>(Eigen::Index(table.stride())));
    // Mean and covariance in double: the sums over 341k rows lose digits in float.
    Eigen::VectorXd mean = x.cast<double>().colwise().sum().transpose() / double(n);
    Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(Eigen::Index(d), Eigen::Index(d));
    const size_t block = 8192;
    for (size_t b = 0; b < n; b += block) {
        const Eigen::Index m = Eigen::Index(std::min(block, n - b));
        Eigen::MatrixXd xc = x.middleRows(Eigen::Index(b), m).cast<double>();
        xc.rowwise() -= mean.transpose();
        cov.selfadjointView<Eigen::Lower>().rankUpdate(xc.transpose());
    }
    cov = cov.selfadjointView<Eigen::Lower>();
    cov /= double(n - 1);

    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    if (eig.info() != Eigen::Success) throw Error(table.source() + ": PCA did not converge");
    const double total = cov.trace();

    PcaModel m;
    m.dim = d;
    m.components = components;
    m.fitted_rows = n;
    m.mean.assign(mean.data(), mean.data() + d);
    m.basis.resize(components * d);
    for (size_t c = 0; c < components; ++c) {
        const Eigen::Index col = Eigen::Index(d - 1 - c);  // eigenvalues ascend
        Eigen::VectorXd v = eig.eigenvectors().col(col);
        Eigen::Index big = 0;
        v.cwiseAbs().maxCoeff(&big);
        if (v[big] < 0) v = -v;
        for (size_t j = 0; j < d; ++j) m.basis[c * d + j] = float(v[Eigen::Index(j)]);
        const double var = std::max(0.0, eig.eigenvalues()[col]);
        m.explained_variance.push_back(var);
        m.explained_variance_ratio.push_back(total > 0 ? var / total : 0.0);
    }
    return m;
}

void project_rows(const PcaModel& model, const VectorTable& table, size_t rows, float* out) {
    if (model.dim != table.dim()) throw Error("PCA model of dimension " + std::to_string(model.dim) + " applied to a " + std::to_string(table.dim()) + "-d table");
    rows = std::min(rows, table.rows());
    const Eigen::Index d = Eigen::Index(model.dim), k = Eigen::Index(model.components);
    Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>, Eigen::Unaligned,
               Eigen::OuterStride<>>
        x(table.data(), Eigen::Index(rows), d, Eigen::OuterStride<>(Eigen::Index(table.stride())));
    Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> basis(model.basis.data(), k, d);
    Eigen::Map<const Eigen::RowVectorXf> mean(model.mean.data(), d);
    Eigen::Map<Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> y(out, Eigen::Index(rows), k);
    const Eigen::RowVectorXf offset = mean * basis.transpose();
    y.noalias() = x * basis.transpose();
    y.rowwise() -= offset;
}

} // namespace es
