// The pre-tokenizer of a BPE: a PCRE2 pattern (JIT-compiled, Unicode classes, possessive
// quantifiers, look-ahead) that cuts text into the pieces byte-pair merging works inside.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace es {

class PretokenizerRegex {
public:
    // Throws es::Error naming the pattern position when it does not compile.
    explicit PretokenizerRegex(const std::string& pattern);
    ~PretokenizerRegex();
    PretokenizerRegex(const PretokenizerRegex&) = delete;
    PretokenizerRegex& operator=(const PretokenizerRegex&) = delete;

    const std::string& pattern() const { return pattern_; }

    // Walks the pieces of a text in order, covering every byte: the pattern's matches, and
    // each run of bytes no match covers (invalid UTF-8) as a piece of its own.
    class Cursor {
    public:
        Cursor(const PretokenizerRegex& regex, std::string_view text);
        ~Cursor();
        Cursor(const Cursor&) = delete;
        Cursor& operator=(const Cursor&) = delete;
        bool next(size_t& start, size_t& end);
        // The next match alone (no gaps), empty matches skipped; false when there is none.
        bool next_match(size_t& start, size_t& end);

    private:
        const PretokenizerRegex& regex_;
        std::string_view text_;
        void* match_data_;
        size_t pos_ = 0;
        size_t match_start_ = 0, match_end_ = 0;  // a match found after a gap, returned next
        bool pending_ = false;
    };

private:
    std::string pattern_;
    void* code_;
    bool jit_ = false;
};

} // namespace es
