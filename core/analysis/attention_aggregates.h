// Summaries of an encoder's attention (EncoderOutput::attentions, per layer [heads][n][n]):
// the average over heads, attention rollout across layers (Abnar & Zuidema 2020) and how much
// attention the special tokens ([CLS], [SEP], <s>) receive; and the neuron view of one query —
// q, k, q⊙k per dimension, the scaled score and its softmax (BertViz's neuron view).
#pragma once
#include "encoder/encoder.h"

#include <cstdint>
#include <span>
#include <vector>

namespace es {

// [n][n]: the mean over the layer's heads.
std::vector<float> head_average(std::span<const float> layer_attention, int64_t heads, int64_t tokens);

// Rollout: Ã_l = ½·mean_heads(A_l) + ½·I (rows renormalised when `residual`), R_l = Ã_l·R_{l−1},
// R_0 = I. Returns R_1 … R_L, each [n][n] (row i: how much of token i's state at that layer
// comes from each input token).
std::vector<std::vector<float>> attention_rollout(const std::vector<std::vector<float>>& attentions, int64_t heads,
                                                  int64_t tokens, bool residual = true);

// [layer][head]: the attention mass each head gives the `special` positions, averaged over queries.
std::vector<std::vector<float>> special_token_attention(const std::vector<std::vector<float>>& attentions,
                                                        int64_t heads, int64_t tokens,
                                                        std::span<const int64_t> special);

// What one head's [n][n] attention does, each averaged over its query rows: the entropy of a
// row in bits (low: focused), its largest weight, and the distance |i − j| it reaches, weighted.
struct HeadStatistics {
    double mean_entropy_bits = 0, mean_max_weight = 0, mean_distance = 0;
};
HeadStatistics head_statistics(std::span<const float> head_attention, int64_t tokens);

struct NeuronBreakdown {
    int64_t keys = 0, head_dim = 0, query = 0;
    std::vector<float> q;        // head_dim
    std::vector<float> k;        // [keys][head_dim]
    std::vector<float> product;  // [keys][head_dim]: q ⊙ k
    std::vector<float> score;    // [keys]: q·k / √head_dim (−inf where masked)
    std::vector<float> softmax;  // [keys]
    std::vector<bool> masked;    // [keys]: after the query in a causal model
};

// For `layer`'s head `head` and token `query`, from the queries and keys the encoder captured
// (EncoderOptions::queries_keys; after RoPE where the model rotates). Throws es::Error when
// they were not captured or an index is out of range.
NeuronBreakdown neuron_breakdown(const EncoderOutput& out, int64_t layer, int64_t head, int64_t query, bool causal);

} // namespace es
