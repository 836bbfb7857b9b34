#include "encoder/builtin_encoder.h"

#include "base/error.h"
#include "encoder/attention_step.h"
#include "vectors/vector_table.h"

#include <algorithm>
#include <cmath>

namespace es {

std::optional<PositionScheme> position_scheme_from_name(std::string_view name) {
    if (name == "none") return PositionScheme::None;
    if (name == "sinusoidal") return PositionScheme::Sinusoidal;
    if (name == "rope") return PositionScheme::Rope;
    return std::nullopt;
}

const char* position_scheme_name(PositionScheme p) {
    switch (p) {
    case PositionScheme::None: return "none";
    case PositionScheme::Sinusoidal: return "sinusoidal";
    case PositionScheme::Rope: return "rope";
    }
    return "?";
}

std::vector<float> sinusoidal_positions(int64_t positions, int64_t dim) {
    std::vector<float> pe(size_t(positions * dim));
    for (int64_t p = 0; p < positions; ++p)
        for (int64_t i = 0; i < dim; ++i) {
            const double angle = double(p) / std::pow(10000.0, double(i - i % 2) / double(dim));
            pe[size_t(p * dim + i)] = float(i % 2 == 0 ? std::sin(angle) : std::cos(angle));
        }
    return pe;
}

BuiltinEncoder::BuiltinEncoder(std::shared_ptr<const VectorTable> table, std::shared_ptr<ComputeBackend> backend,
                               BuiltinEncoderOptions options)
    : table_(std::move(table)), backend_(std::move(backend)), options_(options) {
    if (!table_) throw Error("builtin encoder: no word table");
    if (options_.layers < 0) throw Error("builtin encoder: the number of layers cannot be negative");
    if (options_.positions == PositionScheme::Rope && table_->dim() % 2 != 0)
        throw Error(table_->source() + ": RoPE needs an even vector dimension, not " + std::to_string(table_->dim()));
}

int64_t BuiltinEncoder::vocab_size() const { return int64_t(table_->rows()); }

std::string BuiltinEncoder::name() const {
    return "builtin (untrained): " + std::to_string(table_->rows()) + " × " + std::to_string(table_->dim()) +
           " word vectors, " + position_scheme_name(options_.positions) + " positions, " +
           std::to_string(options_.layers) + " identity-attention layer" + (options_.layers == 1 ? "" : "s");
}

EncoderOutput BuiltinEncoder::run(std::span<const int64_t> ids_in, const EncoderOptions& opt) {
    ComputeBackend& be = *backend_;
    EncoderOutput out;
    std::span<const int64_t> ids = ids_in;
    if (int64_t(ids.size()) > options_.max_positions) {
        out.warnings.push_back("input of " + std::to_string(ids.size()) + " tokens truncated to " +
                               std::to_string(options_.max_positions) + " positions");
        ids = ids.first(size_t(options_.max_positions));
    }
    const int64_t n = int64_t(ids.size()), d = table_->dim();
    for (size_t i = 0; i < ids.size(); ++i)
        if (ids[i] < -1 || ids[i] >= int64_t(table_->rows()))
            throw Error("builtin encoder: token id " + std::to_string(ids[i]) + " at position " + std::to_string(i) +
                        " is outside the table (0–" + std::to_string(table_->rows() - 1) + ")");
    out.tokens = n;
    out.hidden = d;
    out.heads = out.kv_heads = 1;
    out.head_dim = d;
    if (n == 0) {
        out.hidden_states.assign(size_t(options_.layers + 1), {});
        return out;
    }
    std::vector<float> x0(size_t(n * d), 0.0f);
    for (int64_t t = 0; t < n; ++t)
        if (ids[size_t(t)] >= 0) std::copy_n(table_->row(size_t(ids[size_t(t)])), d, x0.begin() + t * d);
    if (options_.positions == PositionScheme::Sinusoidal) {
        auto pe = sinusoidal_positions(n, d);
        for (size_t i = 0; i < x0.size(); ++i) x0[i] += pe[i];
    }
    auto x = be.from_host(n, d, x0.data());
    auto q = be.tensor(n, d), k = be.tensor(n, d), ctx = be.tensor(n, d), scores = be.tensor(n, n);
    const bool rotate = options_.positions == PositionScheme::Rope;
    DeviceRope rope;
    if (rotate) rope = device_rope(be, options_.rope_theta, d, RopeScaling{}, options_.max_positions, n);
    record(be, *x, out.hidden_states);
    const AttentionShape shape{n, 1, 1, d, float(1.0 / std::sqrt(double(d))), false};
    for (int layer = 0; layer < options_.layers; ++layer) {
        // Identity projections: queries and keys are the vectors themselves (rotated for RoPE).
        // Without RoPE nothing writes to them, so both are x itself.
        DeviceTensor* qs = x.get();
        DeviceTensor* ks = x.get();
        if (rotate) {
            be.copy(*x, *q);
            be.copy(*x, *k);
            qs = q.get();
            ks = k.get();
        }
        attend(be, *qs, *ks, *x, rotate ? &rope : nullptr, shape, opt, *scores, *ctx, out);
        be.add(*ctx, *x);
        record(be, *x, out.hidden_states);
    }
    return out;
}

} // namespace es
