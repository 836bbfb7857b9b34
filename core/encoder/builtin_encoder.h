// The built-in demonstration encoder: untrained, nothing downloaded. Token vectors come from a
// word table (the default GloVe one), positions are added (sinusoidal) or rotate queries and
// keys (RoPE), and each layer is single-head self-attention with identity projections —
// softmax(x·xᵀ / √d)·x added back to x — so attention maps and a word's shift with its
// context show with no trained weights.
#pragma once
#include "encoder/encoder.h"

#include <memory>
#include <optional>
#include <string_view>

namespace es {

class VectorTable;

enum class PositionScheme { None, Sinusoidal, Rope };
std::optional<PositionScheme> position_scheme_from_name(std::string_view name);  // none, sinusoidal, rope
const char* position_scheme_name(PositionScheme p);

struct BuiltinEncoderOptions {
    PositionScheme positions = PositionScheme::Sinusoidal;
    int layers = 2;
    int64_t max_positions = 512;
    double rope_theta = 10000.0;
};

class BuiltinEncoder final : public Encoder {
public:
    BuiltinEncoder(std::shared_ptr<const VectorTable> table, std::shared_ptr<ComputeBackend> backend,
                   BuiltinEncoderOptions options = {});
    std::string name() const override;
    bool trained() const override { return false; }
    int64_t max_positions() const override { return options_.max_positions; }
    int64_t vocab_size() const override;
    ComputeBackend& backend() override { return *backend_; }
    // ids are rows of the table; −1 (a word the table lacks) enters as a zero vector.
    EncoderOutput run(std::span<const int64_t> ids, const EncoderOptions& options = {}) override;

private:
    std::shared_ptr<const VectorTable> table_;
    std::shared_ptr<ComputeBackend> backend_;
    BuiltinEncoderOptions options_;
};

// Vaswani et al.'s sinusoidal encoding of position p: sin(p / 10000^(2i/d)) at 2i, cos at 2i+1.
std::vector<float> sinusoidal_positions(int64_t positions, int64_t dim);

} // namespace es
