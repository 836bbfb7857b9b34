#include "search/neighbours.h"
#include "base/error.h"
#include "search/cosine_search.h"
#include "vectors/vector_table.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <thread>

namespace es {
namespace {

using RowMatrix = Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>, Eigen::Unaligned,
                             Eigen::OuterStride<>>;

// Better-first order: higher score, or lower distance; ties go to the lower row.
bool better(const Neighbour& a, const Neighbour& b, bool ascending) {
    if (a.score != b.score) return ascending ? a.score < b.score : a.score > b.score;
    return a.row < b.row;
}

} // namespace

const char* metric_name(Metric m) {
    switch (m) {
    case Metric::Cosine: return "cosine";
    case Metric::Dot: return "dot";
    case Metric::Euclidean: return "euclidean";
    }
    return "?";
}

bool parse_metric(const std::string& s, Metric& out) {
    if (s == "cosine") out = Metric::Cosine;
    else if (s == "dot") out = Metric::Dot;
    else if (s == "euclidean") out = Metric::Euclidean;
    else return false;
    return true;
}

std::vector<Neighbour> nearest(const VectorTable& table, std::span<const float> query, size_t k, Metric metric,
                              size_t restrict_rows, std::span<const uint32_t> exclude) {
    if (query.size() != table.dim())
        throw Error("query has " + std::to_string(query.size()) + " values, the table " + std::to_string(table.dim()));
    const size_t rows = restrict_rows ? std::min(restrict_rows, table.rows()) : table.rows();
    if (k == 0 || rows == 0) return {};
    const bool ascending = metric == Metric::Euclidean;
    if (metric == Metric::Cosine) {
        const CosineQuery q{query, exclude};
        return std::move(cosine_top_k(table, {&q, 1}, k, rows)[0]);
    }

    Eigen::VectorXf q = Eigen::Map<const Eigen::VectorXf>(query.data(), query.size());
    float qnorm2 = q.squaredNorm();

    const size_t keep = std::min(rows, k + exclude.size());
    const unsigned threads = std::max(1u, std::min(std::thread::hardware_concurrency(), unsigned(rows / 4096 + 1)));
    std::vector<std::vector<Neighbour>> partial(threads);
    auto work = [&](unsigned t) {
        const size_t begin = rows * t / threads, end = rows * (t + 1) / threads;
        RowMatrix m(table.row(begin), Eigen::Index(end - begin), Eigen::Index(table.dim()),
                    Eigen::OuterStride<>(Eigen::Index(table.stride())));
        Eigen::VectorXf dots = m * q;
        const float* norms = table.norms() + begin;
        std::vector<Neighbour> cand(end - begin);
        for (size_t i = 0; i < cand.size(); ++i) {
            float s = dots[Eigen::Index(i)];
            if (metric == Metric::Euclidean) s = std::max(0.0f, norms[i] * norms[i] - 2 * s + qnorm2);
            cand[i] = {uint32_t(begin + i), s};
        }
        const size_t take = std::min(keep, cand.size());
        auto cmp = [&](const Neighbour& a, const Neighbour& b) { return better(a, b, ascending); };
        std::partial_sort(cand.begin(), cand.begin() + take, cand.end(), cmp);
        cand.resize(take);
        partial[t] = std::move(cand);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool) th.join();

    std::vector<Neighbour> all;
    for (auto& p : partial) all.insert(all.end(), p.begin(), p.end());
    std::erase_if(all, [&](const Neighbour& n) { return std::find(exclude.begin(), exclude.end(), n.row) != exclude.end(); });
    if (metric == Metric::Euclidean)  // exact distances for the survivors
        for (auto& n : all) {
            const float* r = table.row(n.row);
            double s = 0;
            for (size_t j = 0; j < table.dim(); ++j) s += double(r[j] - query[j]) * double(r[j] - query[j]);
            n.score = float(std::sqrt(s));
        }
    std::sort(all.begin(), all.end(), [&](const Neighbour& a, const Neighbour& b) { return better(a, b, ascending); });
    if (all.size() > k) all.resize(k);
    return all;
}

} // namespace es
