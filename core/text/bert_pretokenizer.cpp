#include "text/bert_pretokenizer.h"

#include "base/huge_pages.h"
#include "base/utf8_text.h"
#include "text/unicode_case.h"

#include <algorithm>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace es {
namespace {

bool is_control(uint32_t cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') return false;
    int8_t t = u_charType(static_cast<UChar32>(cp));
    return t == U_CONTROL_CHAR || t == U_FORMAT_CHAR || t == U_PRIVATE_USE_CHAR || t == U_SURROGATE ||
           t == U_UNASSIGNED;
}

bool is_whitespace(uint32_t cp) {
    return u_isUWhiteSpace(static_cast<UChar32>(cp));  // White_Space, as Rust's char::is_whitespace
}

struct Char {
    uint32_t cp;
    uint32_t start, end;
};

void strip_accents_into(char32_t c, std::u32string& out) {
    UErrorCode err = U_ZERO_ERROR;
    static const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
    if (c < 0x80 || (nfd && nfd->isInert(static_cast<UChar32>(c)))) {  // NFD leaves it alone: no string to build
        if (u_charType(static_cast<UChar32>(c)) != U_NON_SPACING_MARK) out += c;
        return;
    }
    icu::UnicodeString s(static_cast<UChar32>(c));
    if (nfd) {
        err = U_ZERO_ERROR;
        icu::UnicodeString d = nfd->normalize(s, err);
        if (U_SUCCESS(err)) s = d;
    }
    for (int32_t k = 0; k < s.length();) {
        UChar32 x = s.char32At(k);
        k += U16_LENGTH(x);
        if (u_charType(x) != U_NON_SPACING_MARK) out += static_cast<char32_t>(x);
    }
}

} // namespace

bool bert_is_chinese_char(uint32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF) ||
           (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

bool bert_is_punctuation(uint32_t cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
    return (U_GET_GC_MASK(static_cast<UChar32>(cp)) & U_GC_P_MASK) != 0;
}

std::vector<AlignedWord> bert_pretokenize(std::string_view text, const BertNormalization& options) {
    std::vector<AlignedWord> words;
    for_each_bert_word(text, options, [&](const AlignedWord& w) { words.push_back(w); });
    return words;
}

void for_each_bert_word(std::string_view text, const BertNormalization& o, const std::function<void(const AlignedWord&)>& sink,
                        size_t keep_chars) {
    keep_chars = std::max<size_t>(keep_chars, 1);
    // 1. Characters with their input spans; cleaning drops and maps per character.
    std::vector<Char> chars;
    reserve_huge(chars, text.size());
    for (size_t i = 0; i < text.size();) {
        utf8::CodePoint c = utf8::decode(text, i);
        uint32_t cp = c.cp;
        const uint32_t s = static_cast<uint32_t>(i), e = static_cast<uint32_t>(i + c.len);
        i += c.len;
        if (o.clean_text) {
            if (cp == 0 || cp == 0xFFFD || is_control(cp)) continue;
            if (is_whitespace(cp)) cp = ' ';
        }
        chars.push_back({cp, s, e});
    }
    const bool strip = o.strip_accents == 1 || (o.strip_accents == -1 && o.lowercase);
    // 2. Normalize each character, 3. split into words on whitespace and punctuation.
    AlignedWord cur;
    auto keep = [&](char32_t c, uint32_t s, uint32_t e) {
        if (cur.chars.size() < keep_chars) cur.chars += c, cur.start.push_back(s), cur.end.push_back(e);
        else cur.end.back() = e;
    };
    auto flush = [&] {
        if (cur.chars.empty()) return;
        sink(cur);
        cur.chars.clear(), cur.start.clear(), cur.end.clear();
    };
    std::u32string norm, lowered;
    for (size_t i = 0; i < chars.size(); ++i) {
        const Char& ch = chars[i];
        norm.clear();
        if (o.lowercase) {
            lowered.clear();
            append_lowercase_at(chars, i, lowered);
        } else {
            lowered.assign(1, static_cast<char32_t>(ch.cp));
        }
        if (strip)
            for (char32_t c : lowered) strip_accents_into(c, norm);
        else
            norm = lowered;
        const bool cjk = o.handle_chinese_chars && bert_is_chinese_char(ch.cp);
        if (cjk) flush();
        for (char32_t c : norm) {
            if (is_whitespace(c)) {
                flush();
            } else if (bert_is_punctuation(c)) {
                flush();
                keep(c, ch.start, ch.end);
                flush();
            } else {
                keep(c, ch.start, ch.end);
            }
        }
        if (cjk) flush();
    }
    flush();
}

} // namespace es
