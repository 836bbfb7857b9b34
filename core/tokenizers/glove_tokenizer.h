// GloVe's own word-level tokenization (Stanford PTB style, as GloVe's corpus was made):
// lower-cases, separates punctuation, splits clitics ("don't" → "do" "n't", "it's" → "it" "'s"),
// keeps numbers ("3.5", "1,000"), hyphenated words and abbreviations ("u.s.") whole.
// Ids are rows of the given table (-1 when absent); without a table every id is -1.
#pragma once
#include "base/error.h"
#include "tokenizers/tokenizer.h"
#include "vectors/vector_table.h"

#include <memory>

namespace es {

class VectorTable;

class GloveTokenizer final : public Tokenizer {
public:
    explicit GloveTokenizer(std::shared_ptr<const VectorTable> table = nullptr) : table_(std::move(table)) {}
    std::string name() const override { return "glove"; }
    std::vector<Token> encode(std::string_view text) const override;
    // The table's words joined with spaces.
    std::string decode(std::span<const int64_t> ids) const override {
        std::string out;
        for (int64_t id : ids) {
            if (!table_ || id < 0 || static_cast<size_t>(id) >= table_->rows())
                throw Error("glove: no word has id " + std::to_string(id));
            if (!out.empty()) out += ' ';
            out += table_->word(static_cast<size_t>(id));
        }
        return out;
    }

private:
    std::shared_ptr<const VectorTable> table_;
};

} // namespace es
