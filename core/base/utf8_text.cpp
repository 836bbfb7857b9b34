#include "base/utf8_text.h"

namespace es::utf8 {

CodePoint decode(std::string_view s, size_t i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return {c, 1, true};
    size_t n;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) n = 2, cp = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) n = 3, cp = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) n = 4, cp = c & 0x07, min = 0x10000;
    else return {0xFFFD, 1, false};
    if (i + n > s.size()) return {0xFFFD, 1, false};
    for (size_t k = 1; k < n; ++k) {
        const unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return {0xFFFD, 1, false};
        cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0xFFFD, 1, false};
    return {cp, n, true};
}

void append(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_valid(std::string_view bytes) {
    for (size_t i = 0; i < bytes.size();) {
        if (static_cast<unsigned char>(bytes[i]) < 0x80) { ++i; continue; }
        CodePoint c = decode(bytes, i);
        if (!c.valid) return false;
        i += c.len;
    }
    return true;
}

std::string display(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    static const char* hex = "0123456789ABCDEF";
    for (size_t i = 0; i < bytes.size();) {
        CodePoint c = decode(bytes, i);
        if (c.valid) {
            out.append(bytes.substr(i, c.len));
        } else {
            const unsigned char b = static_cast<unsigned char>(bytes[i]);
            out += "\\x";
            out += hex[b >> 4];
            out += hex[b & 15];
        }
        i += c.len;
    }
    return out;
}

size_t length(std::string_view text) {
    size_t n = 0;
    for (size_t i = 0; i < text.size(); i += decode(text, i).len) ++n;
    return n;
}

std::string_view prefix(std::string_view text, size_t chars) {
    size_t i = 0;
    for (size_t n = 0; n < chars && i < text.size(); ++n) i += decode(text, i).len;
    return text.substr(0, i);
}

} // namespace es::utf8
