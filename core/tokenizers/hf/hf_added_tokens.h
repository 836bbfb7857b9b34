// The added_tokens of a tokenizer.json: strings recognised in the text before the model sees
// it (leftmost, longest first), as Hugging Face does — those marked "normalized" in the
// normalized text, the others in the input itself — with lstrip/rstrip (the whitespace beside
// the token goes with it) and single_word (only between non-word characters).
// Our one departure, for every tokenizer of the project (DESIGN.md): a token marked "special"
// is recognised only when the caller allows special tokens; non-special ones always are.
#pragma once
#include "tokenizers/hf/hf_json.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace es {

class HfModel;
class HfNormalizer;

struct HfAddedToken {
    std::string content;
    uint32_t id;
    bool special = false, single_word = false, lstrip = false, rstrip = false, normalized = true;
};

class HfAddedTokens {
public:
    // `id_bound`: ids at or past it are out of range.
    HfAddedTokens(const HfJson& list, const HfModel& model, const HfNormalizer* normalizer, uint32_t id_bound);

    struct Match {
        size_t start, end;  // bytes of the searched text, stripped whitespace included
        const HfAddedToken* token;
    };
    // The added tokens in `text`: those not normalized (normalized = false) in the input, or
    // the normalized ones (normalized = true) in normalized text.
    void find(std::string_view text, bool normalized, bool allow_special, std::vector<Match>& out) const;

    const HfAddedToken* by_id(uint32_t id) const {
        auto it = by_id_.find(id);
        return it == by_id_.end() ? nullptr : &tokens_[it->second];
    }
    const HfAddedToken* by_content(const std::string& s) const {
        auto it = by_content_.find(s);
        return it == by_content_.end() ? nullptr : &tokens_[it->second];
    }
    const std::vector<HfAddedToken>& tokens() const { return tokens_; }
    bool empty() const { return tokens_.empty(); }

private:
    struct Trie {
        std::unordered_map<uint64_t, uint32_t> child;  // (node << 8 | byte) → node
        std::vector<int32_t> terminal{-1};             // per node: index into tokens_, or -1
        bool first[256] = {};
        void add(const std::string& s, int32_t token);
    };
    std::vector<HfAddedToken> tokens_;
    std::unordered_map<uint32_t, size_t> by_id_;
    std::unordered_map<std::string, size_t> by_content_;
    Trie raw_, normalized_;
};

} // namespace es
