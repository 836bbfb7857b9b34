// Line-by-line reading of text files for the loaders and evaluations: the whole file is read
// (or mapped) once, lines are split on '\n' (a trailing '\r' removed), and every line is
// checked to be UTF-8, so errors can name the file, the line and its byte offset.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace es {

bool is_valid_utf8(std::string_view s);

// "FILE:LINE (byte OFFSET)": the place an error message names.
std::string text_position(const std::string& path, size_t line, size_t byte_offset);

class TextLines {
public:
    explicit TextLines(std::string_view text) : text_(text) {}
    // Next line without its end-of-line; false at the end. line() is 1-based.
    bool next(std::string_view& line);
    size_t line() const { return line_; }
    size_t offset() const { return offset_; }  // byte offset of the current line's start
    size_t consumed() const { return pos_; }

private:
    std::string_view text_;
    size_t pos_ = 0, line_ = 0, offset_ = 0;
};

// The fields of a line between tabs, empty ones kept: "a\t\tb" has three.
std::vector<std::string_view> split_tabs(std::string_view s);

// The words of a line between runs of separators, empty ones dropped.
template <class IsSeparator>
std::vector<std::string_view> split_words(std::string_view s, IsSeparator is_separator) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_separator(s[i])) ++i;
        size_t j = i;
        while (j < s.size() && !is_separator(s[j])) ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

// Reads a whole file; throws es::Error naming it when it cannot be read.
std::string read_text_file(const std::string& path);

} // namespace es
