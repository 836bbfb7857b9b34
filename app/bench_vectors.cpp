// embedscope bench vectors [--vectors PATH] [--questions FILE] [--queries N=200] [--smoke] [--json]
// On the default table: one top-10 cosine query (median), the whole Google analogy evaluation,
// PCA of the whole table (fit + projection of every row); each with the bytes it reads and the
// arithmetic it does per second, next to a plain memcpy of the table's float32 size and this
// machine's measured peak (FMA and int8 dot-product loops on every core). The peers run in the
// same session from tests/bench/vectors_bench.py.
#include "cli.h"

#include "base/data_paths.h"
#include "projection/pca.h"
#include "search/cosine_search.h"
#include "search/neighbours.h"
#include "search/word_evaluation.h"
#include "vectors/quantized_rows.h"
#include "vectors/vector_table.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>
#include <vector>
#if defined(__AVX2__) || defined(__AVXVNNI__)
#include <immintrin.h>
#endif

namespace es::cli {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

double vm_hwm_mib() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

// Runs `fn` on every core at once; returns the best total rate of `ops_per_call` per second.
template <class F>
double on_all_cores(F fn, double ops_per_call) {
    const unsigned n = std::max(1u, std::thread::hardware_concurrency());
    double best = 0;
    for (int rep = 0; rep < 3; ++rep) {
        const auto t0 = Clock::now();
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < n; ++t) pool.emplace_back(fn);
        for (auto& th : pool) th.join();
        best = std::max(best, ops_per_call * n / since(t0));
    }
    return best;
}

constexpr long kPeakIters = 20'000'000;

// 10 independent FMA chains of 8 floats: the float32 peak of one core.
void fma_loop() {
#if defined(__AVX2__) && defined(__FMA__)
    __m256 acc[10];
    for (int i = 0; i < 10; ++i) acc[i] = _mm256_set1_ps(float(i));
    const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
    for (long it = 0; it < kPeakIters; ++it)
        for (int i = 0; i < 10; ++i) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
    float sink = 0;
    for (int i = 0; i < 10; ++i) sink += _mm256_cvtss_f32(acc[i]);
    asm volatile("" : : "r"(sink));
#endif
}

// 10 independent vpdpbusd chains (8 lanes × 4 byte products): the int8 peak of one core.
void vnni_loop() {
#if defined(__AVXVNNI__)
    __m256i acc[10];
    for (int i = 0; i < 10; ++i) acc[i] = _mm256_set1_epi32(i);
    const __m256i a = _mm256_set1_epi8(3), b = _mm256_set1_epi8(-2);
    for (long it = 0; it < kPeakIters; ++it)
        for (int i = 0; i < 10; ++i) acc[i] = _mm256_dpbusd_avx_epi32(acc[i], a, b);
    unsigned sink = 0;  // the lanes wrap around by design: summed unsigned, where wrapping is defined
    for (int i = 0; i < 10; ++i) sink += unsigned(_mm256_cvtsi256_si32(acc[i]));
    asm volatile("" : : "r"(sink));
#endif
}

} // namespace

