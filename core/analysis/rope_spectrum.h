// RoPE as a class sees it: which dimensions turn together (the pairing), and how fast each pair
// turns — θᵢ and the wavelength 2π/θᵢ in tokens — for a rope_theta and a rope_scaling.
#pragma once
#include "encoder/model_config.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace es {

// Hugging Face models pair dimension i with i + d/2 (rotate-half); RoFormer's paper pairs
// 2i with 2i + 1 (interleaved).
enum class RopePairing { RotateHalf, Interleaved };
const char* rope_pairing_name(RopePairing p);  // "rotate-half (i, i + d/2)", "interleaved (2i, 2i+1)"
// The two dimensions of pair `i` (0 ≤ i < head_dim / 2): the first is the pair's x axis.
std::pair<int64_t, int64_t> rope_pair_dims(RopePairing p, int64_t head_dim, int64_t i);

struct RopeSpectrum {
    double theta = 10000.0;
    int64_t head_dim = 0;
    RopeScaling scaling;
    std::vector<double> inv_freq;    // θᵢ, radians per token, per pair
    std::vector<double> wavelength;  // 2π/θᵢ, tokens per turn
    double attention_factor = 1.0;   // yarn's scale of cos and sin
};

// Through core/rope.h's rope_inv_freq, so the picture is what the encoder computes.
RopeSpectrum rope_spectrum(double theta, int64_t head_dim, const RopeScaling& scaling = {},
                           int64_t max_positions = 2048, int64_t seq_len = 0);

} // namespace es
