#include "analysis/rope_head_scores.h"

#include "base/error.h"

#include <cmath>
#include <string>

namespace es {

RopeHeadScores rope_head_scores(const EncoderOutput& out, int64_t layer, int64_t head, int64_t query, bool rope, bool causal) {
    const auto& rotated_q = out.queries;
    const auto& source_q = rope ? out.queries_before_rope : out.queries;
    const auto& source_k = rope ? out.keys_before_rope : out.keys;
    if (layer < 0 || layer >= int64_t(source_q.size()) || layer >= int64_t(source_k.size()) || layer >= int64_t(out.attentions.size()) ||
        (rope && (layer >= int64_t(rotated_q.size()) || layer >= int64_t(out.keys.size()))))
        throw Error("RoPE view: no queries, keys and attentions for layer " + std::to_string(layer));
    if (head < 0 || head >= out.heads) throw Error("RoPE view: head " + std::to_string(head) + " out of range");
    if (query < 0 || query >= out.tokens) throw Error("RoPE view: token " + std::to_string(query) + " out of range");
    const int64_t n = out.tokens, hd = out.head_dim, kvh = out.kv_heads > 0 ? out.kv_heads : out.heads;
    const int64_t kv = head / std::max<int64_t>(out.heads / kvh, 1);
    const auto& Q = source_q[size_t(layer)];
    const auto& K = source_k[size_t(layer)];
    const auto& A = out.attentions[size_t(layer)];
    if (Q.size() != size_t(n * out.heads * hd) || K.size() != size_t(n * kvh * hd) || A.size() != size_t(out.heads * n * n))
        throw Error("RoPE view: queries, keys or attentions of layer " + std::to_string(layer) + " have the wrong size");
    auto q_row = [&](const std::vector<float>& rows, int64_t t) {
        return std::vector<float>(rows.begin() + (t * out.heads + head) * hd, rows.begin() + (t * out.heads + head + 1) * hd);
    };
    auto k_row = [&](const std::vector<float>& rows, int64_t t) {
        return std::vector<float>(rows.begin() + (t * kvh + kv) * hd, rows.begin() + (t * kvh + kv + 1) * hd);
    };
    auto dot = [hd](const std::vector<float>& a, const std::vector<float>& b) {
        double s = 0;
        for (int64_t i = 0; i < hd; ++i) s += double(a[size_t(i)]) * b[size_t(i)];
        return s;
    };

    RopeHeadScores s;
    const float* attention = A.data() + (head * n + query) * n;
    for (int64_t j = 0; j < n; ++j)
        if (j != query && attention[j] > attention[s.key]) s.key = j;
    s.q = q_row(Q, query);
    s.k = k_row(K, s.key);
    const double scale = 1.0 / std::sqrt(double(hd));
    const std::vector<float> rotated = rope ? q_row(rotated_q[size_t(layer)], query) : std::vector<float>();
    for (int64_t j = 0; j < n; ++j) {
        if (causal && j > query) break;
        s.before.push_back(dot(s.q, k_row(K, j)) * scale);
        if (rope) s.after.push_back(dot(rotated, k_row(out.keys[size_t(layer)], j)) * scale);
    }
    for (int64_t t = 0; t < n; ++t) {
        const auto a = q_row(Q, t), b = k_row(K, t);
        s.queries.insert(s.queries.end(), a.begin(), a.end());
        s.keys.insert(s.keys.end(), b.begin(), b.end());
    }
    return s;
}

int64_t longest_embedding_token(const EncoderOutput& out) {
    if (out.hidden_states.empty()) return 0;
    const auto& h = out.hidden_states.front();
    double best = -1;
    int64_t at = 0;
    for (int64_t t = 0; t < out.tokens && size_t((t + 1) * out.hidden) <= h.size(); ++t) {
        double n2 = 0;
        for (int64_t i = 0; i < out.hidden; ++i) n2 += double(h[size_t(t * out.hidden + i)]) * h[size_t(t * out.hidden + i)];
        if (n2 > best) best = n2, at = t;
    }
    return at;
}

} // namespace es
