// Unicode lower-casing of one character of a text (ICU): the full mapping, one to three
// characters (İ → i̇), and capital sigma's final form where Unicode's Final_Sigma context says
// (as Python's and JavaScript's lower() do).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace es {

bool unicode_cased(uint32_t cp);
bool unicode_case_ignorable(uint32_t cp);

// Appends the full lower-case mapping of `cp` alone (Σ gives σ).
void append_lowercase(uint32_t cp, std::u32string& out);

// Appends the lower case of chars[i], where `chars` is a sequence of items with a code point `cp`.
template <class Chars>
void append_lowercase_at(const Chars& chars, size_t i, std::u32string& out) {
    if (chars[i].cp != 0x03A3) return append_lowercase(chars[i].cp, out);
    // Final_Sigma: a cased letter before and none after, case-ignorable characters skipped.
    auto cased_towards = [&](std::ptrdiff_t dir) {
        for (std::ptrdiff_t k = std::ptrdiff_t(i) + dir; k >= 0 && k < std::ptrdiff_t(chars.size()); k += dir)
            if (!unicode_case_ignorable(chars[size_t(k)].cp)) return unicode_cased(chars[size_t(k)].cp);
        return false;
    };
    out += cased_towards(-1) && !cased_towards(1) ? U'\u03C2' : U'\u03C3';
}

} // namespace es
