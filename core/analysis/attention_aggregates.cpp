#include "analysis/attention_aggregates.h"

#include "base/assertion.h"
#include "base/error.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>

namespace es {

namespace {
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void check_layer(std::span<const float> a, int64_t heads, int64_t n) {
    if (heads <= 0 || n < 0 || a.size() != size_t(heads * n * n))
        throw Error("attention: a layer of " + std::to_string(a.size()) + " values is not " + std::to_string(heads) +
                    " heads of " + std::to_string(n) + "×" + std::to_string(n));
}
} // namespace

std::vector<float> head_average(std::span<const float> a, int64_t heads, int64_t n) {
    check_layer(a, heads, n);
    std::vector<float> out(size_t(n * n), 0.0f);
    for (int64_t h = 0; h < heads; ++h)
        for (size_t i = 0; i < out.size(); ++i) out[i] += a[size_t(h * n * n) + i] / float(heads);
    return out;
}

std::vector<std::vector<float>> attention_rollout(const std::vector<std::vector<float>>& attentions, int64_t heads,
                                                  int64_t n, bool residual) {
    std::vector<std::vector<float>> out;
    RowMatrix r = RowMatrix::Identity(n, n);
    for (const auto& layer : attentions) {
        const auto avg = head_average(layer, heads, n);
        RowMatrix a = Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
                          avg.data(), n, n).cast<double>();
        if (residual) {
            a = 0.5 * a + 0.5 * RowMatrix::Identity(n, n);
            for (int64_t i = 0; i < n; ++i) {
                const double s = a.row(i).sum();
                if (s > 0) a.row(i) /= s;
            }
        }
        r = a * r;
        std::vector<float> v(size_t(n * n));
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < n; ++j) v[size_t(i * n + j)] = float(r(i, j));
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<std::vector<float>> special_token_attention(const std::vector<std::vector<float>>& attentions,
                                                        int64_t heads, int64_t n, std::span<const int64_t> special) {
    for (int64_t s : special)
        if (s < 0 || s >= n) throw Error("attention: special token position " + std::to_string(s) + " out of range");
    std::vector<std::vector<float>> out;
    for (const auto& layer : attentions) {
        check_layer(layer, heads, n);
        std::vector<float> per_head(size_t(heads), 0.0f);
        for (int64_t h = 0; h < heads; ++h) {
            double mass = 0;
            for (int64_t q = 0; q < n; ++q)
                for (int64_t s : special) mass += layer[size_t((h * n + q) * n + s)];
            per_head[size_t(h)] = n ? float(mass / double(n)) : 0.0f;
        }
        out.push_back(std::move(per_head));
    }
    return out;
}

HeadStatistics head_statistics(std::span<const float> a, int64_t n) {
    ES_ASSERT(a.size() >= size_t(n * n), "head_statistics: the attention holds fewer than tokens × tokens weights");
    HeadStatistics s;
    if (n <= 0) return s;
    double ent = 0, mx = 0, dist = 0;
    for (int64_t i = 0; i < n; ++i) {
        double rowmax = 0;
        for (int64_t j = 0; j < n; ++j) {
            const double w = a[size_t(i * n + j)];
            if (w > 0) ent -= w * std::log2(w);
            rowmax = std::max(rowmax, w);
            dist += w * double(std::abs(i - j));
        }
        mx += rowmax;
    }
    s.mean_entropy_bits = ent / double(n);
    s.mean_max_weight = mx / double(n);
    s.mean_distance = dist / double(n);
    return s;
}

NeuronBreakdown neuron_breakdown(const EncoderOutput& out, int64_t layer, int64_t head, int64_t query, bool causal) {
    if (layer < 0 || layer >= int64_t(out.queries.size()) || layer >= int64_t(out.keys.size()))
        throw Error("neuron view: no queries and keys for layer " + std::to_string(layer) +
                    " (the encoder was run without capturing them)");
    if (head < 0 || head >= out.heads) throw Error("neuron view: head " + std::to_string(head) + " out of range");
    if (query < 0 || query >= out.tokens) throw Error("neuron view: token " + std::to_string(query) + " out of range");
    const int64_t n = out.tokens, hd = out.head_dim, kvh = out.kv_heads > 0 ? out.kv_heads : out.heads;
    const int64_t kv = head / (out.heads / kvh);
    const auto& Q = out.queries[size_t(layer)];
    const auto& K = out.keys[size_t(layer)];
    if (Q.size() != size_t(n * out.heads * hd) || K.size() != size_t(n * kvh * hd))
        throw Error("neuron view: queries or keys of layer " + std::to_string(layer) + " have the wrong size");
    NeuronBreakdown b;
    b.keys = n;
    b.head_dim = hd;
    b.query = query;
    b.q.assign(Q.begin() + (query * out.heads + head) * hd, Q.begin() + (query * out.heads + head + 1) * hd);
    b.k.resize(size_t(n * hd));
    b.product.resize(size_t(n * hd));
    b.score.resize(size_t(n));
    b.masked.resize(size_t(n));
    const double scale = 1.0 / std::sqrt(double(hd));
    double top = -std::numeric_limits<double>::infinity();
    for (int64_t j = 0; j < n; ++j) {
        double dot = 0;
        for (int64_t d = 0; d < hd; ++d) {
            const float kv_value = K[size_t((j * kvh + kv) * hd + d)];
            b.k[size_t(j * hd + d)] = kv_value;
            b.product[size_t(j * hd + d)] = b.q[size_t(d)] * kv_value;
            dot += double(b.q[size_t(d)]) * kv_value;
        }
        b.masked[size_t(j)] = causal && j > query;
        b.score[size_t(j)] = b.masked[size_t(j)] ? -std::numeric_limits<float>::infinity() : float(dot * scale);
        if (!b.masked[size_t(j)]) top = std::max(top, dot * scale);
    }
    double sum = 0;
    std::vector<double> e(size_t(n), 0.0);
    for (int64_t j = 0; j < n; ++j)
        if (!b.masked[size_t(j)]) sum += e[size_t(j)] = std::exp(double(b.score[size_t(j)]) - top);
    b.softmax.resize(size_t(n));
    for (int64_t j = 0; j < n; ++j) b.softmax[size_t(j)] = float(e[size_t(j)] / sum);
    return b;
}

} // namespace es
