// SentencePiece's precompiled normalization map (tokenizer.json's Precompiled normalizer, the
// nmt_nfkc rules of T5, ALBERT, XLM-R): a darts double-array trie from UTF-8 keys to
// replacement strings, applied the way Hugging Face applies it — per grapheme cluster shorter
// than 6 bytes when the cluster has an entry, else per character.
#pragma once
#include "text/aligned_text.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace es {

class PrecompiledCharsmap {
public:
    // `blob`: the decoded bytes (u32 trie size, the trie, the NUL-separated replacements).
    // Throws es::Error (message without the file) when the sizes do not fit.
    explicit PrecompiledCharsmap(std::string_view blob);
    void normalize(AlignedText& text) const;

private:
    // The replacement for the shortest key that prefixes `chunk`, or nullptr.
    const char* transform(std::string_view chunk, size_t& length) const;
    std::vector<uint32_t> trie_;
    std::string normalized_;
};

} // namespace es
