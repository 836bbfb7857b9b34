// A byte-level BPE in tiktoken's form: a pre-tokenizer pattern, a table of token bytes with
// merge ranks, and special tokens. r50k/p50k/cl100k/o200k_base and GPT-2 are all this.
#pragma once
#include "text/pretokenizer_regex.h"
#include "tokenizers/backtracking_bpe.h"
#include "tokenizers/byte_pair_table.h"
#include "tokenizers/tokenizer.h"

#include <memory>

namespace es {

struct SpecialToken {
    std::string text;
    uint32_t id;
};

class BpeTokenizer final : public Tokenizer {
public:
    // Throws es::Error when the table lacks a single byte (every byte must stay encodable).
    // lines_are_boundaries: the pattern is one of tiktoken's, for which a long text may be cut
    // at line breaks and its parts encoded on several threads (text/line_cuts.h).
    BpeTokenizer(std::string name, const std::string& pattern, BytePairTable table, std::vector<SpecialToken> specials,
                 bool lines_are_boundaries = false);

    std::string name() const override { return name_; }
    std::vector<Token> encode(std::string_view text) const override { return encode(text, {}); }
    std::vector<Token> encode(std::string_view text, const EncodeOptions& options) const override;
    std::vector<int64_t> encode_ids(std::string_view text, const EncodeOptions& options = {}) const override;
    std::string decode(std::span<const int64_t> ids) const override;

    const BytePairTable& table() const { return table_; }
    const std::vector<SpecialToken>& specials() const { return specials_; }
    const std::string& pattern() const { return regex_->pattern(); }
    // Pieces this long are merged by the backtracking encoder (backtracking_bpe.h), built on
    // the first of them; shorter ones, or all when the table is no plain BPE, by the heap merge.
    static constexpr size_t kLongPiece = BacktrackingBpe::kLongPiece;
    const BacktrackingBpe* long_piece_encoder() const;

private:
    template <class Sink>
    void run(std::string_view text, bool allow_special, Sink&& sink) const;
    template <class Sink>
    void run_ordinary(std::string_view text, size_t base, Sink& sink) const;

    std::string name_;
    std::unique_ptr<PretokenizerRegex> regex_;
    BytePairTable table_;
    std::vector<SpecialToken> specials_;
    bool lines_are_boundaries_;
    std::unique_ptr<LazyBacktrackingBpe> long_pieces_ = std::make_unique<LazyBacktrackingBpe>();
};

} // namespace es
