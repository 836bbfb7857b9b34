#include "encoder/positional_encodings.h"

#include "base/error.h"
#include "encoder/builtin_encoder.h"
#include "encoder/model_config.h"
#include "encoder/safetensors_file.h"

#include <Eigen/Dense>

#include <cmath>
#include <filesystem>

namespace es {

PositionTable sinusoidal_table(int64_t positions, int64_t dim) {
    if (positions < 0 || dim <= 0) throw Error("sinusoidal positions: need positions >= 0 and dim > 0");
    PositionTable t;
    t.positions = positions;
    t.dim = dim;
    t.values = sinusoidal_positions(positions, dim);
    t.source = "sinusoidal";
    return t;
}

std::vector<float> position_similarity(const PositionTable& table, bool cosine) {
    const int64_t n = table.positions, d = table.dim;
    Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> x(table.values.data(), n, d);
    Eigen::MatrixXd xd = x.cast<double>();
    if (cosine)
        for (int64_t i = 0; i < n; ++i) {
            const double norm = xd.row(i).norm();
            if (norm > 0) xd.row(i) /= norm;
        }
    const Eigen::MatrixXd g = xd * xd.transpose();
    std::vector<float> out(size_t(n * n));
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < n; ++j) out[size_t(i * n + j)] = float(g(i, j));
    return out;
}

PositionPath position_pca_path(const PositionTable& table, int64_t components) {
    const int64_t n = table.positions, d = table.dim;
    PositionPath p;
    p.positions = n;
    p.components = std::min(components, d);
    if (n == 0) return p;
    Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> x(table.values.data(), n, d);
    Eigen::MatrixXd c = x.cast<double>();
    c.rowwise() -= c.colwise().mean();
    const Eigen::MatrixXd cov = (c.transpose() * c) / double(std::max<int64_t>(n - 1, 1));
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    const double total = std::max(cov.trace(), 1e-300);
    p.coords.assign(size_t(n * p.components), 0.0f);
    for (int64_t k = 0; k < p.components; ++k) {
        const int64_t col = d - 1 - k;  // eigenvalues ascend
        Eigen::VectorXd v = eig.eigenvectors().col(col);
        Eigen::Index arg = 0;
        v.cwiseAbs().maxCoeff(&arg);
        if (v(arg) < 0) v = -v;
        p.explained_ratio.push_back(std::max(eig.eigenvalues()(col), 0.0) / total);
        const Eigen::VectorXd s = c * v;
        for (int64_t i = 0; i < n; ++i) p.coords[size_t(i * p.components + k)] = float(s(i));
    }
    return p;
}

std::optional<PositionTable> learned_positions(const std::string& dir) {
    const ModelConfig cfg = read_model_config((std::filesystem::path(dir) / "config.json").string());
    if (cfg.uses_rope()) return std::nullopt;
    SafetensorsModel weights(dir);
    const char* names[] = {"wpe.weight", "transformer.wpe.weight", "embeddings.position_embeddings.weight",
                           "bert.embeddings.position_embeddings.weight"};
    for (const char* name : names) {
        if (!weights.has(name)) continue;
        PositionTable t;
        t.positions = cfg.max_positions;
        t.dim = cfg.hidden;
        t.values = weights.load(name, {cfg.max_positions, cfg.hidden});
        t.source = name;
        return t;
    }
    throw Error(dir + ": no position embedding tensor (wpe.weight or embeddings.position_embeddings.weight)");
}

} // namespace es
