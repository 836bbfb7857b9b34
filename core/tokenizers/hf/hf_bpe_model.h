// The BPE model of tokenizer.json as Hugging Face runs it: symbols merged pair by pair in the
// order of the `merges` list (lowest rank first, leftmost on ties, a heap so long pieces stay
// O(n log n)); byte-level (Llama 3, Qwen, GPT-2, RoBERTa) or on characters with byte fallback
// and fused unknowns (Llama 2, Gemma); ignore_merges, continuing_subword_prefix and
// end_of_word_suffix.
#pragma once
#include "tokenizers/backtracking_bpe.h"
#include "tokenizers/byte_pair_table.h"
#include "tokenizers/hf/hf_model.h"

#include <array>

namespace es {

class HfBpeModel final : public HfModel {
public:
    HfBpeModel(const HfJson& config, bool byte_level);
    void tokenize(std::string_view piece, std::vector<ModelToken>& out, ModelCache& cache) const override;
    bool byte_level() const override { return byte_level_; }
    std::optional<uint32_t> unk_id() const override { return unk_; }
    // Pieces this long are merged by the backtracking encoder, built on the first of them
    // (hf_bpe_backtracking.cpp); null when the model is not byte-level or its merges are no
    // plain BPE, which the heap merge then serves.
    static constexpr size_t kLongPiece = BacktrackingBpe::kLongPiece;
    const BacktrackingBpe* long_piece_encoder() const;

private:
    struct Merge {
        uint32_t rank, id;
    };
    const Merge* find_merge(uint32_t a, uint32_t b) const;
    void merge_piece(std::string_view piece, std::vector<ModelToken>& out) const;
    std::optional<uint32_t> unit_id(std::string_view unit, bool first, bool last) const;

    bool byte_level_;
    std::string prefix_, suffix_;
    bool fuse_unk_ = false, byte_fallback_ = false, ignore_merges_ = false;
    std::optional<uint32_t> unk_;
    BytePairTable lookup_;                   // the piece bytes of every token → id
    std::array<uint32_t, 256> byte_ids_{};   // byte-level without prefix/suffix: byte → id (kNone: absent)
    std::array<uint32_t, 256> fallback_ids_{};  // <0xNN> → id
    std::vector<uint64_t> merge_keys_;       // open addressing: (a << 32 | b) + 1, 0 empty
    std::vector<Merge> merge_values_;
    std::unique_ptr<LazyBacktrackingBpe> long_pieces_ = std::make_unique<LazyBacktrackingBpe>();
};

} // namespace es
