#include "tokenizers/hf/hf_added_tokens.h"

#include "base/utf8_text.h"
#include "tokenizers/hf/hf_model.h"
#include "tokenizers/hf/hf_normalizer.h"

#include <unicode/uchar.h>

namespace es {
namespace {

bool is_word_char(uint32_t cp) { return cp == '_' || u_isalnum(UChar32(cp)) || (U_GET_GC_MASK(UChar32(cp)) & U_GC_M_MASK); }
bool is_white(uint32_t cp) { return u_isUWhiteSpace(UChar32(cp)); }

// The code point that ends just before byte `at`, if valid.
std::optional<uint32_t> char_before(std::string_view s, size_t at) {
    if (at == 0) return std::nullopt;
    size_t b = at - 1;
    while (b > 0 && at - b < 4 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) --b;
    utf8::CodePoint c = utf8::decode(s, b);
    if (!c.valid || b + c.len != at) return std::nullopt;
    return c.cp;
}

} // namespace

void HfAddedTokens::Trie::add(const std::string& s, int32_t token) {
    uint32_t node = 0;
    for (unsigned char b : s) {
        auto [it, fresh] = child.emplace(uint64_t(node) << 8 | b, uint32_t(terminal.size()));
        if (fresh) terminal.push_back(-1);
        node = it->second;
    }
    terminal[node] = token;
    first[static_cast<unsigned char>(s[0])] = true;
}

HfAddedTokens::HfAddedTokens(const HfJson& list, const HfModel& model, const HfNormalizer* normalizer, uint32_t id_bound) {
    const size_t n = list.size();
    tokens_.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        HfJson t = list[i];
        t.only({"id", "content", "single_word", "lstrip", "rstrip", "normalized", "special"});
        HfAddedToken a;
        a.id = t.at("id").u32();
        a.content = t.at("content").str();
        if (a.content.empty()) t.at("content").fail("an empty added token");
        a.special = t.boolean("special", false);
        a.single_word = t.boolean("single_word", false);
        a.lstrip = t.boolean("lstrip", false);
        a.rstrip = t.boolean("rstrip", false);
        a.normalized = t.boolean("normalized", !a.special);
        const std::string* in_vocab = model.id_to_token(a.id);
        if (a.id >= id_bound && !in_vocab)
            t.at("id").fail("the id " + std::to_string(a.id) + " is out of range (the vocabulary has " +
                            std::to_string(model.vocab_size()) + " ids and " + std::to_string(n) + " added tokens)");
        if (by_id_.count(a.id)) t.at("id").fail("the id " + std::to_string(a.id) + " is given to two added tokens");
        if (by_content_.count(a.content)) t.at("content").fail("\"" + a.content + "\" is added twice");
        by_id_[a.id] = tokens_.size();
        by_content_[a.content] = tokens_.size();
        tokens_.push_back(std::move(a));
    }
    for (size_t i = 0; i < tokens_.size(); ++i) {
        const HfAddedToken& a = tokens_[i];
        if (a.normalized && normalizer) {
            std::string norm = normalizer->normalize_string(a.content);
            if (!norm.empty()) normalized_.add(norm, int32_t(i));
        } else {
            raw_.add(a.content, int32_t(i));
        }
    }
}

void HfAddedTokens::find(std::string_view text, bool normalized, bool allow_special, std::vector<Match>& out) const {
    const Trie& trie = normalized ? normalized_ : raw_;
    if (trie.terminal.size() <= 1) return;
    size_t done = 0;  // end of the last match: stripping never reaches back past it
    for (size_t i = 0; i < text.size(); ++i) {
        if (!trie.first[static_cast<unsigned char>(text[i])]) continue;
        uint32_t node = 0;
        int32_t best = -1;
        size_t best_end = 0;
        for (size_t k = i; k < text.size(); ++k) {
            auto it = trie.child.find(uint64_t(node) << 8 | static_cast<unsigned char>(text[k]));
            if (it == trie.child.end()) break;
            node = it->second;
            const int32_t t = trie.terminal[node];
            if (t >= 0 && (allow_special || !tokens_[size_t(t)].special)) best = t, best_end = k + 1;
        }
        if (best < 0) continue;
        const HfAddedToken& a = tokens_[size_t(best)];
        size_t s = i, e = best_end;
        if (a.single_word) {
            auto before = char_before(text, s);
            bool ok = !(before && is_word_char(*before));
            if (e < text.size()) {
                utf8::CodePoint c = utf8::decode(text, e);
                ok = ok && !(c.valid && is_word_char(c.cp));
            }
            if (!ok) continue;
        }
        if (a.lstrip)
            while (s > done) {
                size_t b = s - 1;
                while (b > done && s - b < 4 && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;
                utf8::CodePoint c = utf8::decode(text, b);
                if (!c.valid || b + c.len != s || !is_white(c.cp)) break;
                s = b;
            }
        if (a.rstrip)
            while (e < text.size()) {
                utf8::CodePoint c = utf8::decode(text, e);
                if (!c.valid || !is_white(c.cp)) break;
                e += c.len;
            }
        out.push_back({s, e, &a});
        done = e;
        i = e - 1;
    }
}

} // namespace es
