// [SECTION] character mapping
// [SECTION] normalizers
// [SECTION] building from tokenizer.json
#include "tokenizers/hf/hf_normalizer.h"

#include "base/base64.h"
#include "base/utf8_text.h"
#include "text/bert_pretokenizer.h"
#include "text/precompiled_charsmap.h"
#include "text/unicode_case.h"
#include "tokenizers/hf/hf_pattern.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace es {

// =========================================================================================
// [SECTION] character mapping
// =========================================================================================

namespace {

struct Char {
    uint32_t cp;
    uint32_t at, len;  // bytes in the text
    bool valid;
};

std::vector<Char> chars_of(const std::string& s) {
    std::vector<Char> out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        utf8::CodePoint c = utf8::decode(s, i);
        out.push_back({c.cp, uint32_t(i), uint32_t(c.len), c.valid});
        i += c.len;
    }
    return out;
}

// Rewrites `t` character by character: f(chars, k, out) appends the replacement of chars[k]
// (nothing drops it); invalid bytes are kept as they are.
template <class F>
void map_chars(AlignedText& t, F&& f) {
    const std::vector<Char> cs = chars_of(t.text);
    AlignedText out;
    out.text.reserve(t.size());
    std::u32string rep;
    std::string bytes;
    for (size_t k = 0; k < cs.size(); ++k) {
        const Char& c = cs[k];
        if (!c.valid) {
            out.append_from(t, c.at, c.at + c.len);
            continue;
        }
        rep.clear();
        f(cs, k, rep);
        if (rep.size() == 1 && rep[0] == c.cp) {
            out.append_from(t, c.at, c.at + c.len);
            continue;
        }
        size_t s, e;
        t.span(c.at, c.at + c.len, s, e);
        bytes.clear();
        for (char32_t x : rep) utf8::append(bytes, x);
        out.append(bytes, uint32_t(s), uint32_t(e));
    }
    t = std::move(out);
}

bool is_white(uint32_t cp) { return u_isUWhiteSpace(UChar32(cp)); }

// =========================================================================================
// [SECTION] normalizers
// =========================================================================================

class Unicode final : public HfNormalizer {
public:
    Unicode(const icu::Normalizer2* n, const HfJson& at) : n_(n) {
        if (!n_) at.fail("ICU has no such normalization form");
    }
    // ICU reports which input ranges it changed: unchanged bytes keep their spans, a changed
    // range maps all its output to the whole input range. Invalid UTF-8 goes segment by segment.
    void normalize(AlignedText& t) const override {
        UErrorCode err = U_ZERO_ERROR;
        if (is_ascii(t.text)) return;
        const icu::StringPiece in(t.text.data(), int32_t(t.text.size()));
        if (!utf8::is_valid(t.text)) return normalize_segments(t);
        if (n_->isNormalizedUTF8(in, err) && U_SUCCESS(err)) return;
        err = U_ZERO_ERROR;
        std::string bytes;
        icu::StringByteSink<std::string> sink(&bytes);
        icu::Edits edits;
        n_->normalizeUTF8(0, in, sink, &edits, err);
        if (U_FAILURE(err)) return normalize_segments(t);
        AlignedText out;
        out.text.reserve(bytes.size());
        icu::Edits::Iterator it = edits.getFineIterator();
        while (it.next(err)) {
            const size_t src = size_t(it.sourceIndex()), dst = size_t(it.destinationIndex());
            if (!it.hasChange()) {
                out.append_from(t, src, src + size_t(it.oldLength()));
            } else if (it.newLength() > 0) {
                size_t s = t.start_of(src), e = t.end_of(src);
                if (it.oldLength() > 0) t.span(src, src + size_t(it.oldLength()), s, e);
                out.append(std::string_view(bytes).substr(dst, size_t(it.newLength())), uint32_t(s), uint32_t(e));
            }
        }
        t = std::move(out);
    }

private:
    // Segments between normalization boundaries, each normalized alone (for invalid UTF-8,
    // whose bytes stay as they are).
    void normalize_segments(AlignedText& t) const {
        UErrorCode err = U_ZERO_ERROR;
        const std::vector<Char> cs = chars_of(t.text);
        AlignedText out;
        out.text.reserve(t.size());
        size_t k = 0;
        std::string bytes;
        while (k < cs.size()) {
            if (!cs[k].valid) {
                out.append_from(t, cs[k].at, cs[k].at + cs[k].len);
                ++k;
                continue;
            }
            size_t j = k + 1;
            while (j < cs.size() && cs[j].valid && !n_->hasBoundaryBefore(UChar32(cs[j].cp))) ++j;
            const size_t a = cs[k].at, b = cs[j - 1].at + cs[j - 1].len;
            icu::UnicodeString seg = icu::UnicodeString::fromUTF8(icu::StringPiece(t.text.data() + a, int32_t(b - a)));
            err = U_ZERO_ERROR;
            icu::UnicodeString norm = n_->normalize(seg, err);
            bytes.clear();
            if (U_SUCCESS(err)) norm.toUTF8String(bytes);
            if (U_FAILURE(err) || bytes == std::string_view(t.text).substr(a, b - a)) {
                out.append_from(t, a, b);
            } else {
                size_t s, e;
                t.span(a, b, s, e);
                out.append(bytes, uint32_t(s), uint32_t(e));
            }
            k = j;
        }
        t = std::move(out);
    }
    static bool is_ascii(const std::string& s) {
        for (char c : s)
            if (static_cast<unsigned char>(c) >= 0x80) return false;
        return true;
    }
    const icu::Normalizer2* n_;
};

