// The interface every tokenizer implements: text → tokens with ids and byte spans, and back.
#pragma once
#include "tokenizers/token.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace es {

struct EncodeOptions {
    // Special tokens typed in the text (<|endoftext|>, [CLS], Qwen's <|im_start|>): a Hugging Face
    // tokenizer (tokenizer.json, BERT's vocab.txt) matches them as single tokens, as the tokenizers
    // library does by default; a tiktoken encoding only when allowed (tiktoken raises otherwise,
    // gpt-tokenizer reads them as text). special_as_text (--no-special) makes them text everywhere;
    // the tokens a post-processor adds ([CLS] … [SEP]) are added all the same.
    bool allow_special = false;
    bool special_as_text = false;
    // Tokens a post-processor adds around the text ([CLS] … [SEP], <s>), where the tokenizer has them.
    bool add_special_tokens = true;
};

class Tokenizer {
public:
    virtual ~Tokenizer() = default;
    virtual std::string name() const = 0;
    // Never throws on any input bytes; empty text gives only what the post-processor adds ([CLS]
    // [SEP] for BERT, BOS for a Llama template; nothing for tiktoken), as Hugging Face does.
    virtual std::vector<Token> encode(std::string_view text) const = 0;
    virtual std::vector<Token> encode(std::string_view text, const EncodeOptions& options) const {
        (void)options;  // a tokenizer without special tokens has nothing to allow
        return encode(text);
    }
    // The ids alone; tokenizers override it where that is faster than building tokens.
    virtual std::vector<int64_t> encode_ids(std::string_view text, const EncodeOptions& options = {}) const {
        std::vector<int64_t> ids;
        for (const Token& t : encode(text, options)) ids.push_back(t.id);
        return ids;
    }
    // The number of ids encode() gives, special tokens included.
    size_t count(std::string_view text, const EncodeOptions& options = {}) const {
        return encode_ids(text, options).size();
    }
    // The text the ids stand for; an id the vocabulary lacks throws es::Error naming it.
    virtual std::string decode(std::span<const int64_t> ids) const = 0;
};

} // namespace es
