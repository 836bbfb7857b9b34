// What any tokenizer's output must satisfy, whatever the input bytes: spans inside the text,
// starting in order; encode_ids() the ids of encode(); for a byte-level tokenizer,
// decoding gives the text back. Shared by the tokenizer-file harnesses and the text harness.
#pragma once
#include "tokenizers/tokenizer.h"

namespace es::fuzz {

// Encodes `text` every way the CLI can and checks the invariants; aborts naming `harness`.
void check_tokenizer_on(const char* harness, const Tokenizer& tokenizer, std::string_view text, bool byte_level);

// A short text with the cases tokenizers get wrong: cases, digits, punctuation, spaces and
// newlines, accents, CJK, an emoji, a special-token spelling, a split and an invalid sequence.
inline constexpr std::string_view kSampleText =
    "Hello, World! It's 2026: ça va?  x\n\n\tTokyo 東京 😀 <|endoftext|> [CLS] caf\xC3\xA9 \xC0\xAF end";

} // namespace es::fuzz
