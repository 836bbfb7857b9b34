// Text being normalized, with the input byte span every one of its bytes came from (Hugging
// Face's NormalizedString): normalizers and pre-tokenizers rewrite it, tokens map back to the
// input through it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace es {

struct AlignedText {
    std::string text;
    std::vector<uint32_t> start, end;  // per byte of text: its input span

    // `input` as it is: byte i came from [base + i, base + i + 1).
    static AlignedText identity(std::string_view input, size_t base);
    size_t size() const { return text.size(); }
    void append(std::string_view bytes, uint32_t s, uint32_t e) {
        text.append(bytes);
        start.insert(start.end(), bytes.size(), s);
        end.insert(end.end(), bytes.size(), e);
    }
    // Bytes [a, b) of `from`, with their spans.
    void append_from(const AlignedText& from, size_t a, size_t b) {
        text.append(from.text, a, b - a);
        start.insert(start.end(), from.start.begin() + long(a), from.start.begin() + long(b));
        end.insert(end.end(), from.end.begin() + long(a), from.end.begin() + long(b));
    }
    // The input span of bytes [a, b) (a < b): from the first byte's start to the furthest end.
    void span(size_t a, size_t b, size_t& s, size_t& e) const;
};

} // namespace es
