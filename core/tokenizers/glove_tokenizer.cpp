#include "tokenizers/glove_tokenizer.h"
#include "vectors/vector_table.h"

#include "base/utf8_text.h"
#include "tokenizers/invalid_utf8.h"

#include <cctype>

namespace es {
namespace {

enum class Kind { Space, Word, Punct };

struct Cp {
    uint32_t cp;
    size_t len;  // bytes; an invalid sequence (overlong C0 AF too) decodes as U+FFFD of length 1
    bool valid;
};

Cp decode_cp(std::string_view s, size_t i) {
    const utf8::CodePoint c = utf8::decode(s, i);
    return {c.cp, c.len, c.valid};
}

bool is_apostrophe(uint32_t cp) { return cp == '\'' || cp == 0x2019; }

Kind classify(uint32_t cp) {
    if (cp < 0x80) {
        if (std::isspace(int(cp)) || cp < 0x20 || cp == 0x7f) return Kind::Space;
        if (std::isalnum(int(cp))) return Kind::Word;
        return Kind::Punct;
    }
    if (cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 ||
        cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF)
        return Kind::Space;
    // Common non-ASCII punctuation; everything else (letters of every script) is word material.
    if ((cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) || cp == 0xAB || cp == 0xBB ||
        cp == 0xA1 || cp == 0xBF || cp == 0xA7 || cp == 0xB6 || cp == 0xB7 || (cp >= 0x3001 && cp <= 0x3003) ||
        (cp >= 0x300C && cp <= 0x300F) || cp == 0xFF0C || cp == 0xFF0E || cp == 0xFFFD)
        return Kind::Punct;
    return Kind::Word;
}

bool is_digit(uint32_t cp) { return cp >= '0' && cp <= '9'; }
bool is_alpha(uint32_t cp) { return cp < 0x80 ? std::isalpha(int(cp)) != 0 : classify(cp) == Kind::Word; }

const char* const kClitics[] = {"s", "re", "ll", "d", "ve", "m"};

} // namespace

std::vector<Token> GloveTokenizer::encode(std::string_view text) const {
    std::vector<Token> out;
    auto emit = [&](size_t b, size_t e) {
        if (b >= e) return;
        Token t;
        t.text = std::string(text.substr(b, e - b));
        std::string piece;
        for (size_t i = b; i < e;) {
            Cp c = decode_cp(text, i);
            if (c.cp == 0x2019) piece += '\'';  // GloVe's corpus spells the apostrophe in ASCII
            else if (!c.valid) piece += "\xEF\xBF\xBD";  // U+FFFD: what the bytes were meant to be is unknown
            else piece.append(text.substr(i, c.len));
            i += c.len;
        }
        t.piece = to_lower_utf8(piece);
        t.start = b;
        t.end = e;
        if (table_)
            if (auto r = table_->find_exact(t.piece)) t.id = *r;
        out.push_back(std::move(t));
    };

    size_t i = 0;
    const size_t n = text.size();
    while (i < n) {
        Cp c = decode_cp(text, i);
        Kind k = classify(c.cp);
        if (k == Kind::Space) { i += c.len; continue; }
        if (k == Kind::Punct) {
            // "..." and "--" stay whole; a clitic after a space ("'s") is a word of its own.
            if (c.cp == '.' && text.substr(i, 3) == "...") { size_t e = i; while (e < n && text[e] == '.') ++e; emit(i, e); i = e; continue; }
            if (c.cp == '-' && text.substr(i, 2) == "--") { size_t e = i; while (e < n && text[e] == '-') ++e; emit(i, e); i = e; continue; }
            if (is_apostrophe(c.cp) && i + c.len < n && is_alpha(decode_cp(text, i + c.len).cp)) {
                size_t e = i + c.len;
                while (e < n && classify(decode_cp(text, e).cp) == Kind::Word) e += decode_cp(text, e).len;
                emit(i, e);
                i = e;
                continue;
            }
            emit(i, i + c.len);
            i += c.len;
            continue;
        }
        // A word: word characters joined by '-', '.', ',', '&' or an apostrophe when a word
        // character follows; numbers keep their separators ("1,000", "3.5").
        size_t b = i, e = i;
        bool abbrev = false;  // saw letter '.' letter: "u.s." keeps its final period
        while (e < n) {
            Cp d = decode_cp(text, e);
            Kind dk = classify(d.cp);
            if (dk == Kind::Word) { e += d.len; continue; }
            if (dk == Kind::Space || e + d.len >= n) break;
            Cp next = decode_cp(text, e + d.len);
            if (classify(next.cp) != Kind::Word) break;
            Cp prev = decode_cp(text, e - 1);  // ASCII check suffices for the separators below
            if (d.cp == '-' || d.cp == '&' || is_apostrophe(d.cp)) { e += d.len; continue; }
            if (d.cp == '.' && ((is_digit(prev.cp) && is_digit(next.cp)) || (is_alpha(prev.cp) && is_alpha(next.cp) && e + d.len + next.len < n && text[e + d.len + next.len] == '.'))) {
                abbrev = abbrev || !is_digit(prev.cp);
                e += d.len;
                continue;
            }
            if (d.cp == ',' && is_digit(prev.cp) && is_digit(next.cp)) { e += d.len; continue; }
            break;
        }
        if (abbrev && e < n && text[e] == '.') ++e;
        // Clitics: "n't" and 's 're 'll 'd 've 'm split off the end.
        std::string_view w = text.substr(b, e - b);
        std::string lw = to_lower_utf8(w);
        size_t split = e;
        if (lw.size() > 3 && lw.ends_with("n't")) split = e - 3;
        else if (lw.size() > 5 && lw.ends_with("n\xE2\x80\x99t")) split = e - 5;
        else {
            for (const char* cl : kClitics) {
                std::string s(cl);
                for (const char* ap : {"'", "\xE2\x80\x99"}) {
                    std::string suffix = std::string(ap) + s;
                    if (lw.size() > suffix.size() && lw.ends_with(suffix)) { split = e - suffix.size(); break; }
                }
                if (split != e) break;
            }
        }
        emit(b, split);
        emit(split, e);
        i = e;
    }
    flag_invalid_utf8(text, out);
    return out;
}

} // namespace es
