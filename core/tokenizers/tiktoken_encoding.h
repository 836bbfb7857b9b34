// OpenAI's tiktoken encodings: r50k_base (GPT-2/3), p50k_base (Codex), cl100k_base (GPT-4),
// o200k_base (GPT-4o), each a .tiktoken rank file with its pre-tokenizer pattern and its
// special tokens as tiktoken defines them.
#pragma once
#include "tokenizers/bpe_tokenizer.h"

#include <optional>

namespace es {

struct TiktokenEncodingSpec {
    std::string name;
    std::string pattern;
    std::vector<SpecialToken> specials;
    size_t ranks = 0;  // how many mergeable tokens its rank file holds (p50k's skip 50256, its end-of-text)
};

// The four named encodings; nullopt for any other name.
std::optional<TiktokenEncodingSpec> tiktoken_encoding_spec(std::string_view name);
std::vector<std::string> tiktoken_encoding_names();

// Reads a .tiktoken file: one "base64-bytes rank" per line; the rank is also the id.
// Throws es::Error naming the file and line of anything malformed.
BytePairTable read_tiktoken_ranks(const std::string& path);

// A named encoding from its rank file.
std::unique_ptr<BpeTokenizer> load_tiktoken_encoding(std::string_view name, const std::string& path);
// A .tiktoken file of unknown name: the pattern and special tokens of the named encoding
// whose vocabulary size it has (about 50k: r50k, 100k: cl100k, 200k: o200k).
std::unique_ptr<BpeTokenizer> load_tiktoken_file(const std::string& path);

} // namespace es
