// The Unigram model of tokenizer.json (SentencePiece's unigram): the segmentation of highest
// total log-probability by Viterbi over the characters, unknown characters scored 10 below the
// rarest piece and fused into one unknown token, or spelled as <0xNN> bytes with byte_fallback.
#pragma once
#include "tokenizers/hf/hf_model.h"

namespace es {

class UnigramModel final : public HfModel {
public:
    explicit UnigramModel(const HfJson& config);
    void tokenize(std::string_view piece, std::vector<ModelToken>& out, ModelCache& cache) const override;
    std::optional<uint32_t> unk_id() const override { return unk_; }

private:
    // A byte trie of the pieces: children in one hash map keyed by (node << 8 | byte).
    std::unordered_map<uint64_t, uint32_t> child_;
    std::vector<int64_t> terminal_;  // per node: the id ending there, or -1
    std::vector<double> scores_;
    double unk_score_ = 0;
    uint32_t unk_ = 0;
    bool byte_fallback_ = false;
    std::vector<uint32_t> fallback_ids_;
};

} // namespace es
