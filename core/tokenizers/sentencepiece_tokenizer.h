// A SentencePiece .model (Unigram or BPE) through libsentencepiece, with byte spans.
#pragma once
#include "tokenizers/tokenizer.h"

#include <memory>

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace es {

class SentencePieceTokenizer final : public Tokenizer {
public:
    // Throws es::Error naming the file when the model does not load.
    explicit SentencePieceTokenizer(const std::string& path);
    ~SentencePieceTokenizer() override;

    std::string name() const override { return name_; }
    // Invalid UTF-8 is read as U+FFFD (spans still point at the input's bytes).
    std::vector<Token> encode(std::string_view text) const override;
    std::string decode(std::span<const int64_t> ids) const override;

private:
    std::string name_;
    std::unique_ptr<sentencepiece::SentencePieceProcessor> sp_;
};

} // namespace es
