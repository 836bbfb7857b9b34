#include "encoder/rope.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace es {

std::vector<double> rope_inv_freq(double theta, int64_t dim, const RopeScaling& s, int64_t max_positions,
                                  int64_t seq_len, double* attention_factor) {
    const int64_t half = dim / 2;
    double base = theta;
    if (s.type == "dynamic") {
        double len = double(std::max(seq_len, max_positions));
        base = theta * std::pow(s.factor * len / double(max_positions) - (s.factor - 1.0), double(dim) / double(dim - 2));
    }
    std::vector<double> inv(half);
    for (int64_t i = 0; i < half; ++i) inv[i] = 1.0 / std::pow(base, double(2 * i) / double(dim));
    double att = 1.0;
    if (s.type == "linear") {
        for (double& f : inv) f /= s.factor;
    } else if (s.type == "llama3") {
        const double old_len = double(s.original_max_positions);
        const double low_wavelen = old_len / s.low_freq_factor, high_wavelen = old_len / s.high_freq_factor;
        for (double& f : inv) {
            const double wavelen = 2.0 * std::numbers::pi / f;
            if (wavelen > low_wavelen) {
                f = f / s.factor;
            } else if (wavelen >= high_wavelen) {  // medium band: interpolate smoothly
                double smooth = (old_len / wavelen - s.low_freq_factor) / (s.high_freq_factor - s.low_freq_factor);
                f = (1.0 - smooth) * f / s.factor + smooth * f;
            }
        }
    } else if (s.type == "yarn") {
        const double orig = double(s.original_max_positions);
        att = s.attention_factor > 0 ? s.attention_factor : (s.factor <= 1 ? 1.0 : 0.1 * std::log(s.factor) + 1.0);
        auto correction_dim = [&](double rotations) {
            return double(dim) * std::log(orig / (rotations * 2.0 * std::numbers::pi)) / (2.0 * std::log(theta));
        };
        double low = std::max(std::floor(correction_dim(s.beta_fast)), 0.0);
        double high = std::min(std::ceil(correction_dim(s.beta_slow)), double(dim - 1));
        if (low == high) high += 0.001;
        for (int64_t i = 0; i < half; ++i) {
            const double ramp = std::clamp((double(i) - low) / (high - low), 0.0, 1.0);
            const double extrapolation = 1.0 - ramp;
            const double pos_freq = std::pow(theta, double(2 * i) / double(dim));
            inv[i] = (1.0 / (s.factor * pos_freq)) * (1.0 - extrapolation) + (1.0 / pos_freq) * extrapolation;
        }
    }
    if (attention_factor) *attention_factor = att;
    return inv;
}

RopeTable rope_table(double theta, int64_t head_dim, const RopeScaling& scaling, int64_t max_positions,
                     int64_t positions) {
    double att = 1.0;
    auto inv = rope_inv_freq(theta, head_dim, scaling, max_positions, positions, &att);
    RopeTable t;
    t.positions = positions;
    t.half = head_dim / 2;
    t.cos.resize(size_t(positions * t.half));
    t.sin.resize(t.cos.size());
    for (int64_t p = 0; p < positions; ++p)
        for (int64_t i = 0; i < t.half; ++i) {
            // Hugging Face rounds inv_freq to float32 before multiplying by the position.
            const double angle = double(float(inv[i])) * double(p);
            t.cos[size_t(p * t.half + i)] = float(std::cos(angle) * att);
            t.sin[size_t(p * t.half + i)] = float(std::sin(angle) * att);
        }
    return t;
}

} // namespace es
