#include "search/cosine_search.h"
#include "base/error.h"
#include "vectors/quantized_rows.h"
#include "vectors/vector_table.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>
#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace es {
namespace {

constexpr size_t kChunkBlocks = 512;  // 4096 rows: ~400 KB of int8 for 100-d, stays in L2
constexpr size_t kGroup = 8;          // queries per kernel call

struct QueryState {
    const CosineQuery* query = nullptr;
    std::vector<double> unit;
    QuantizedQuery qq;
    bool zero = false;
    bool skip_zero_rows = false;  // rows of norm 0 (scale 0) never enter the heap
    float delta = 0;       // |approx − true| ≤ delta for every row
    size_t keep = 0;       // k + excluded rows
    std::vector<float> top;  // min-heap of the best `keep` approximate scores
    std::vector<std::pair<float, uint32_t>> cand;

    float cutoff() const {
        return top.size() < keep ? -std::numeric_limits<float>::infinity() : top.front() - 2 * delta;
    }
    void offer(float a, uint32_t row) {
        if (a < cutoff()) return;
        cand.push_back({a, row});
        if (top.size() < keep) {
            top.push_back(a);
            std::push_heap(top.begin(), top.end(), std::greater<>());
        } else if (a > top.front()) {
            std::pop_heap(top.begin(), top.end(), std::greater<>());
            top.back() = a;
            std::push_heap(top.begin(), top.end(), std::greater<>());
        }
        if (cand.size() > 4 * keep + 256) prune();
    }
    void prune() {
        const float c = cutoff();
        std::erase_if(cand, [c](const auto& p) { return p.first < c; });
    }
};

// Offers rows [row0, row0 + n) (n a multiple of 8, rows ≥ limit ignored) whose integer dots are `dots`.
void scan(QueryState& s, const int32_t* dots, const float* scales, size_t row0, size_t n, size_t limit) {
    const float t = s.qq.scale;
    size_t i = 0;
#if defined(__AVX2__)
    for (; i + 8 <= n; i += 8) {
        const float c = s.cutoff() / t;  // a ≥ cutoff ⟺ dot·scale ≥ cutoff / t (t > 0)
        const __m256 v = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(dots + i))),
                                       _mm256_loadu_ps(scales + i));
        int mask = _mm256_movemask_ps(_mm256_cmp_ps(v, _mm256_set1_ps(c), _CMP_GE_OQ));
        while (mask) {
            const int l = __builtin_ctz(unsigned(mask));
            mask &= mask - 1;
            const size_t r = row0 + i + size_t(l);
            const float sc = scales[i + size_t(l)];
            if (r < limit && !(s.skip_zero_rows && sc == 0)) s.offer(float(dots[i + size_t(l)]) * sc * t, uint32_t(r));
        }
    }
#endif
    for (; i < n; ++i) {
        const size_t r = row0 + i;
        if (r < limit && !(s.skip_zero_rows && scales[i] == 0)) s.offer(float(dots[i]) * scales[i] * t, uint32_t(r));
    }
}

// Runs the states over blocks [b0, b1).
void run_blocks(const QuantizedRows& qr, std::span<QueryState*> states, size_t b0, size_t b1, size_t limit) {
    std::vector<int32_t> dots(kGroup * kChunkBlocks * 8);
    std::vector<const QuantizedQuery*> qs;
    std::vector<QueryState*> live;
    for (size_t c0 = b0; c0 < b1; c0 += kChunkBlocks) {
        const size_t c1 = std::min(b1, c0 + kChunkBlocks);
        const size_t n = (c1 - c0) * 8;
        for (size_t g = 0; g < states.size(); g += kGroup) {
            qs.clear();
            live.clear();
            for (size_t i = g; i < std::min(states.size(), g + kGroup); ++i)
                if (!states[i]->zero) {
                    qs.push_back(&states[i]->qq);
                    live.push_back(states[i]);
                }
            if (qs.empty()) continue;
            quantized_dots(qr, qs.data(), qs.size(), c0, c1, dots.data());
            for (size_t i = 0; i < live.size(); ++i) scan(*live[i], dots.data() + i * n, qr.scale.data() + c0 * 8, c0 * 8, n, limit);
        }
    }
}

} // namespace

