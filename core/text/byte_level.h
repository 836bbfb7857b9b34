// GPT-2's byte-level alphabet: every byte spelled as one printable code point, so that a
// vocabulary of byte strings can be stored as text ("Ġthe" is the bytes " the").
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace es::byte_level {

// The vocabulary spelling of raw bytes: " the" → "Ġthe".
std::string spell(std::string_view bytes);
// The bytes a spelling stands for; nullopt when a character is outside the alphabet.
std::optional<std::string> unspell(std::string_view spelling);

} // namespace es::byte_level
