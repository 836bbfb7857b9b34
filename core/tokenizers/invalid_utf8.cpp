#include "tokenizers/invalid_utf8.h"

#include "base/utf8_text.h"

#include <algorithm>

namespace es {

void flag_invalid_utf8(std::string_view text, std::vector<Token>& tokens) {
    // Prefix counts of invalid bytes: a token's span holds one when the count changes across it.
    std::vector<uint32_t> before;
    bool any = false;
    for (size_t i = 0; i < text.size();) {
        const utf8::CodePoint c = utf8::decode(text, i);
        if (!c.valid && !any) {
            before.assign(text.size() + 1, 0);  // all zero up to here: nothing was invalid before i
            any = true;
        }
        if (any)
            for (size_t k = 0; k < c.len; ++k) before[i + k + 1] = before[i + k] + (c.valid ? 0 : 1);
        i += c.len;
    }
    if (!any) return;
    for (Token& t : tokens) {
        if (!t.start || !t.end) continue;
        const size_t s = std::min(*t.start, text.size()), e = std::min(*t.end, text.size());
        if (e > s && before[e] != before[s]) {
            t.invalid_utf8 = true;
            t.text = utf8::display(t.text);  // its bytes as \xNN where they are not UTF-8 (escapes stay as they are)
        }
    }
}

} // namespace es