int bench_vectors(Args& args) {
    const bool json = args.flag("--json");
    const bool smoke = args.flag("--smoke");
    const long long nq = args.integer("--queries", smoke ? 5 : 200, 1, 100000);
    auto questions_option = args.option("--questions");
    const std::string questions = questions_option ? *questions_option
                                  : smoke             ? std::string()  // the smoke asks no analogies
                                                      : bench_eval_dir() + "/questions-words.txt";
    auto table = open_table(args);
    args.positionals();
    const size_t rows = table->rows();
    const uint32_t dim = table->dim();
    const double f32_bytes = double(rows) * dim * 4;
    nlohmann::json out{{"table", table->source()}, {"rows", rows}, {"dim", dim}, {"threads", std::thread::hardware_concurrency()},
                       {"table_f32_bytes", f32_bytes}};

    // The int8 copy: from the file's sections, or built once here.
    auto t0 = Clock::now();
    const QuantizedRows& qr = table->quantized();
    out["int8_copy"] = {{"stored_in_file", qr.own_blocks.empty()}, {"seconds", since(t0)}, {"bytes", qr.blocks.size()}};

    // One top-10 cosine query, for words spread over the vocabulary.
    {
        std::vector<double> times;
        CosineSearchStats stats;
        for (long long i = 0; i < nq; ++i) {
            const uint32_t r = uint32_t((uint64_t(i) * 7919 * 13) % std::min<size_t>(rows, 50000));
            const CosineQuery q{{table->row(r), dim}, {&r, 1}};
            t0 = Clock::now();
            const auto hits = cosine_top_k(*table, {&q, 1}, 10, 0, false, &stats);
            times.push_back(since(t0));
        }
        const double t = median(times);
        const double bytes = double(qr.blocks.size()) + double(rows) * 8 + double(stats.candidates) / double(nq) * table->stride() * 4;
        out["query_top10_cosine"] = {{"queries", nq},
                                     {"median_ms", t * 1e3},
                                     {"bytes_read", bytes},
                                     {"gb_per_s", bytes / t / 1e9},
                                     {"int8_gops", 2.0 * double(rows) * dim / t / 1e9},
                                     {"candidates_reranked", double(stats.candidates) / double(nq)}};
        // The float32 scan the int8 one replaces (dot metric: same bytes as gensim reads).
        times.clear();
        for (long long i = 0; i < std::min(nq, 20LL); ++i) {
            const uint32_t r = uint32_t(i * 101);
            t0 = Clock::now();
            nearest(*table, {table->row(r), dim}, 10, Metric::Dot, 0, {&r, 1});
            times.push_back(since(t0));
        }
        const double tf = median(times);
        out["query_top10_float32_dot"] = {{"median_ms", tf * 1e3}, {"gb_per_s", double(rows) * table->stride() * 4 / tf / 1e9}};
    }

    // The Google analogy set, restrict 300,000.
    if (!smoke) {
        t0 = Clock::now();
        const AnalogyEvaluation ev = evaluate_analogies(*table, questions, 300000);
        const double t = since(t0);
        const double asked = double(ev.correct + ev.incorrect), limit = double(std::min<size_t>(rows, 300000));
        out["eval_analogies"] = {{"seconds", t},
                                 {"questions", asked},
                                 {"accuracy", ev.accuracy},
                                 {"int8_gops", 2.0 * asked * limit * dim / t / 1e9},
                                 {"candidates_reranked_per_question", double(ev.candidates) / std::max(1.0, asked)}};
    }
    out["vmhwm_mib_after_queries"] = vm_hwm_mib();

    // PCA: fit on every row, project every row.
    {
        std::vector<double> fit_t, all_t;
        std::vector<float> coords(rows * 2);
        PcaModel m;
        for (int rep = 0; rep < (smoke ? 1 : 5); ++rep) {
            t0 = Clock::now();
            m = fit_pca(*table, 2);
            fit_t.push_back(since(t0));
            project_rows(m, *table, rows, coords.data());
            all_t.push_back(since(t0));
        }
        const double t = median(all_t);
        const double flops = 2.0 * double(rows) * dim * dim / 2 + 2.0 * double(rows) * dim * 2;  // covariance (symmetric) + projection
        out["pca"] = {{"fit_seconds", median(fit_t)},
                      {"fit_and_project_seconds", t},
                      {"bytes_read", 2 * f32_bytes},
                      {"gb_per_s", 2 * f32_bytes / t / 1e9},
                      {"gflops", flops / t / 1e9},
                      {"explained_variance_ratio", m.explained_variance_ratio}};
    }

    // A plain copy of the table's float32 size, and the arithmetic peaks.
    {
        std::vector<char> src(size_t(f32_bytes), 1), dst(size_t(f32_bytes), 0);
        double best = 1e9;
        for (int rep = 0; rep < (smoke ? 1 : 5); ++rep) {
            t0 = Clock::now();
            std::memcpy(dst.data(), src.data(), src.size());
            best = std::min(best, since(t0));
        }
        asm volatile("" : : "r"(dst.data()) : "memory");
        out["memcpy"] = {{"bytes", f32_bytes}, {"seconds", best}, {"gb_per_s", f32_bytes / best / 1e9}};
        out["peak"] = {{"fp32_gflops", on_all_cores(fma_loop, 10.0 * 8 * 2 * kPeakIters) / 1e9},
                       {"int8_gops", on_all_cores(vnni_loop, 10.0 * 32 * 2 * kPeakIters) / 1e9}};
    }

    if (json) {
        std::printf("%s\n", out.dump().c_str());
    } else {
        std::printf("%s\n", out.dump(2).c_str());
    }
    return 0;
}

} // namespace es::cli
