#include "analysis/rope_relative_position.h"

#include "base/error.h"

#include <cmath>
#include <complex>
#include <random>

namespace es {

std::vector<float> rope_rotate(std::span<const float> x, const std::vector<double>& inv_freq, RopePairing pairing,
                               double pos, double attention_factor) {
    const int64_t hd = int64_t(x.size());
    if (hd != 2 * int64_t(inv_freq.size())) throw Error("RoPE: a vector of " + std::to_string(hd) +
                                                         " values against " + std::to_string(inv_freq.size()) +
                                                         " frequencies");
    std::vector<float> out(x.size());
    for (int64_t i = 0; i < hd / 2; ++i) {
        const double angle = double(float(inv_freq[size_t(i)])) * pos;
        const double c = std::cos(angle) * attention_factor, s = std::sin(angle) * attention_factor;
        const auto [a, b] = rope_pair_dims(pairing, hd, i);
        out[size_t(a)] = float(x[size_t(a)] * c - x[size_t(b)] * s);
        out[size_t(b)] = float(x[size_t(b)] * c + x[size_t(a)] * s);
    }
    return out;
}

double rope_score(std::span<const float> q, std::span<const float> k, const std::vector<double>& inv_freq,
                  RopePairing pairing, double qpos, double kpos) {
    const auto rq = rope_rotate(q, inv_freq, pairing, qpos), rk = rope_rotate(k, inv_freq, pairing, kpos);
    double s = 0;
    for (size_t i = 0; i < rq.size(); ++i) s += double(rq[i]) * double(rk[i]);
    return s;
}

std::vector<double> rope_relative_curve(std::span<const float> q, std::span<const float> k,
                                        const std::vector<double>& inv_freq, RopePairing pairing,
                                        int64_t max_distance) {
    std::vector<double> out;
    for (int64_t d = 0; d <= max_distance; ++d) out.push_back(rope_score(q, k, inv_freq, pairing, double(d), 0.0));
    return out;
}

std::vector<double> rope_decay_bound(const std::vector<double>& inv_freq, int64_t max_distance) {
    std::vector<double> out;
    const size_t half = inv_freq.size();
    for (int64_t d = 0; d <= max_distance; ++d) {
        std::complex<double> partial = 0;
        double sum = 0;
        for (size_t j = 0; j < half; ++j) {
            partial += std::polar(1.0, double(d) * inv_freq[j]);
            sum += std::abs(partial);
        }
        out.push_back(half ? sum / double(half) : 0.0);
    }
    return out;
}

std::vector<double> rope_random_decay(const std::vector<double>& inv_freq, int64_t max_distance, int samples,
                                      uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal;
    const size_t hd = inv_freq.size() * 2;
    std::vector<double> out(size_t(max_distance + 1), 0.0);
    std::vector<float> v(hd);
    for (int s = 0; s < samples; ++s) {
        double norm2 = 0;
        for (float& x : v) {
            x = normal(rng);
            norm2 += double(x) * x;
        }
        const auto curve = rope_relative_curve(v, v, inv_freq, RopePairing::RotateHalf, max_distance);
        for (size_t d = 0; d < out.size(); ++d) out[d] += curve[d] / norm2 / double(samples);
    }
    return out;
}

std::vector<double> rope_mean_pair_decay(std::span<const float> queries, std::span<const float> keys, int64_t head_dim,
                                         const std::vector<double>& inv_freq, RopePairing pairing,
                                         int64_t max_distance) {
    if (head_dim <= 0 || queries.size() % size_t(head_dim) || keys.size() % size_t(head_dim) || queries.empty() ||
        keys.empty())
        throw Error("RoPE decay: queries and keys must be non-empty rows of head_dim values");
    auto mean = [&](std::span<const float> rows) {
        const size_t n = rows.size() / size_t(head_dim);
        std::vector<float> m(size_t(head_dim), 0.0f);
        for (size_t r = 0; r < n; ++r)
            for (int64_t i = 0; i < head_dim; ++i) m[size_t(i)] += rows[r * size_t(head_dim) + size_t(i)] / float(n);
        return m;
    };
    const auto q = mean(queries), k = mean(keys);
    return rope_relative_curve(q, k, inv_freq, pairing, max_distance);
}

} // namespace es
