// What any tokenizer's output must satisfy, whatever the input bytes: spans inside the text,
// starting in order; encode_ids() the ids of encode(); for a byte-level tokenizer,
// decoding gives the text back. Shared by the tokenizer-file harnesses and the text harness.
#pragma once
#include "tokenizers/tokenizer.h"

#include <cstddef>
#include <cstdint>

namespace es::fuzz {

// Encodes `text` every way the CLI can and checks the invariants; aborts naming `harness`.
void check_tokenizer_on(const char* harness, const Tokenizer& tokenizer, std::string_view text, bool byte_level);

// The body of a harness for one tokenizer file: the input written as `file_name`, loaded by
// make_tokenizer (which picks the kind by the name) and checked on kSampleText.
int fuzz_tokenizer_file(const uint8_t* data, size_t size, const char* harness, const char* file_name, bool byte_level);

// A short text with the cases tokenizers get wrong: cases, digits, punctuation, spaces and
// newlines, accents, CJK, an emoji, a special-token spelling, a split and an invalid sequence.
inline constexpr std::string_view kSampleText =
    "Hello, World! It's 2026: ça va?  x\n\n\tTokyo 東京 😀 <|endoftext|> [CLS] caf\xC3\xA9 \xC0\xAF end";

} // namespace es::fuzz
