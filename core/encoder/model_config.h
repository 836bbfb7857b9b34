// What config.json of a Hugging Face model says about its shape, for the three supported
// families: BERT (bert), GPT-2 (gpt2) and Llama style (llama, qwen2).
#pragma once
#include <cstdint>
#include <string>

namespace es {

enum class ModelFamily { Bert, Gpt2, Llama };

struct RopeScaling {
    std::string type = "default";  // default, linear, dynamic, llama3, yarn
    double factor = 1.0;
    double low_freq_factor = 1.0, high_freq_factor = 4.0;  // llama3
    int64_t original_max_positions = 0;                    // llama3, yarn
    double beta_fast = 32.0, beta_slow = 1.0;              // yarn
    double attention_factor = 0.0;                         // yarn; 0: derived from factor
};

struct ModelConfig {
    std::string model_type;  // as config.json spells it
    ModelFamily family = ModelFamily::Bert;
    int64_t vocab_size = 0;
    int64_t hidden = 0;
    int64_t layers = 0;
    int64_t heads = 0;
    int64_t kv_heads = 0;
    int64_t head_dim = 0;
    int64_t intermediate = 0;
    int64_t max_positions = 0;
    int64_t type_vocab_size = 0;
    double norm_eps = 1e-12;
    bool qkv_bias = false;       // Llama attention_bias, always on for Qwen 2
    double rope_theta = 10000.0;
    RopeScaling rope_scaling;
    bool causal() const { return family != ModelFamily::Bert; }
    bool uses_rope() const { return family == ModelFamily::Llama; }
};

// Parses `path` (a config.json); throws es::Error naming the file and the field at fault,
// and for an architecture outside the three families, the ones that are supported.
ModelConfig read_model_config(const std::string& path);

} // namespace es
