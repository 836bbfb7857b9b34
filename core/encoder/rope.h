// Rotary position embedding (RoPE) as Hugging Face computes it: inverse frequencies from
// rope_theta with the rope_scaling variants (linear, dynamic NTK, llama3, yarn), applied with
// the rotate-half pairing — dimension i turns with dimension i + d/2 (not RoFormer's
// interleaved pairs 2i, 2i+1).
#pragma once
#include "encoder/model_config.h"

#include <cstdint>
#include <vector>

namespace es {

struct RopeTable {
    int64_t positions = 0;
    int64_t half = 0;        // head_dim / 2: pairs (i, i + half)
    std::vector<float> cos;  // [positions][half], the yarn attention factor folded in
    std::vector<float> sin;
};

// Inverse frequencies (head_dim / 2 of them) for a sequence of `seq_len` tokens (dynamic
// scaling depends on it); `attention_factor` receives yarn's scale of cos and sin (else 1).
std::vector<double> rope_inv_freq(double theta, int64_t head_dim, const RopeScaling& scaling, int64_t max_positions,
                                  int64_t seq_len, double* attention_factor);

RopeTable rope_table(double theta, int64_t head_dim, const RopeScaling& scaling, int64_t max_positions,
                     int64_t positions);

} // namespace es
