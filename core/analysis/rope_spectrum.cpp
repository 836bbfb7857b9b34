#include "analysis/rope_spectrum.h"

#include "base/error.h"
#include "encoder/rope.h"

#include <numbers>

namespace es {

const char* rope_pairing_name(RopePairing p) {
    return p == RopePairing::RotateHalf ? "rotate-half (i, i + d/2)" : "interleaved (2i, 2i+1)";
}

std::pair<int64_t, int64_t> rope_pair_dims(RopePairing p, int64_t head_dim, int64_t i) {
    if (p == RopePairing::RotateHalf) return {i, i + head_dim / 2};
    return {2 * i, 2 * i + 1};
}

RopeSpectrum rope_spectrum(double theta, int64_t head_dim, const RopeScaling& scaling, int64_t max_positions,
                           int64_t seq_len) {
    if (head_dim < 2 || head_dim % 2 != 0) throw Error("RoPE: head_dim must be even and at least 2, not " +
                                                       std::to_string(head_dim));
    if (!(theta > 1.0)) throw Error("RoPE: rope_theta must be greater than 1");
    RopeSpectrum s;
    s.theta = theta;
    s.head_dim = head_dim;
    s.scaling = scaling;
    s.inv_freq = rope_inv_freq(theta, head_dim, scaling, max_positions, seq_len, &s.attention_factor);
    for (double f : s.inv_freq) s.wavelength.push_back(2.0 * std::numbers::pi / f);
    return s;
}

} // namespace es
