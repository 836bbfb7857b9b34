// "Did you mean": the vocabulary words closest in spelling to a word the table lacks.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace es {

class VectorTable;

// Up to `max` words within edit distance 2 (insertions, deletions, substitutions and swaps of
// adjacent bytes, compared lower-cased), closest first, then most frequent (lowest row) first.
std::vector<std::string> similar_spellings(const VectorTable& table, std::string_view word, size_t max = 5);

} // namespace es
