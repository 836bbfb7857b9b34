// The pattern of a tokenizer.json Split, Replace or decoder Replace: {"String": s} matches s
// literally, {"Regex": r} is an Oniguruma pattern run by PCRE2 (the syntax the files use).
#pragma once
#include "text/pretokenizer_regex.h"
#include "tokenizers/hf/hf_json.h"

#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace es {

class HfPattern {
public:
    explicit HfPattern(const HfJson& pattern);
    // The non-empty matches in `text`, left to right, as byte ranges.
    void find_all(std::string_view text, std::vector<std::pair<size_t, size_t>>& out) const;
    // `text` with every match replaced by `content`.
    std::string replace_all(std::string_view text, std::string_view content) const;

private:
    std::string literal_;
    std::unique_ptr<PretokenizerRegex> regex_;
};

} // namespace es
