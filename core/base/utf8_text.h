// UTF-8 as tokenizers see it: code points from untrusted bytes, and the display form of a
// token's bytes (an incomplete or invalid sequence shown as \xNN escapes).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace es::utf8 {

struct CodePoint {
    uint32_t cp;  // U+FFFD for an invalid or truncated sequence
    size_t len;   // bytes consumed: 1 for an invalid byte
    bool valid;
};

// Decodes the code point at text[i] (i < text.size()); rejects overlongs, surrogates, > U+10FFFF.
CodePoint decode(std::string_view text, size_t i);
void append(std::string& out, uint32_t cp);
bool is_valid(std::string_view bytes);
// Code points in `text` (an invalid byte counts as one).
size_t length(std::string_view text);
// The first `chars` code points of `text` (all of it when it has fewer).
std::string_view prefix(std::string_view text, size_t chars);
// The bytes as text: valid sequences as they are, every other byte as the four characters \xNN.
std::string display(std::string_view bytes);

} // namespace es::utf8
