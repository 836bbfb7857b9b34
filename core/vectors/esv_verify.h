// `embedscope verify`: everything an .esv file must satisfy, beyond what opening checks. Opening
// checks the structure (header, section bounds and checksums, the vocabulary's offsets and
// spelling); verifying also reads every vector: each value finite, the padding after `dim`
// zero (a changed dimension or moved vectors leave values there), each stored norm that of its
// row, no two rows with one word, and the word index finding every word's own row. A file whose
// checksums were recomputed after damage passes the first and fails the second.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace es {

class VectorTable;

struct EsvVerification {
    size_t rows = 0;
    unsigned dim = 0;
    std::vector<std::string> problems;  // each names the row (and word) or byte; empty: the file is sound
    size_t problem_count = 0;           // all of them; `problems` keeps the first few
};

// Throws es::Error when the file cannot be opened at all (what open_esv refuses).
EsvVerification verify_esv(const std::string& path);
// The same checks on a table already open.
EsvVerification verify_table(const VectorTable& table);

} // namespace es
