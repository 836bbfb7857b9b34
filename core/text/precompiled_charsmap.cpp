#include "text/precompiled_charsmap.h"

#include "base/error.h"
#include "base/utf8_text.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <cstring>
#include <memory>

namespace es {
namespace {

// darts-clone's unit layout.
bool has_leaf(uint32_t u) { return (u >> 8) & 1; }
uint32_t value(uint32_t u) { return u & ((1u << 31) - 1); }
uint32_t label(uint32_t u) { return u & ((1u << 31) | 0xFF); }
uint32_t offset(uint32_t u) { return (u >> 10) << ((u & (1u << 9)) >> 6); }

} // namespace

PrecompiledCharsmap::PrecompiledCharsmap(std::string_view blob) {
    if (blob.empty()) return;  // no map: the text stays as it is
    if (blob.size() < 4) throw Error("the charsmap is shorter than its header");
    uint32_t trie_bytes;
    std::memcpy(&trie_bytes, blob.data(), 4);
    if (trie_bytes % 4 != 0 || trie_bytes > blob.size() - 4)
        throw Error("the charsmap's trie size " + std::to_string(trie_bytes) + " does not fit its " +
                    std::to_string(blob.size()) + " bytes");
    trie_.resize(trie_bytes / 4);
    std::memcpy(trie_.data(), blob.data() + 4, trie_bytes);
    normalized_.assign(blob.substr(4 + trie_bytes));
}

const char* PrecompiledCharsmap::transform(std::string_view chunk, size_t& length) const {
    if (trie_.empty()) return nullptr;
    size_t pos = 0;
    uint32_t unit = trie_[0];
    pos ^= offset(unit);
    for (unsigned char c : chunk) {
        if (c == 0) break;
        pos ^= c;
        if (pos >= trie_.size()) return nullptr;
        unit = trie_[pos];
        if (label(unit) != c) return nullptr;
        pos ^= offset(unit);
        if (pos >= trie_.size()) return nullptr;
        if (has_leaf(unit)) {  // the first (shortest) match, as Hugging Face takes it
            const size_t at = value(trie_[pos]);
            if (at >= normalized_.size()) return nullptr;
            const size_t end = normalized_.find('\0', at);
            length = (end == std::string::npos ? normalized_.size() : end) - at;
            return normalized_.data() + at;
        }
    }
    return nullptr;
}

void PrecompiledCharsmap::normalize(AlignedText& t) const {
    if (trie_.empty() || t.text.empty()) return;
    UErrorCode err = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> graphemes(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), err));
    UText* ut = utext_openUTF8(nullptr, t.text.data(), int64_t(t.text.size()), &err);
    if (U_FAILURE(err) || !graphemes) {
        if (ut) utext_close(ut);
        return;
    }
    graphemes->setText(ut, err);
    AlignedText out;
    out.text.reserve(t.size());
    auto emit = [&](size_t a, size_t b) {  // bytes [a, b) of t: its replacement, or itself
        size_t len = 0;
        const char* rep = transform(std::string_view(t.text).substr(a, b - a), len);
        if (!rep) return false;
        size_t s, e;
        t.span(a, b, s, e);
        out.append(std::string_view(rep, len), uint32_t(s), uint32_t(e));
        return true;
    };
    int32_t a = graphemes->first();
    for (int32_t b = graphemes->next(); b != icu::BreakIterator::DONE; a = b, b = graphemes->next()) {
        if (b - a < 6 && emit(size_t(a), size_t(b))) continue;
        for (size_t i = size_t(a); i < size_t(b);) {
            const size_t n = utf8::decode(t.text, i).len;
            if (!emit(i, i + n)) out.append_from(t, i, i + n);
            i += n;
        }
    }
    utext_close(ut);
    t = std::move(out);
}

} // namespace es
