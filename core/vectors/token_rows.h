// Where a text's tokens sit in a vocabulary: the row of each token, exact when the tokenizer is
// the table's own (its ids are rows), approximate otherwise (GPT-2's "Ġdark" found as "dark").
#pragma once
#include "tokenizers/token.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace es {

class VectorTable;

// A piece as a static table spells words: the marker (Ġ, ▁, ##) stripped, trimmed, lower-cased.
std::string plain_piece(const Token& token);

// One entry per token. `ids_are_rows`: a token's id is its row (ids outside the table: none);
// otherwise its plain_piece() looked up exactly. A null table gives no rows.
std::vector<std::optional<uint32_t>> token_rows(const std::vector<Token>& tokens, const VectorTable* table, bool ids_are_rows);

} // namespace es
