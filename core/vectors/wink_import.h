// Converts the wink-embeddings JSON (DESIGN.md: GloVe 6B 100-d; `words` in frequency order,
// `vectors` maps each word to its 100 values, then its L2 norm, then its index) into an .esv.
#pragma once
#include <string>

namespace es {

struct Progress;

// Throws es::Error naming the file and what is wrong (bad JSON, a word without a vector, a
// vector of the wrong length, a non-finite value, an index that disagrees with the order).
void import_wink_json(const std::string& json_path, const std::string& esv_path, Progress* progress = nullptr);

} // namespace es
