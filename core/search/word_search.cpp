#include "search/word_search.h"

#include "base/assertion.h"
#include "base/utf8_text.h"
#include "vectors/vector_table.h"

#include <algorithm>
#include <cctype>
#include <new>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace es {

namespace {

// QRegularExpression::escape's rule: every character but [A-Za-z0-9_] escaped; non-ASCII as it is.
std::string escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u == 0) {
            out += "\\0";
            continue;
        }
        if (u < 0x80 && !std::isalnum(u) && c != '_') out += '\\';
        out += c;
    }
    return out;
}

bool ascii_contains_nocase(std::string_view hay, std::string_view lower_needle) {
    if (lower_needle.size() > hay.size()) return false;
    return std::search(hay.begin(), hay.end(), lower_needle.begin(), lower_needle.end(), [](char x, char y) {
               return (x >= 'A' && x <= 'Z' ? char(x + 32) : x) == y;
           }) != hay.end();
}

// Characters (code points) before byte `offset`: what a person counts in the search box.
size_t characters_before(std::string_view text, size_t offset) { return utf8::length(text.substr(0, std::min(offset, text.size()))); }

} // namespace

WordPattern::WordPattern(std::string_view pattern, bool regex) {
    plain_ascii_ = !regex && std::all_of(pattern.begin(), pattern.end(), [](char c) { return (unsigned char)c < 0x80; });
    if (plain_ascii_) {
        for (char c : pattern) needle_ += c >= 'A' && c <= 'Z' ? char(c + 32) : c;
        valid_ = true;
        return;
    }
    const std::string source = regex ? std::string(pattern) : escape(pattern);
    int err = 0;
    PCRE2_SIZE offset = 0;
    code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(source.data()), source.size(),
                          PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF, &err, &offset, nullptr);
    if (!code_) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(err, message, sizeof message);
        error_ = std::string(reinterpret_cast<const char*>(message)) + " (at character " +
                 std::to_string(characters_before(source, offset) + 1) + ")";
        return;
    }
    valid_ = true;
    jit_ = pcre2_jit_compile(static_cast<pcre2_code*>(code_), PCRE2_JIT_COMPLETE) == 0;
}

WordPattern::~WordPattern() {
    if (code_) pcre2_code_free(static_cast<pcre2_code*>(code_));
}

// One match data for a whole scan: created per call, so a pattern may serve several threads.
struct MatchData {
    explicit MatchData(void* code)
        : md(code ? pcre2_match_data_create_from_pattern(static_cast<pcre2_code*>(code), nullptr) : nullptr) {
        if (code && !md) throw std::bad_alloc();
    }
    ~MatchData() { pcre2_match_data_free(md); }
    MatchData(const MatchData&) = delete;
    MatchData& operator=(const MatchData&) = delete;
    pcre2_match_data* md;
};

bool WordPattern::match(std::string_view word, void* match_data) const {
    if (plain_ascii_) return ascii_contains_nocase(word, needle_);
    auto* code = static_cast<pcre2_code*>(code_);
    auto* md = static_cast<pcre2_match_data*>(match_data);
    const auto subject = reinterpret_cast<PCRE2_SPTR>(word.data());
    return (jit_ ? pcre2_jit_match(code, subject, word.size(), 0, 0, md, nullptr)
                 : pcre2_match(code, subject, word.size(), 0, 0, md, nullptr)) >= 0;
}

bool WordPattern::matches(std::string_view word) const {
    ES_ASSERT(valid(), "WordPattern::matches on a pattern that did not compile: check valid() first");
    MatchData data(code_);
    return match(word, data.md);
}

std::vector<uint32_t> find_words(const VectorTable& table, const WordPattern& pattern, const std::function<bool()>& stale) {
    ES_ASSERT(pattern.valid(), "find_words with a pattern that did not compile: check valid() first");
    MatchData data(pattern.code_);
    std::vector<uint32_t> out;
    for (size_t r = 0; r < table.rows(); ++r) {
        if ((r & 4095) == 0 && stale && stale()) break;
        if (pattern.match(table.word(r), data.md)) out.push_back(uint32_t(r));
    }
    return out;
}

} // namespace es
