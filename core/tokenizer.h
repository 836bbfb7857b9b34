// The interface every tokenizer implements: text → tokens with ids and byte spans.
#pragma once
#include "token.h"

#include <string>
#include <string_view>
#include <vector>

namespace es {

class Tokenizer {
public:
    virtual ~Tokenizer() = default;
    virtual std::string name() const = 0;
    // Never throws on any input bytes; empty text gives no tokens.
    virtual std::vector<Token> encode(std::string_view text) const = 0;
};

} // namespace es
