// What the rotation does to attention: a vector turned for its position, the score q·k of a
// query at m and a key at n — a function of m − n only — and RoFormer's long-range decay
// (Su et al. 2021, §3.4.3 and Figure 2).
#pragma once
#include "analysis/rope_spectrum.h"

#include <cstdint>
#include <span>
#include <vector>

namespace es {

// `x` (head_dim floats) rotated for position `pos`: pair i turns by pos·θᵢ (θᵢ rounded to
// float32 first, as Hugging Face does), scaled by `attention_factor`.
std::vector<float> rope_rotate(std::span<const float> x, const std::vector<double>& inv_freq, RopePairing pairing,
                               double pos, double attention_factor = 1.0);

// rot(q, qpos) · rot(k, kpos).
double rope_score(std::span<const float> q, std::span<const float> k, const std::vector<double>& inv_freq,
                  RopePairing pairing, double qpos, double kpos);

// [Δ] for Δ = 0 … max_distance: the score of the query Δ tokens after the key.
std::vector<double> rope_relative_curve(std::span<const float> q, std::span<const float> k,
                                        const std::vector<double>& inv_freq, RopePairing pairing,
                                        int64_t max_distance);

// RoFormer's bound: (1/(d/2)) Σⱼ |Sⱼ|, Sⱼ = Σ_{k<j} e^{iΔθₖ}, for Δ = 0 … max_distance.
std::vector<double> rope_decay_bound(const std::vector<double>& inv_freq, int64_t max_distance);

// Mean over `samples` random Gaussian vectors v of rot(v, Δ)·rot(v, 0) / |v|² — how much a key
// still looks like its own query Δ tokens away. Seeded, so repeatable.
std::vector<double> rope_random_decay(const std::vector<double>& inv_freq, int64_t max_distance, int samples,
                                      uint64_t seed = 7);

// Mean over every query row and key row (rows × head_dim each, before RoPE) of their score
// placed Δ apart; by linearity, the curve of the mean query against the mean key.
std::vector<double> rope_mean_pair_decay(std::span<const float> queries, std::span<const float> keys, int64_t head_dim,
                                         const std::vector<double>& inv_freq, RopePairing pairing,
                                         int64_t max_distance);

} // namespace es
