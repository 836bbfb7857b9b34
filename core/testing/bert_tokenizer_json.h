// bert-base-uncased's tokenizer.json as Hugging Face publishes it, for a given WordPiece vocabulary.
#pragma once
#include "tokenizers/wordpiece_tokenizer.h"

#include <nlohmann/json.hpp>

namespace es::test {

// WordPiece with BERT's normalizer, pre-tokenizer, decoder and [CLS] … [SEP] templates; its
// added tokens are the five specials, or none without `with_added_tokens`.
nlohmann::json bert_tokenizer_json(const WordPieceVocab& v, bool with_added_tokens);

} // namespace es::test