const icu::Normalizer2* form(const std::string& name) {
    UErrorCode err = U_ZERO_ERROR;
    if (name == "NFC") return icu::Normalizer2::getNFCInstance(err);
    if (name == "NFD") return icu::Normalizer2::getNFDInstance(err);
    if (name == "NFKC") return icu::Normalizer2::getNFKCInstance(err);
    return icu::Normalizer2::getNFKDInstance(err);
}

class Lowercase final : public HfNormalizer {
public:
    void normalize(AlignedText& t) const override { map_chars(t, append_lowercase_at<std::vector<Char>>); }
};

class StripAccents final : public HfNormalizer {
public:
    void normalize(AlignedText& t) const override {
        map_chars(t, [](const std::vector<Char>& cs, size_t k, std::u32string& out) {
            if (!(U_GET_GC_MASK(UChar32(cs[k].cp)) & U_GC_M_MASK)) out += char32_t(cs[k].cp);
        });
    }
};

class Strip final : public HfNormalizer {
public:
    Strip(bool left, bool right) : left_(left), right_(right) {}
    void normalize(AlignedText& t) const override {
        const std::vector<Char> cs = chars_of(t.text);
        size_t a = 0, b = cs.size();
        if (left_)
            while (a < b && cs[a].valid && is_white(cs[a].cp)) ++a;
        if (right_)
            while (b > a && cs[b - 1].valid && is_white(cs[b - 1].cp)) --b;
        if (a == 0 && b == cs.size()) return;
        AlignedText out;
        if (a < b) out.append_from(t, cs[a].at, cs[b - 1].at + cs[b - 1].len);
        t = std::move(out);
    }

private:
    bool left_, right_;
};

class Replace final : public HfNormalizer {
public:
    Replace(const HfJson& config) : pattern_(config.at("pattern")), content_(config.at("content").str()) {}
    void normalize(AlignedText& t) const override {
        std::vector<std::pair<size_t, size_t>> m;
        pattern_.find_all(t.text, m);
        if (m.empty()) return;
        AlignedText out;
        size_t pos = 0;
        for (auto [s, e] : m) {
            out.append_from(t, pos, s);
            size_t is, ie;
            t.span(s, e, is, ie);
            // Each replacement byte keeps the span of the matched bytes.
            out.append(content_, uint32_t(is), content_.empty() ? uint32_t(is) : uint32_t(ie));
            pos = e;
        }
        out.append_from(t, pos, t.size());
        t = std::move(out);
    }

private:
    HfPattern pattern_;
    std::string content_;
};

class Prepend final : public HfNormalizer {
public:
    explicit Prepend(std::string p) : p_(std::move(p)) {}
    void normalize(AlignedText& t) const override {
        if (t.text.empty()) return;
        AlignedText out;
        out.append(p_, t.start_of(0), t.start_of(0));  // inserted text covers no input
        out.append_from(t, 0, t.size());
        t = std::move(out);
    }

private:
    std::string p_;
};

