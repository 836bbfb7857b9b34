// Input bytes that are not UTF-8 (a stray continuation byte, an overlong "C0 AF", a cut-off
// character) are treated alike by every tokenizer: byte-level BPE keeps the bytes, WordPiece
// and GloVe read U+FFFD (BERT's normalizer then removes it, as Hugging Face's does), and every
// token whose input span holds such bytes is flagged (Token::invalid_utf8, "invalid_utf8" in
// JSON, marked in the token strip). A character split between two tokens is not invalid: that
// is Token::partial_utf8.
#pragma once
#include "tokenizers/token.h"

#include <string_view>
#include <vector>

namespace es {

// Sets invalid_utf8 on each token whose [start, end) covers a byte of an invalid sequence of
// `text`, and writes such a token's text with those bytes as \xNN; tokens without a span are
// left as they are. Linear in the text.
void flag_invalid_utf8(std::string_view text, std::vector<Token>& tokens);

} // namespace es
