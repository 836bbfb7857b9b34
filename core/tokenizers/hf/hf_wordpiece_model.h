// The WordPiece model of tokenizer.json: greedy longest match from the left, later pieces
// spelled with the continuing-subword prefix (##); a word it cannot cover, or longer than
// max_input_chars_per_word characters, becomes the unknown token.
#pragma once
#include "tokenizers/byte_pair_table.h"
#include "tokenizers/hf/hf_model.h"

namespace es {

class HfWordPieceModel final : public HfModel {
public:
    explicit HfWordPieceModel(const HfJson& config);
    void tokenize(std::string_view piece, std::vector<ModelToken>& out, ModelCache& cache) const override;
    std::optional<uint32_t> unk_id() const override { return unk_; }

private:
    std::string prefix_;
    size_t max_chars_;
    uint32_t unk_;
};

} // namespace es