// BertNormalizer as the reference does it: clean, space out CJK ideographs, lower-case, then
// strip accents (NFD, drop Mn) when lower-casing unless strip_accents is false.
class Bert final : public HfNormalizer {
public:
    explicit Bert(const HfJson& c) {
        c.only({"type", "clean_text", "handle_chinese_chars", "strip_accents", "lowercase"});
        clean_ = c.boolean("clean_text", true);
        chinese_ = c.boolean("handle_chinese_chars", true);
        lowercase_ = c.boolean("lowercase", true);
        auto sa = c.opt("strip_accents");
        strip_ = sa ? sa->boolean() : lowercase_;
        if (sa && !sa->boolean()) strip_ = false;
    }
    void normalize(AlignedText& t) const override {
        if (clean_)
            map_chars(t, [](const std::vector<Char>& cs, size_t k, std::u32string& out) {
                uint32_t cp = cs[k].cp;
                if (cp == 0 || cp == 0xFFFD || is_control(cp)) return;
                out += char32_t(is_white_js(cp) ? ' ' : cp);
            });
        if (chinese_)
            map_chars(t, [](const std::vector<Char>& cs, size_t k, std::u32string& out) {
                uint32_t cp = cs[k].cp;
                if (bert_is_chinese_char(cp)) out += U' ', out += char32_t(cp), out += U' ';
                else out += char32_t(cp);
            });
        if (lowercase_) map_chars(t, append_lowercase_at<std::vector<Char>>);
        if (strip_) {
            UErrorCode err = U_ZERO_ERROR;
            static const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
            map_chars(t, [](const std::vector<Char>& cs, size_t k, std::u32string& out) {
                UErrorCode e = U_ZERO_ERROR;
                icu::UnicodeString s(UChar32(cs[k].cp));
                icu::UnicodeString d = nfd ? nfd->normalize(s, e) : s;
                if (U_FAILURE(e)) d = s;
                for (int32_t i = 0; i < d.length();) {
                    UChar32 x = d.char32At(i);
                    i += U16_LENGTH(x);
                    if (u_charType(x) != U_NON_SPACING_MARK) out += char32_t(x);
                }
            });
        }
    }

private:
    static bool is_control(uint32_t cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') return false;
        int8_t ty = u_charType(UChar32(cp));
        return ty == U_CONTROL_CHAR || ty == U_FORMAT_CHAR || ty == U_PRIVATE_USE_CHAR || ty == U_SURROGATE;
    }
    // JavaScript's \s (the reference's test): White_Space plus U+FEFF.
    static bool is_white_js(uint32_t cp) { return is_white(cp) || cp == 0xFEFF; }
    bool clean_, chinese_, lowercase_, strip_;
};

class Precompiled final : public HfNormalizer {
public:
    explicit Precompiled(const HfJson& c) : map_(decode(c)) {}
    void normalize(AlignedText& t) const override { map_.normalize(t); }

private:
    static PrecompiledCharsmap decode(const HfJson& c) {
        c.only({"type", "precompiled_charsmap"});
        std::string bytes;
        auto m = c.opt("precompiled_charsmap");
        if (!m) return PrecompiledCharsmap("");
        if (!m->str().empty() && !base64_decode(m->str(), bytes)) m->fail("not valid base64");
        try {
            return PrecompiledCharsmap(bytes);
        } catch (const Error& e) {
            m->fail(e.what());
        }
    }
    PrecompiledCharsmap map_;
};

class Sequence final : public HfNormalizer {
public:
    explicit Sequence(std::vector<std::unique_ptr<HfNormalizer>> n) : n_(std::move(n)) {}
    void normalize(AlignedText& t) const override {
        for (const auto& n : n_) n->normalize(t);
    }

private:
    std::vector<std::unique_ptr<HfNormalizer>> n_;
};

} // namespace

// =========================================================================================
// [SECTION] building from tokenizer.json
// =========================================================================================

std::unique_ptr<HfNormalizer> make_hf_normalizer(const HfJson& c) {
    const std::string type = c.type();
    if (type == "Sequence") {
        c.only({"type", "normalizers"});
        HfJson list = c.at("normalizers");
        std::vector<std::unique_ptr<HfNormalizer>> n;
        for (size_t i = 0; i < list.size(); ++i) n.push_back(make_hf_normalizer(list[i]));
        return std::make_unique<Sequence>(std::move(n));
    }
    if (type == "NFC" || type == "NFD" || type == "NFKC" || type == "NFKD") {
        c.only({"type"});
        return std::make_unique<Unicode>(form(type), c);
    }
    if (type == "Lowercase") {
        c.only({"type"});
        return std::make_unique<Lowercase>();
    }
    if (type == "StripAccents") {
        c.only({"type"});
        return std::make_unique<StripAccents>();
    }
    if (type == "Strip") {
        c.only({"type", "strip_left", "strip_right"});
        return std::make_unique<Strip>(c.boolean("strip_left", true), c.boolean("strip_right", true));
    }
    if (type == "Replace") {
        c.only({"type", "pattern", "content"});
        return std::make_unique<Replace>(c);
    }
    if (type == "Prepend") {
        c.only({"type", "prepend"});
        return std::make_unique<Prepend>(c.at("prepend").str());
    }
    if (type == "BertNormalizer") return std::make_unique<Bert>(c);
    if (type == "Precompiled") return std::make_unique<Precompiled>(c);
    c.at("type").fail("unsupported normalizer \"" + type + "\"");
}

} // namespace es
