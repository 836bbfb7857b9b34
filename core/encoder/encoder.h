// What every encoder gives for a sequence of token ids (Hugging Face's output_hidden_states
// and output_attentions, plus each head's queries and keys), and the interface the models
// and the built-in demonstration encoder implement.
#pragma once
#include "encoder/compute_backend.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace es {

struct EncoderOptions {
    bool attentions = true;     // fill EncoderOutput::attentions
    bool queries_keys = false;  // fill queries/keys (and their pre-RoPE versions)
};

struct EncoderOutput {
    int64_t tokens = 0, hidden = 0, heads = 0, kv_heads = 0, head_dim = 0;
    // layers + 1 arrays of [tokens][hidden]: the embedding output, then each layer's output
    // (for GPT-2 and Llama the last one after the final norm).
    std::vector<std::vector<float>> hidden_states;
    std::vector<std::vector<float>> attentions;  // per layer [heads][tokens][tokens]
    // Per layer [tokens][heads × head_dim] (keys: kv_heads × head_dim), as they enter the
    // attention product — after RoPE for RoPE models, which also fill the *_before_rope ones.
    std::vector<std::vector<float>> queries, keys;
    std::vector<std::vector<float>> queries_before_rope, keys_before_rope;
    std::vector<std::string> warnings;  // e.g. input truncated to the model's positions
    int64_t layers() const { return int64_t(hidden_states.size()) - 1; }
};

class Encoder {
public:
    virtual ~Encoder() = default;
    virtual std::string name() const = 0;  // a label for people ("… (untrained)" for the built-in)
    virtual bool trained() const { return true; }
    virtual int64_t max_positions() const = 0;
    virtual int64_t vocab_size() const = 0;
    virtual ComputeBackend& backend() = 0;
    // Throws es::Error for ids outside the vocabulary; longer input is truncated with a warning.
    virtual EncoderOutput run(std::span<const int64_t> ids, const EncoderOptions& options = {}) = 0;
};

} // namespace es
