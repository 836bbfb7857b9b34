#include "text/byte_level.h"

#include "base/utf8_text.h"

#include <array>
#include <cstdint>

namespace es::byte_level {
namespace {

// bytes_to_unicode() of GPT-2's encoder.py: printable Latin-1 bytes stand for themselves,
// the other 68 are numbered from U+0100 upwards in byte order.
struct Alphabet {
    std::array<uint16_t, 256> to_cp{};
    std::array<int16_t, 324> to_byte{};
    std::array<std::string, 256> spelled;
    Alphabet() {
        to_byte.fill(-1);
        int n = 0;
        for (int b = 0; b < 256; ++b) {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            to_cp[b] = static_cast<uint16_t>(printable ? b : 256 + n++);
            to_byte[to_cp[b]] = static_cast<int16_t>(b);
            utf8::append(spelled[b], to_cp[b]);
        }
    }
};

const Alphabet& alphabet() {
    static const Alphabet a;
    return a;
}

} // namespace

std::string spell(std::string_view bytes) {
    const Alphabet& a = alphabet();
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) out += a.spelled[static_cast<unsigned char>(c)];
    return out;
}

std::optional<std::string> unspell(std::string_view spelling) {
    const Alphabet& a = alphabet();
    std::string out;
    out.reserve(spelling.size());
    for (size_t i = 0; i < spelling.size();) {
        utf8::CodePoint c = utf8::decode(spelling, i);
        if (!c.valid || c.cp >= a.to_byte.size() || a.to_byte[c.cp] < 0) return std::nullopt;
        out += static_cast<char>(a.to_byte[c.cp]);
        i += c.len;
    }
    return out;
}

} // namespace es::byte_level
