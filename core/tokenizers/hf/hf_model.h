// The model of a tokenizer.json (BPE, WordPiece, Unigram): one pre-tokenized piece in, its
// tokens out, each with the bytes of the piece it covers.
#pragma once
#include "tokenizers/byte_pair_table.h"
#include "tokenizers/hf/hf_json.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace es {

struct ModelToken {
    uint32_t id;
    uint32_t start, end;  // bytes of the piece
};

// What the model remembers while one text is encoded (pieces repeat: words, indentation).
struct ModelCache {
    std::unordered_map<std::string_view, std::pair<uint32_t, uint32_t>> seen;  // piece → (at, count) in parts
    std::vector<ModelToken> parts;
};

class HfModel {
public:
    virtual ~HfModel() = default;
    // Appends the tokens of `piece` to `out`. `piece` must outlive `cache`.
    virtual void tokenize(std::string_view piece, std::vector<ModelToken>& out, ModelCache& cache) const = 0;
    // The vocabulary's own spelling of an id, or nullptr.
    const std::string* id_to_token(uint32_t id) const {
        return id < tokens_.size() && has_[id] ? &tokens_[id] : nullptr;
    }
    std::optional<uint32_t> token_to_id(std::string_view spelling) const {
        const BytePairTable::Entry* e = ids_.find(spelling);
        if (!e) return std::nullopt;
        return e->id;
    }
    uint32_t vocab_size() const { return uint32_t(tokens_.size()); }
    // Whether the model works on bytes (a byte-level BPE): its spellings are GPT-2's alphabet.
    virtual bool byte_level() const { return false; }
    virtual std::optional<uint32_t> unk_id() const { return std::nullopt; }

protected:
    // Records a vocabulary entry; an id or spelling given twice is an error at `where`.
    void add_token(const std::string& spelling, uint32_t id, const HfJson& where);
    // The same, returning the problem instead of failing ("" when added): for callers that name
    // the place only when there is one.
    std::string try_add_token(const std::string& spelling, uint32_t id);
    std::vector<std::string> tokens_;
    std::vector<char> has_;
    BytePairTable ids_;  // spelling → id (the rank is unused)
};

// `byte_level`: the pre-tokenizer is ByteLevel (the BPE then merges bytes).
std::unique_ptr<HfModel> make_hf_model(const HfJson& config, bool byte_level);

} // namespace es
