#include "vectors/word_index.h"

#include <bit>
#include <xxhash.h>

namespace es {

uint64_t word_hash(std::string_view word) { return XXH3_64bits(word.data(), word.size()); }

std::vector<uint32_t> build_word_index(size_t rows, const std::function<std::string_view(size_t)>& word_at) {
    size_t cap = std::bit_ceil(std::max<size_t>(16, rows * 2));
    std::vector<uint32_t> slots(cap, 0);
    const size_t mask = cap - 1;
    for (size_t r = 0; r < rows; ++r) {
        std::string_view w = word_at(r);
        for (size_t i = word_hash(w) & mask;; i = (i + 1) & mask) {
            if (slots[i] == 0) { slots[i] = static_cast<uint32_t>(r + 1); break; }
            if (word_at(slots[i] - 1) == w) break;  // duplicate: the first row wins
        }
    }
    return slots;
}

std::optional<uint32_t> find_in_word_index(std::span<const uint32_t> slots, std::string_view word,
                                           const std::function<std::string_view(size_t)>& word_at) {
    if (slots.empty()) return std::nullopt;
    const size_t mask = slots.size() - 1;
    for (size_t i = word_hash(word) & mask, probes = 0; probes < slots.size(); i = (i + 1) & mask, ++probes) {
        uint32_t s = slots[i];
        if (s == 0) return std::nullopt;
        if (word_at(s - 1) == word) return s - 1;
    }
    return std::nullopt;
}

} // namespace es
