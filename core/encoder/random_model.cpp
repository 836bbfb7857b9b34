#include "encoder/random_model.h"

#include "base/error.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace es {

void write_random_bert(const std::string& dir_name, const RandomBertShape& s, uint64_t seed) {
    const std::filesystem::path dir(dir_name);
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "config.json") << nlohmann::json{{"model_type", "bert"},
                                                         {"hidden_size", s.hidden},
                                                         {"num_hidden_layers", s.layers},
                                                         {"num_attention_heads", s.heads},
                                                         {"intermediate_size", s.ffn},
                                                         {"vocab_size", s.vocab},
                                                         {"max_position_embeddings", s.positions},
                                                         {"type_vocab_size", 2}}
                                              .dump();
    std::vector<std::pair<std::string, std::vector<int64_t>>> tensors = {
        {"embeddings.word_embeddings.weight", {s.vocab, s.hidden}},
        {"embeddings.position_embeddings.weight", {s.positions, s.hidden}},
        {"embeddings.token_type_embeddings.weight", {2, s.hidden}},
        {"embeddings.LayerNorm.weight", {s.hidden}},
        {"embeddings.LayerNorm.bias", {s.hidden}}};
    for (int64_t l = 0; l < s.layers; ++l) {
        const std::string p = "encoder.layer." + std::to_string(l) + ".";
        for (const char* n : {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
            tensors.push_back({p + n + ".weight", {s.hidden, s.hidden}});
            tensors.push_back({p + n + ".bias", {s.hidden}});
        }
        tensors.push_back({p + "intermediate.dense.weight", {s.ffn, s.hidden}});
        tensors.push_back({p + "intermediate.dense.bias", {s.ffn}});
        tensors.push_back({p + "output.dense.weight", {s.hidden, s.ffn}});
        tensors.push_back({p + "output.dense.bias", {s.hidden}});
        for (const char* n : {"attention.output.LayerNorm", "output.LayerNorm"}) {
            tensors.push_back({p + n + ".weight", {s.hidden}});
            tensors.push_back({p + n + ".bias", {s.hidden}});
        }
    }
    nlohmann::json header = nlohmann::json::object();
    size_t offset = 0;
    for (const auto& [name, shape] : tensors) {
        size_t n = 1;
        for (auto d : shape) n *= size_t(d);
        header[name] = {{"dtype", "F32"}, {"shape", shape}, {"data_offsets", {offset, offset + 4 * n}}};
        offset += 4 * n;
    }
    std::string h = header.dump();
    std::ofstream out(dir / "model.safetensors", std::ios::binary);
    const uint64_t len = h.size();
    out.write(reinterpret_cast<const char*>(&len), 8);  // little-endian hosts only, as the format
    out << h;
    uint64_t state = 0x9E3779B97F4A7C15ull ^ (seed * 0xD1B54A32D192ED03ull);
    if (state == 0) state = 1;
    std::vector<float> buf;
    for (const auto& [name, shape] : tensors) {
        size_t n = 1;
        for (auto d : shape) n *= size_t(d);
        buf.resize(n);
        const bool norm_weight = name.find("LayerNorm.weight") != std::string::npos;
        for (float& v : buf) {
            state ^= state << 13, state ^= state >> 7, state ^= state << 17;
            const float u = float(state >> 40) / float(1 << 24) - 0.5f;  // uniform in [-0.5, 0.5)
            v = norm_weight ? 1.0f + 0.1f * u : 0.07f * u;
        }
        out.write(reinterpret_cast<const char*>(buf.data()), std::streamsize(n * 4));
    }
    if (!out) throw Error((dir / "model.safetensors").string() + ": cannot write the benchmark model");
}

} // namespace es
