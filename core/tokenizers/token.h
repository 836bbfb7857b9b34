// One token as every tokenizer returns it (DESIGN.md: "A token in JSON").
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace es {

struct Token {
    int64_t id = -1;               // -1: the vocabulary has no entry for it
    std::string text;              // the token's bytes (display text)
    std::string piece;             // the vocabulary's own spelling (Ġthe, ##ing, ▁the; lower-cased word)
    std::optional<size_t> start;   // byte span in the input; empty for tokens no input produced
    std::optional<size_t> end;
    bool partial_utf8 = false;     // the token splits a UTF-8 character
    bool invalid_utf8 = false;     // its input bytes hold a sequence that is not UTF-8 (invalid_utf8.h)
};

} // namespace es
