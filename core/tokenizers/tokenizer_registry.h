// Tokenizers by name or path (DESIGN.md "Tokenizer NAMEs"), for the CLI and the UI alike.
#pragma once
#include "tokenizers/tokenizer.h"

#include <memory>
#include <string>
#include <vector>

namespace es {

class VectorTable;

// glove, r50k_base, p50k_base, cl100k_base, o200k_base, gpt2, bert-base-uncased.
std::vector<std::string> tokenizer_names();

// Where a named tokenizer's files live in the data directory: DATA/tokenizers/<name>/.
std::string tokenizer_data_path(const std::string& name);

// A name from tokenizer_names(), or a path: a tokenizer.json, a BERT vocab.txt, a
// SentencePiece .model, a .tiktoken file, or a folder with encoder.json + vocab.bpe (or a
// tokenizer.json). `glove` takes its ids from `table`. Throws es::Error naming the input.
std::shared_ptr<const Tokenizer> make_tokenizer(const std::string& name_or_path,
                                                std::shared_ptr<const VectorTable> table = nullptr);

// The tokenizer the folder ships with: tokenizer.json, else vocab.txt, else the folder itself
// (GPT-2's encoder.json + vocab.bpe). Throws es::Error with the first reason a file was refused.
std::shared_ptr<const Tokenizer> model_folder_tokenizer(const std::string& dir);

} // namespace es
