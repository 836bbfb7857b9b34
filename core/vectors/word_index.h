// Word → row lookup: an open-addressing hash table of row numbers, stored as an .esv section
// so that opening a table builds nothing. Slots hold row + 1 (0 = empty); linear probing;
// capacity a power of two at most half full.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace es {

uint64_t word_hash(std::string_view word);

// Builds the slot array for `rows` words given by `word_at`. Duplicate words keep the first row.
std::vector<uint32_t> build_word_index(size_t rows, const std::function<std::string_view(size_t)>& word_at);

// Looks `word` up in `slots`, comparing with `word_at`.
std::optional<uint32_t> find_in_word_index(std::span<const uint32_t> slots, std::string_view word,
                                           const std::function<std::string_view(size_t)>& word_at);

} // namespace es
