// One attention head of an encoder run as the RoPE view shows it: a query token's vector, the key
// it attends to most, and its scores against every key before and after the rotation; plus every
// token's rows of that head, for the measured long-range decay.
#pragma once
#include "encoder/encoder.h"

#include <cstdint>
#include <vector>

namespace es {

struct RopeHeadScores {
    int64_t key = 0;              // the key the query attends to most (itself excluded; ties: the first)
    std::vector<float> q, k;      // head_dim each, before rotation where the model rotates
    std::vector<double> before;   // per key (up to the query in a causal model): q·k / √head_dim before rotation
    std::vector<double> after;    // the same as the model scored them, after rotation (RoPE models only)
    std::vector<float> queries;   // tokens × head_dim: this head's query rows, before rotation
    std::vector<float> keys;      // tokens × head_dim: the rows of the key head that serves it
};

// For `layer`'s head `head` and token `query` of a run with queries, keys and attentions
// (EncoderOptions{true, true}). `rope`: the model rotates, so the *_before_rope rows are read for
// `q`, `k` and `before`. Throws es::Error when they were not captured or an index is out of range.
RopeHeadScores rope_head_scores(const EncoderOutput& out, int64_t layer, int64_t head, int64_t query, bool rope, bool causal);

// A content word rather than "the" or ".": the token whose embedding (layer 0) is longest.
int64_t longest_embedding_token(const EncoderOutput& out);

} // namespace es
