#include "base/text_lines.h"
#include "base/error.h"
#include "base/huge_pages.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace es {

bool is_valid_utf8(std::string_view s) {
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { ++i; continue; }
        size_t len;
        uint32_t cp;
        if ((c & 0xe0) == 0xc0) { len = 2; cp = c & 0x1f; }
        else if ((c & 0xf0) == 0xe0) { len = 3; cp = c & 0x0f; }
        else if ((c & 0xf8) == 0xf0) { len = 4; cp = c & 0x07; }
        else return false;
        if (i + len > n) return false;
        for (size_t k = 1; k < len; ++k) {
            const unsigned char cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

std::vector<std::string_view> split_tabs(std::string_view s) {
    std::vector<std::string_view> out;
    for (size_t i = 0;;) {
        const size_t t = s.find('\t', i);
        out.push_back(s.substr(i, t == std::string_view::npos ? std::string_view::npos : t - i));
        if (t == std::string_view::npos) return out;
        i = t + 1;
    }
}

std::string text_position(const std::string& path, size_t line, size_t byte_offset) {
    return path + ":" + std::to_string(line) + " (byte " + std::to_string(byte_offset) + ")";
}

bool TextLines::next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    offset_ = pos_;
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    ++line_;
    return true;
}

std::string read_text_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw Error(path + ": is a folder, not a file");
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw Error(path + ": cannot open: " + std::strerror(errno));
    // Read in blocks into one string: no second copy (a stream buffer would make one), and a
    // file that grows or is a pipe still reads to its end.
    std::string text;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > 0) reserve_huge(text, size + 1);
    char block[1 << 16];
    size_t n;
    while ((n = std::fread(block, 1, sizeof block, f)) > 0) text.append(block, n);
    const bool failed = std::ferror(f);
    std::fclose(f);
    if (failed) throw Error(path + ": read failed");
    return text;
}

} // namespace es
