#include "vectors/token_rows.h"

#include "vectors/vector_table.h"

#include <string_view>

namespace es {

std::string plain_piece(const Token& t) {
    std::string s = t.piece.empty() ? t.text : t.piece;
    for (std::string_view marker : {std::string_view("\xC4\xA0"), std::string_view("\xE2\x96\x81"), std::string_view("##")})
        if (s.starts_with(marker)) {
            s.erase(0, marker.size());
            break;
        }
    const size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    if (a == std::string::npos) return {};
    return to_lower_utf8(std::string_view(s).substr(a, b - a + 1));
}

std::vector<std::optional<uint32_t>> token_rows(const std::vector<Token>& tokens, const VectorTable* table, bool ids_are_rows) {
    std::vector<std::optional<uint32_t>> out;
    out.reserve(tokens.size());
    for (const Token& t : tokens) {
        std::optional<uint32_t> row;
        if (table && ids_are_rows) {
            if (t.id >= 0 && size_t(t.id) < table->rows()) row = uint32_t(t.id);
        } else if (table) {
            const std::string plain = plain_piece(t);
            if (!plain.empty()) row = table->find_exact(plain);
        }
        out.push_back(row);
    }
    return out;
}

} // namespace es
