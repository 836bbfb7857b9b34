// Finding words of a vocabulary by their spelling: a case-insensitive substring, or a
// Perl-compatible regular expression with Unicode letters and case (PCRE2, as Qt's
// QRegularExpression with CaseInsensitive and UseUnicodeProperties, so the search box behaves
// as it did). Words that are not valid UTF-8 never match and never make the search fail.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace es {

class VectorTable;

class WordPattern {
public:
    // `regex` false: `pattern` is taken literally. A regex that does not compile leaves
    // valid() false and error() saying why and where ("missing closing parenthesis (at character 4)").
    WordPattern(std::string_view pattern, bool regex);
    ~WordPattern();
    WordPattern(const WordPattern&) = delete;
    WordPattern& operator=(const WordPattern&) = delete;

    bool valid() const { return valid_; }
    const std::string& error() const { return error_; }
    // True when the pattern occurs anywhere in `word`. Thread-safe (each call has its own match data).
    bool matches(std::string_view word) const;

    // True for a literal pattern of ASCII characters: a plain scan, fast enough for any thread.
    bool plain_ascii() const { return plain_ascii_; }

private:
    friend std::vector<uint32_t> find_words(const VectorTable&, const WordPattern&, const std::function<bool()>&);
    bool match(std::string_view word, void* match_data) const;

    void* code_ = nullptr;  // pcre2_code; null for plain_ascii()
    bool valid_ = false;
    bool jit_ = false;
    bool plain_ascii_ = false;
    std::string needle_;  // lower-cased, for plain_ascii()
    std::string error_;
};

// The rows of `table` whose word matches, in row order. `stale` is asked every few thousand
// rows; when it says true the search stops and returns what it has (the caller drops it).
std::vector<uint32_t> find_words(const VectorTable& table, const WordPattern& pattern,
                                 const std::function<bool()>& stale = {});

} // namespace es
