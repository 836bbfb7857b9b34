#include "vectors/model_vocabulary.h"

#include "base/error.h"
#include "base/progress.h"
#include "base/text_lines.h"
#include "encoder/model_config.h"
#include "encoder/safetensors_file.h"
#include "vectors/vector_table.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace es {

namespace fs = std::filesystem;

namespace {

void put(std::vector<std::string>& pieces, int64_t id, std::string piece) {
    if (id < 0 || id > (int64_t(1) << 24)) return;  // beyond any vocabulary: ignored, not allocated
    if (size_t(id) >= pieces.size()) pieces.resize(size_t(id) + 1);
    pieces[size_t(id)] = std::move(piece);
}

void put_object(std::vector<std::string>& pieces, const nlohmann::json& vocab) {
    for (const auto& [piece, id] : vocab.items())
        if (id.is_number_integer()) put(pieces, id.get<int64_t>(), piece);
}

} // namespace

std::vector<std::string> model_folder_pieces(const std::string& dir) {
    std::vector<std::string> pieces;
    const fs::path root(dir);
    try {
        if (fs::exists(root / "tokenizer.json")) {
            const auto j = nlohmann::json::parse(read_text_file((root / "tokenizer.json").string()));
            const auto& vocab = j.at("model").at("vocab");
            if (vocab.is_object()) {
                put_object(pieces, vocab);
            } else if (vocab.is_array()) {  // Unigram: [[piece, score], …] in id order
                for (size_t i = 0; i < vocab.size(); ++i)
                    if (vocab[i].is_array() && !vocab[i].empty() && vocab[i][0].is_string())
                        put(pieces, int64_t(i), vocab[i][0].get<std::string>());
            }
            if (j.contains("added_tokens") && j["added_tokens"].is_array())
                for (const auto& t : j["added_tokens"])
                    if (t.contains("id") && t["id"].is_number_integer() && t.contains("content") && t["content"].is_string())
                        put(pieces, t["id"].get<int64_t>(), t["content"].get<std::string>());
        } else if (fs::exists(root / "vocab.txt")) {
            const std::string text = read_text_file((root / "vocab.txt").string());
            TextLines lines(text);
            std::string_view line;
            while (lines.next(line)) {
                if (line.empty() && lines.consumed() >= text.size()) break;
                pieces.emplace_back(line);
            }
        } else if (fs::exists(root / "encoder.json")) {
            put_object(pieces, nlohmann::json::parse(read_text_file((root / "encoder.json").string())));
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(dir + ": the tokenizer's vocabulary cannot be read (" + e.what() + ")");
    }
    return pieces;
}

std::shared_ptr<const VectorTable> model_embedding_table(const std::string& dir, Progress* progress) {
    const ModelConfig config = read_model_config((fs::path(dir) / "config.json").string());
    if (progress) progress->report(0.1f);
    const SafetensorsModel weights(dir);
    std::vector<std::string> names;
    switch (config.family) {
    case ModelFamily::Bert: names = {"bert.embeddings.word_embeddings.weight", "embeddings.word_embeddings.weight"}; break;
    case ModelFamily::Gpt2: names = {"transformer.wte.weight", "wte.weight"}; break;
    case ModelFamily::Llama: names = {"model.embed_tokens.weight", "embed_tokens.weight"}; break;
    }
    const std::string* name = nullptr;
    for (const auto& n : names)
        if (weights.has(n)) name = &n;
    if (!name) throw Error(dir + ": no token-embedding tensor (" + names.front() + ")");
    std::vector<float> data = weights.load(*name, {config.vocab_size, config.hidden});
    if (progress) progress->report(0.6f);
    std::vector<std::string> words = model_folder_pieces(dir);
    words.resize(size_t(config.vocab_size));
    for (size_t i = 0; i < words.size(); ++i)
        if (words[i].empty()) words[i].append("[").append(std::to_string(i)).append("]");  // no "[" + s: GCC 12 -Wrestrict false positive
    if (progress) progress->report(0.8f);
    return VectorTable::from_rows(std::move(words), data, uint32_t(config.hidden), dir);
}

} // namespace es
