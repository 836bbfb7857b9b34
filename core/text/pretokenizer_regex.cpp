#include "text/pretokenizer_regex.h"

#include "base/error.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace es {

PretokenizerRegex::PretokenizerRegex(const std::string& pattern) : pattern_(pattern) {
    int err = 0;
    PCRE2_SIZE offset = 0;
    // MATCH_INVALID_UTF: invalid bytes never match and never make matching fail.
    code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                          PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &err, &offset, nullptr);
    if (!code_) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        throw Error("pre-tokenizer pattern at offset " + std::to_string(offset) + ": " +
                    reinterpret_cast<const char*>(msg));
    }
    jit_ = pcre2_jit_compile(static_cast<pcre2_code*>(code_), PCRE2_JIT_COMPLETE) == 0;
}

PretokenizerRegex::~PretokenizerRegex() { pcre2_code_free(static_cast<pcre2_code*>(code_)); }

PretokenizerRegex::Cursor::Cursor(const PretokenizerRegex& regex, std::string_view text)
    : regex_(regex), text_(text),
      match_data_(pcre2_match_data_create_from_pattern(static_cast<pcre2_code*>(regex.code_), nullptr)) {
    if (!match_data_) throw std::bad_alloc();
}

PretokenizerRegex::Cursor::~Cursor() { pcre2_match_data_free(static_cast<pcre2_match_data*>(match_data_)); }

bool PretokenizerRegex::Cursor::next(size_t& start, size_t& end) {
    if (pending_) {
        pending_ = false;
        start = match_start_, end = pos_ = match_end_;
        return true;
    }
    if (pos_ >= text_.size()) return false;
    auto* code = static_cast<pcre2_code*>(regex_.code_);
    auto* md = static_cast<pcre2_match_data*>(match_data_);
    auto subject = reinterpret_cast<PCRE2_SPTR>(text_.data());
    int rc = regex_.jit_ ? pcre2_jit_match(code, subject, text_.size(), pos_, 0, md, nullptr)
                         : pcre2_match(code, subject, text_.size(), pos_, 0, md, nullptr);
    size_t ms = text_.size(), me = text_.size();
    if (rc > 0) {
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
        ms = ov[0], me = ov[1];
        if (me <= ms) me = ms + 1;  // the patterns never match empty; this guards progress anyway
        if (me > text_.size()) me = text_.size();
    }
    if (ms > pos_) {  // bytes no match covered
        start = pos_, end = ms;
        if (ms < text_.size()) match_start_ = ms, match_end_ = me, pending_ = true;
        pos_ = ms;
        return true;
    }
    start = ms, end = pos_ = me;
    return true;
}

bool PretokenizerRegex::Cursor::next_match(size_t& start, size_t& end) {
    auto* code = static_cast<pcre2_code*>(regex_.code_);
    auto* md = static_cast<pcre2_match_data*>(match_data_);
    auto subject = reinterpret_cast<PCRE2_SPTR>(text_.data());
    while (pos_ < text_.size()) {
        int rc = regex_.jit_ ? pcre2_jit_match(code, subject, text_.size(), pos_, 0, md, nullptr)
                             : pcre2_match(code, subject, text_.size(), pos_, 0, md, nullptr);
        if (rc <= 0) {
            pos_ = text_.size();
            return false;
        }
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
        if (ov[1] <= ov[0]) {  // an empty match: try again one character on
            size_t p = ov[0] + 1;
            while (p < text_.size() && (static_cast<unsigned char>(text_[p]) & 0xC0) == 0x80) ++p;
            pos_ = p;
            continue;
        }
        start = ov[0], end = pos_ = ov[1];
        return true;
    }
    return false;
}

} // namespace es
