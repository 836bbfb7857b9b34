#include "search/analogy.h"
#include "base/error.h"
#include "search/cosine_search.h"
#include "vectors/vector_table.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <thread>

namespace es {

const char* analogy_method_name(AnalogyMethod m) { return m == AnalogyMethod::CosAdd ? "3cosadd" : "3cosmul"; }

bool parse_analogy_method(const std::string& s, AnalogyMethod& out) {
    if (s == "3cosadd") out = AnalogyMethod::CosAdd;
    else if (s == "3cosmul") out = AnalogyMethod::CosMul;
    else return false;
    return true;
}

namespace {

std::vector<float> unit_row(const VectorTable& t, uint32_t r) {
    std::vector<float> u(t.row(r), t.row(r) + t.dim());
    const float n = t.norms()[r];
    for (float& x : u) x = n > 0 ? x / n : 0.0f;
    return u;
}

} // namespace

std::vector<float> cosadd_query(const VectorTable& table, uint32_t a, uint32_t b, uint32_t c) {
    const auto ua = unit_row(table, a), ub = unit_row(table, b), uc = unit_row(table, c);
    const uint32_t d = table.dim();
    std::vector<float> m(d);
    double n2 = 0;
    for (uint32_t j = 0; j < d; ++j) {
        float s = 0.0f;
        s += ub[j];
        s += uc[j];
        s += -ua[j];
        m[j] = s / 3.0f;
        n2 += double(m[j]) * m[j];
    }
    const float len = float(std::sqrt(n2));
    if (len > 0)
        for (float& x : m) x /= len;
    return m;
}

Analogy solve_analogy(const VectorTable& table, uint32_t a, uint32_t b, uint32_t c, AnalogyMethod method, size_t k,
                      size_t restrict_rows, double epsilon) {
    const uint32_t d = table.dim();
    for (uint32_t r : {a, b, c})
        if (r >= table.rows()) throw Error("analogy: row " + std::to_string(r) + " is outside the table");
    Analogy out;
    out.a = a, out.b = b, out.c = c;
    out.method = method;
    out.offset.resize(d);
    out.target.resize(d);
    for (uint32_t j = 0; j < d; ++j) {
        out.offset[j] = table.row(b)[j] - table.row(a)[j];
        out.target[j] = table.row(c)[j] + out.offset[j];
    }
    out.query = cosadd_query(table, a, b, c);
    const uint32_t inputs[3] = {a, b, c};
    std::vector<Neighbour> hits;
    if (method == AnalogyMethod::CosAdd) {
        const CosineQuery q{out.query, inputs};
        hits = std::move(cosine_top_k(table, {&q, 1}, k, restrict_rows, true)[0]);
    } else {
        const size_t rows = restrict_rows ? std::min(restrict_rows, table.rows()) : table.rows();
        Eigen::Matrix<float, Eigen::Dynamic, 3> u(Eigen::Index(d), 3);
        for (int col = 0; col < 3; ++col) {
            const auto v = unit_row(table, inputs[col]);
            u.col(col) = Eigen::Map<const Eigen::VectorXf>(v.data(), d);
        }
        const unsigned threads = std::max(1u, std::min(std::thread::hardware_concurrency(), unsigned(rows / 8192 + 1)));
        std::vector<std::vector<Neighbour>> part(threads);
        auto work = [&](unsigned t) {
            const size_t r0 = rows * t / threads, r1 = rows * (t + 1) / threads;
            Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>, Eigen::Unaligned,
                       Eigen::OuterStride<>>
                m(table.row(r0), Eigen::Index(r1 - r0), Eigen::Index(d), Eigen::OuterStride<>(Eigen::Index(table.stride())));
            const Eigen::Matrix<float, Eigen::Dynamic, 3> dots = m * u;
            std::vector<Neighbour>& best = part[t];
            auto worse = [](const Neighbour& x, const Neighbour& y) { return x.score != y.score ? x.score > y.score : x.row < y.row; };
            for (size_t i = 0; i < r1 - r0; ++i) {
                const uint32_t r = uint32_t(r0 + i);
                const float n = table.norms()[r];
                if (!(n > 0) || r == a || r == b || r == c) continue;
                const double ca = (1 + double(dots(Eigen::Index(i), 0)) / n) / 2;
                const double cb = (1 + double(dots(Eigen::Index(i), 1)) / n) / 2;
                const double cc = (1 + double(dots(Eigen::Index(i), 2)) / n) / 2;
                const Neighbour cand{r, float(cb * cc / (ca + epsilon))};
                if (best.size() < k) {
                    best.push_back(cand);
                    std::push_heap(best.begin(), best.end(), worse);
                } else if (worse(cand, best.front())) {
                    std::pop_heap(best.begin(), best.end(), worse);
                    best.back() = cand;
                    std::push_heap(best.begin(), best.end(), worse);
                }
            }
        };
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
        work(0);
        for (auto& th : pool) th.join();
        for (auto& p : part) hits.insert(hits.end(), p.begin(), p.end());
        std::sort(hits.begin(), hits.end(), [](const Neighbour& x, const Neighbour& y) {
            return x.score != y.score ? x.score > y.score : x.row < y.row;
        });
        if (hits.size() > k) hits.resize(k);
    }
    for (size_t i = 0; i < hits.size(); ++i) out.candidates.push_back({hits[i].row, hits[i].score, i + 1});
    return out;
}

} // namespace es
