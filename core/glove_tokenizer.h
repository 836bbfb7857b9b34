// GloVe's own word-level tokenization (Stanford PTB style, as GloVe's corpus was made):
// lower-cases, separates punctuation, splits clitics ("don't" → "do" "n't", "it's" → "it" "'s"),
// keeps numbers ("3.5", "1,000"), hyphenated words and abbreviations ("u.s.") whole.
// Ids are rows of the given table (-1 when absent); without a table every id is -1.
#pragma once
#include "tokenizer.h"

#include <memory>

namespace es {

class VectorTable;

class GloveTokenizer final : public Tokenizer {
public:
    explicit GloveTokenizer(std::shared_ptr<const VectorTable> table = nullptr) : table_(std::move(table)) {}
    std::string name() const override { return "glove"; }
    std::vector<Token> encode(std::string_view text) const override;

private:
    std::shared_ptr<const VectorTable> table_;
};

} // namespace es
