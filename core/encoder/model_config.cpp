#include "encoder/model_config.h"

#include "base/error.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace es {
namespace {

// Fields Hugging Face writes as null to mean "the default" (GPT-2's n_inner, Llama's rope_scaling…).
bool nullable(std::string_view key) {
    for (std::string_view k : {"n_inner", "rope_scaling", "num_key_value_heads", "head_dim", "use_sliding_window",
                               "sliding_window", "original_max_position_embeddings", "attention_factor", "beta_fast",
                               "beta_slow", "attention_bias", "type_vocab_size"})
        if (key == k) return true;
    return false;
}

// Each field checked for type and for a range a real model lies in, so an absurd value is
// refused by name before anything is allocated from it.
struct Reader {
    const std::string& path;
    const nlohmann::json& j;

    const nlohmann::json* find(const char* key) const {
        auto it = j.find(key);
        if (it == j.end()) return nullptr;
        if (it->is_null()) {
            if (nullable(key)) return nullptr;
            throw Error(path + ": field '" + key + "' is null");
        }
        return &*it;
    }
    int64_t integer(const char* key, int64_t max, int64_t fallback = -1) const {
        const auto* v = find(key);
        if (!v) {
            if (fallback >= 0) return fallback;
            throw Error(path + ": field '" + key + "' is missing");
        }
        if (!v->is_number_integer() || v->get<int64_t>() <= 0)
            throw Error(path + ": field '" + key + "' must be a positive whole number, not " + v->dump());
        if (v->get<int64_t>() > max)
            throw Error(path + ": field '" + key + "' is " + v->dump() + ", more than a model this build runs can have (" +
                        std::to_string(max) + ")");
        return v->get<int64_t>();
    }
    double number(const char* key, double fallback, double min, double max) const {
        const auto* v = find(key);
        if (!v) return fallback;
        if (!v->is_number()) throw Error(path + ": field '" + key + "' must be a number, not " + v->dump());
        const double x = v->get<double>();
        if (!(x >= min && x <= max))
            throw Error(path + ": field '" + key + "' is " + v->dump() + ", outside " + nlohmann::json(min).dump() + " … " +
                        nlohmann::json(max).dump());
        return x;
    }
    bool boolean(const char* key, bool fallback) const {
        const auto* v = find(key);
        if (!v) return fallback;
        if (!v->is_boolean()) throw Error(path + ": field '" + key + "' must be true or false, not " + v->dump());
        return v->get<bool>();
    }
    std::string string(const char* key, const std::string& fallback) const {
        const auto* v = find(key);
        if (!v) return fallback;
        if (!v->is_string()) throw Error(path + ": field '" + key + "' must be a string, not " + v->dump());
        return v->get<std::string>();
    }
};

// The largest sizes a config may give (the largest open models are well inside these).
constexpr int64_t kMaxHidden = 1 << 16, kMaxLayers = 1024, kMaxHeads = 4096, kMaxIntermediate = 1 << 20,
                  kMaxPositions = 1 << 24, kMaxVocab = int64_t(1) << 30, kMaxTypes = 1024;
constexpr double kMinEps = 0, kMaxEps = 0.1;  // a norm's epsilon: 1e-12 … 1e-5 in practice

} // namespace

