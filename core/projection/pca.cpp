#include "projection/pca.h"

#include "base/assertion.h"
#include "base/error.h"
#include "vectors/vector_table.h"

#include <Eigen/Dense>
#include <algorithm>
#include <thread>

namespace es {

PcaModel fit_pca(const VectorTable& table, size_t components, size_t fit_rows) {
    const size_t n = fit_rows ? std::min(fit_rows, table.rows()) : table.rows();
    const size_t d = table.dim();
    if (n < 2) throw Error(table.source() + ": PCA needs at least 2 rows");
    if (components == 0 || components > d)
        throw Error("PCA: " + std::to_string(components) + " components asked of a " + std::to_string(d) + "-d table");

    using Rows = Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>, Eigen::Unaligned,
                            Eigen::OuterStride<>>;
    // Two passes over the rows, split between threads: the mean (summed in double), then the
    // covariance of the centred rows — float32 products over blocks of 2048 rows (single-precision
    // GEMM speed), the blocks summed in double so 341k rows lose no digits.
    const size_t block = 2048;
    const size_t blocks = (n + block - 1) / block;
    const unsigned threads = std::max(1u, std::min(std::thread::hardware_concurrency(), unsigned(blocks)));
    auto parallel = [&](auto&& fn) {
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(fn, t);
        fn(0u);
        for (auto& th : pool) th.join();
    };
    auto rows_of = [&](size_t b) {
        const size_t r0 = b * block, m = std::min(block, n - r0);
        return Rows(table.row(r0), Eigen::Index(m), Eigen::Index(d), Eigen::OuterStride<>(Eigen::Index(table.stride())));
    };
    std::vector<Eigen::VectorXd> sums(threads, Eigen::VectorXd::Zero(Eigen::Index(d)));
    parallel([&](unsigned t) {
        std::vector<float> acc(d);
        for (size_t b = t; b < blocks; b += threads) {
            // float within a block of 2048 rows (vectorised), double across blocks
            std::fill(acc.begin(), acc.end(), 0.0f);
            for (size_t r = b * block; r < std::min(n, (b + 1) * block); ++r) {
                const float* v = table.row(r);
                for (size_t j = 0; j < d; ++j) acc[j] += v[j];
            }
            for (size_t j = 0; j < d; ++j) sums[t][Eigen::Index(j)] += acc[j];
        }
    });
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(Eigen::Index(d));
    for (const auto& s : sums) mean += s;
    mean /= double(n);
    const Eigen::RowVectorXf mean_f = mean.transpose().cast<float>();
    std::vector<Eigen::MatrixXd> covs(threads, Eigen::MatrixXd::Zero(Eigen::Index(d), Eigen::Index(d)));
    parallel([&](unsigned t) {
        Eigen::MatrixXf xc, part{Eigen::Index(d), Eigen::Index(d)};
        for (size_t b = t; b < blocks; b += threads) {
            xc = rows_of(b);
            xc.rowwise() -= mean_f;
            part.setZero();
            part.selfadjointView<Eigen::Lower>().rankUpdate(xc.transpose());  // the lower half: half the products
            covs[t] += part.cast<double>();
        }
    });
    Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(Eigen::Index(d), Eigen::Index(d));
    for (const auto& c : covs) cov += c;
    cov = cov.selfadjointView<Eigen::Lower>();
    // Centring on the float32 mean leaves a rank-one bias n·δδᵀ, δ = mean_f − mean: removed exactly.
    const Eigen::VectorXd delta = mean_f.transpose().cast<double>() - mean;
    cov -= double(n) * delta * delta.transpose();
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

void project_vector(const PcaModel& model, const float* v, float* out) {
    ES_ASSERT(model.mean.size() == model.dim && model.basis.size() >= model.components * model.dim,
              "project_vector: the model's mean or basis does not match its dimension");
    for (size_t k = 0; k < model.components; ++k) {
        double c = 0;
        const float* b = model.basis.data() + k * model.dim;
        for (size_t j = 0; j < model.dim; ++j) c += double(v[j] - model.mean[j]) * b[j];
        out[k] = float(c);
    }
}

} // namespace es
