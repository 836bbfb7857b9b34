// A Hugging Face model folder seen as a vocabulary for the explorer: its token-embedding matrix
// is the table (row = token id) and the tokenizer files name the rows with their pieces.
#pragma once
#include <memory>
#include <string>
#include <vector>

namespace es {

class Tokenizer;
class VectorTable;
struct Progress;

// The vocabulary's own spelling of each id (Ġthe, ##ing, ▁the) from tokenizer.json (model.vocab
// and added_tokens), vocab.txt or encoder.json; ids the files do not name are "". Empty when
// the folder has none of them.
std::vector<std::string> model_folder_pieces(const std::string& dir);

// The token-embedding matrix (BERT word_embeddings, GPT-2 wte, Llama embed_tokens) as a table
// whose words are the pieces ("[id]" where there is none). Throws es::Error naming the folder,
// file and tensor. `progress` (may be null) may cancel between the steps.
std::shared_ptr<const VectorTable> model_embedding_table(const std::string& dir, Progress* progress = nullptr);

} // namespace es