ModelConfig read_model_config(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(path + ": cannot open (a model folder needs config.json)");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const std::exception& e) {
        throw Error(path + ": not valid JSON: " + e.what());
    }
    if (!j.is_object()) throw Error(path + ": not a JSON object");
    Reader r{path, j};
    ModelConfig c;
    c.model_type = r.string("model_type", "");
    if (c.model_type == "bert") {
        c.family = ModelFamily::Bert;
        c.hidden = r.integer("hidden_size", kMaxHidden);
        c.layers = r.integer("num_hidden_layers", kMaxLayers);
        c.heads = r.integer("num_attention_heads", kMaxHeads);
        c.intermediate = r.integer("intermediate_size", kMaxIntermediate);
        c.max_positions = r.integer("max_position_embeddings", kMaxPositions);
        c.type_vocab_size = r.integer("type_vocab_size", kMaxTypes, 2);
        c.vocab_size = r.integer("vocab_size", kMaxVocab);
        c.norm_eps = r.number("layer_norm_eps", 1e-12, kMinEps, kMaxEps);
        std::string act = r.string("hidden_act", "gelu");
        if (act != "gelu") throw Error(path + ": hidden_act '" + act + "' is not supported for BERT (gelu is)");
        std::string pos = r.string("position_embedding_type", "absolute");
        if (pos != "absolute") throw Error(path + ": position_embedding_type '" + pos + "' is not supported (absolute is)");
    } else if (c.model_type == "gpt2") {
        c.family = ModelFamily::Gpt2;
        c.hidden = r.integer("n_embd", kMaxHidden);
        c.layers = r.integer("n_layer", kMaxLayers);
        c.heads = r.integer("n_head", kMaxHeads);
        c.intermediate = r.integer("n_inner", kMaxIntermediate, 4 * c.hidden);
        c.max_positions = r.integer("n_positions", kMaxPositions);
        c.vocab_size = r.integer("vocab_size", kMaxVocab);
        c.norm_eps = r.number("layer_norm_epsilon", 1e-5, kMinEps, kMaxEps);
        std::string act = r.string("activation_function", "gelu_new");
        if (act != "gelu_new") throw Error(path + ": activation_function '" + act + "' is not supported (gelu_new is)");
    } else if (c.model_type == "llama" || c.model_type == "qwen2") {
        c.family = ModelFamily::Llama;
        c.hidden = r.integer("hidden_size", kMaxHidden);
        c.layers = r.integer("num_hidden_layers", kMaxLayers);
        c.heads = r.integer("num_attention_heads", kMaxHeads);
        c.kv_heads = r.integer("num_key_value_heads", kMaxHeads, c.heads);
        c.intermediate = r.integer("intermediate_size", kMaxIntermediate);
        c.max_positions = r.integer("max_position_embeddings", kMaxPositions);
        c.vocab_size = r.integer("vocab_size", kMaxVocab);
        c.norm_eps = r.number("rms_norm_eps", 1e-6, kMinEps, kMaxEps);
        c.rope_theta = r.number("rope_theta", 10000.0, 1.0, 1e10);
        c.qkv_bias = c.model_type == "qwen2" ? true : r.boolean("attention_bias", false);
        if (c.model_type == "qwen2" && r.find("use_sliding_window") && r.boolean("use_sliding_window", false))
            throw Error(path + ": use_sliding_window is not supported");
        std::string act = r.string("hidden_act", "silu");
        if (act != "silu") throw Error(path + ": hidden_act '" + act + "' is not supported (silu is)");
        if (const auto* s = r.find("rope_scaling")) {
            if (!s->is_object()) throw Error(path + ": rope_scaling must be an object");
            Reader rs{path, *s};
            RopeScaling& sc = c.rope_scaling;
            sc.type = rs.string("rope_type", rs.string("type", "default"));
            sc.factor = rs.number("factor", 1.0, 1e-3, 1e4);
            sc.low_freq_factor = rs.number("low_freq_factor", 1.0, 1e-3, 1e4);
            sc.high_freq_factor = rs.number("high_freq_factor", 4.0, 1e-3, 1e4);
            sc.original_max_positions = rs.find("original_max_position_embeddings")
                                            ? rs.integer("original_max_position_embeddings", kMaxPositions)
                                            : c.max_positions;
            sc.beta_fast = rs.number("beta_fast", 32.0, 1e-3, 1e4);
            sc.beta_slow = rs.number("beta_slow", 1.0, 1e-3, 1e4);
            sc.attention_factor = rs.number("attention_factor", 0.0, 0.0, 1e3);
            if (sc.type != "default" && sc.type != "linear" && sc.type != "dynamic" && sc.type != "llama3" &&
                sc.type != "yarn")
                throw Error(path + ": rope_scaling type '" + sc.type +
                            "' is not supported (linear, dynamic, llama3 and yarn are)");
            if (sc.type != "default" && !(sc.factor >= 1.0))
                throw Error(path + ": rope_scaling factor must be at least 1, not " + std::to_string(sc.factor));
        }
    } else {
        std::string arch = c.model_type.empty() ? "(no model_type)" : "'" + c.model_type + "'";
        throw Error(path + ": architecture " + arch +
                    " is not supported (bert, gpt2, llama and qwen2 are)");
    }
    if (c.kv_heads == 0) c.kv_heads = c.heads;
    if (c.hidden % c.heads != 0)
        throw Error(path + ": hidden size " + std::to_string(c.hidden) + " is not a multiple of the " +
                    std::to_string(c.heads) + " heads");
    c.head_dim = c.family == ModelFamily::Llama ? r.integer("head_dim", kMaxHidden, c.hidden / c.heads) : c.hidden / c.heads;
    if (c.heads % c.kv_heads != 0)
        throw Error(path + ": " + std::to_string(c.heads) + " attention heads are not a multiple of " +
                    std::to_string(c.kv_heads) + " key/value heads");
    if (c.uses_rope() && c.head_dim % 2 != 0) throw Error(path + ": RoPE needs an even head dimension");
    return c;
}

} // namespace es
