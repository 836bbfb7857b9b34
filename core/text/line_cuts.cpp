#include "text/line_cuts.h"

#include <cstring>

namespace es {
namespace {

bool printable_ascii(char c) { return c > ' ' && c < 0x7F; }

} // namespace

std::vector<size_t> line_cuts(std::string_view text, size_t parts) {
    std::vector<size_t> cuts{0};
    for (size_t k = 1; k < parts; ++k) {
        size_t at = std::max(text.size() / parts * k, cuts.back() + 1);
        // The first line break at or after the target with printable ASCII on both sides.
        while (at + 1 < text.size()) {
            const void* nl = std::memchr(text.data() + at, '\n', text.size() - at - 1);
            if (!nl) {
                at = text.size();
                break;
            }
            const size_t i = static_cast<size_t>(static_cast<const char*>(nl) - text.data());
            if (i > 0 && printable_ascii(text[i - 1]) && printable_ascii(text[i + 1])) {
                at = i + 1;
                break;
            }
            at = i + 1;
        }
        if (at >= text.size()) break;
        cuts.push_back(at);
    }
    cuts.push_back(text.size());
    return cuts;
}

} // namespace es
