#include "text/unicode_case.h"

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

namespace es {

bool unicode_cased(uint32_t cp) { return u_hasBinaryProperty(UChar32(cp), UCHAR_CASED); }
bool unicode_case_ignorable(uint32_t cp) { return u_hasBinaryProperty(UChar32(cp), UCHAR_CASE_IGNORABLE); }

void append_lowercase(uint32_t cp, std::u32string& out) {
    if (cp < 0x80) {
        out += char32_t(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        return;
    }
    UChar src[2], dst[8];
    int32_t n = 0;
    U16_APPEND_UNSAFE(src, n, UChar32(cp));
    UErrorCode err = U_ZERO_ERROR;
    const int32_t len = u_strToLower(dst, 8, src, n, "", &err);
    if (U_FAILURE(err)) {
        out += char32_t(u_tolower(UChar32(cp)));
        return;
    }
    for (int32_t k = 0; k < len;) {
        UChar32 x;
        U16_NEXT(dst, k, len, x);
        out += char32_t(x);
    }
}

} // namespace es
