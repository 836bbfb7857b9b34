// GPT-2's own files: encoder.json (byte-level spelling → id) and vocab.bpe (the merges in
// rank order), with GPT-2's pre-tokenizer pattern. Its ids equal r50k_base's.
#pragma once
#include "tokenizers/bpe_tokenizer.h"

namespace es {

// `folder` holds encoder.json and vocab.bpe. Entries of encoder.json that no merge makes
// (<|endoftext|>) are special tokens. Errors name the file and line.
std::unique_ptr<BpeTokenizer> load_gpt2_folder(const std::string& folder, std::string name = "gpt2");

} // namespace es
