// Text being normalized, with the input byte span every one of its bytes came from (Hugging
// Face's NormalizedString): normalizers and pre-tokenizers rewrite it, tokens map back to the
// input through it. Text that nothing rewrote keeps no per-byte table (byte i came from
// base + i), which spares a large text eight bytes a byte.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace es {

class AlignedText {
public:
    std::string text;

    // `input` as it is: byte i came from [base + i, base + i + 1).
    static AlignedText identity(std::string_view input, size_t base);
    size_t size() const { return text.size(); }
    uint32_t start_of(size_t i) const { return identity_ ? uint32_t(base_ + i) : start_[i]; }
    uint32_t end_of(size_t i) const { return identity_ ? uint32_t(base_ + i + 1) : end_[i]; }

    // Appends bytes that all came from input [s, e).
    void append(std::string_view bytes, uint32_t s, uint32_t e);
    // Appends bytes [a, b) of `from`, with their spans.
    void append_from(const AlignedText& from, size_t a, size_t b);
    // The input span of bytes [a, b) (a < b): from the first byte's start to the furthest end.
    void span(size_t a, size_t b, size_t& s, size_t& e) const;

private:
    void materialize();
    bool identity_ = false;
    size_t base_ = 0;
    std::vector<uint32_t> start_, end_;  // per byte, unless identity_
};

} // namespace es