std::vector<std::vector<Neighbour>> cosine_top_k(const VectorTable& table, std::span<const CosineQuery> queries,
                                                size_t k, size_t restrict_rows, bool skip_zero_rows,
                                                CosineSearchStats* stats) {
    const uint32_t dim = table.dim();
    const size_t limit = restrict_rows ? std::min(restrict_rows, table.rows()) : table.rows();
    std::vector<std::vector<Neighbour>> results(queries.size());
    if (k == 0 || limit == 0 || queries.empty()) return results;
    const QuantizedRows& qr = table.quantized();

    std::vector<QueryState> states(queries.size());
    for (size_t i = 0; i < queries.size(); ++i) {
        QueryState& s = states[i];
        s.query = &queries[i];
        if (queries[i].vector.size() != dim)
            throw Error("query has " + std::to_string(queries[i].vector.size()) + " values, the table " + std::to_string(dim));
        double n2 = 0;
        for (float v : queries[i].vector) n2 += double(v) * v;
        s.zero = !(n2 > 0) || !std::isfinite(n2);
        s.unit.resize(dim);
        std::vector<float> unit_f(dim);
        for (uint32_t j = 0; j < dim; ++j) {
            s.unit[j] = s.zero ? 0.0 : queries[i].vector[j] / std::sqrt(n2);
            unit_f[j] = float(s.unit[j]);
        }
        s.qq = quantize_query(unit_f, qr.groups);
        // The float rounding of unit_f (≤ 1e-7) and of the approximate scores is inside the slack.
        s.delta = qr.max_err + (1 + qr.max_err) * s.qq.err + 1e-5f;
        s.keep = k + queries[i].exclude.size();
        s.skip_zero_rows = skip_zero_rows;
        s.zero = s.zero || s.qq.scale == 0;
    }

    const size_t blocks = (limit + 7) / 8;
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    const unsigned threads = unsigned(std::min<size_t>(hw, std::max<size_t>(1, blocks / 2048)));
    if (queries.size() >= threads * kGroup || threads == 1) {
        // Many queries: each thread owns a share of them and reads the whole table once.
        std::vector<std::vector<QueryState*>> share(threads);
        for (size_t i = 0; i < states.size(); ++i) share[(i / kGroup) % threads].push_back(&states[i]);
        auto work = [&](unsigned t) { run_blocks(qr, share[t], 0, blocks, limit); };
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
        work(0);
        for (auto& th : pool) th.join();
    } else {
        // Few queries: the threads split the rows, each with its own copy of the states.
        std::vector<std::vector<QueryState>> copies(threads, states);
        auto work = [&](unsigned t) {
            std::vector<QueryState*> ptrs;
            for (auto& s : copies[t]) ptrs.push_back(&s);
            run_blocks(qr, ptrs, blocks * t / threads, blocks * (t + 1) / threads, limit);
        };
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
        work(0);
        for (auto& th : pool) th.join();
        for (size_t i = 0; i < states.size(); ++i) {
            // The union's best `keep` approximate scores give the global cutoff.
            std::vector<float> all;
            for (auto& c : copies) {
                all.insert(all.end(), c[i].top.begin(), c[i].top.end());
                states[i].cand.insert(states[i].cand.end(), c[i].cand.begin(), c[i].cand.end());
            }
            std::sort(all.begin(), all.end(), std::greater<>());
            if (all.size() > states[i].keep) all.resize(states[i].keep);
            std::make_heap(all.begin(), all.end(), std::greater<>());
            states[i].top = std::move(all);
        }
    }

    const float* norms = table.norms();
    for (size_t i = 0; i < states.size(); ++i) {
        QueryState& s = states[i];
        std::vector<Neighbour> out;
        auto excluded = [&](uint32_t r) {
            return std::find(s.query->exclude.begin(), s.query->exclude.end(), r) != s.query->exclude.end() ||
                   (skip_zero_rows && !(norms[r] > 0));
        };
        if (s.zero) {
            // Every cosine is 0: the first rows win the ties.
            for (uint32_t r = 0; r < limit && out.size() < k; ++r)
                if (!excluded(r)) out.push_back({r, 0.0f});
            results[i] = std::move(out);
            continue;
        }
        s.prune();
        if (stats) stats->candidates += s.cand.size();
        for (const auto& [a, r] : s.cand) {
            if (excluded(r)) continue;
            const float* v = table.row(r);
            double d = 0;
            for (uint32_t j = 0; j < dim; ++j) d += double(v[j]) * s.unit[j];
            out.push_back({r, norms[r] > 0 ? float(d / double(norms[r])) : 0.0f});
        }
        std::sort(out.begin(), out.end(), [](const Neighbour& a, const Neighbour& b) {
            return a.score != b.score ? a.score > b.score : a.row < b.row;
        });
        if (out.size() > k) out.resize(k);
        results[i] = std::move(out);
    }
    return results;
}

} // namespace es
