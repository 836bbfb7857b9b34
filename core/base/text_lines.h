// Line-by-line reading of text files for the loaders and evaluations: the whole file is read
// (or mapped) once, lines are split on '\n' (a trailing '\r' removed), and every line is
// checked to be UTF-8, so errors can name the file, the line and its byte offset.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

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

// Reads a whole file; throws es::Error naming it when it cannot be read.
std::string read_text_file(const std::string& path);

} // namespace es
