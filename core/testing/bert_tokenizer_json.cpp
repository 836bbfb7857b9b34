#include "testing/bert_tokenizer_json.h"

namespace es::test {

nlohmann::json bert_tokenizer_json(const WordPieceVocab& v, bool with_added_tokens) {
    using json = nlohmann::json;
    json vocab = json::object();
    for (size_t i = 0; i < v.tokens.size(); ++i) vocab[v.tokens[i]] = i;
    json added = json::array();
    if (with_added_tokens)
        for (const char* t : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"})
            added.push_back({{"id", v.ids.at(t)}, {"content", t}, {"single_word", false}, {"lstrip", false},
                             {"rstrip", false}, {"normalized", false}, {"special", true}});
    auto special = [&](const char* t) { return json{{"id", t}, {"ids", {v.ids.at(t)}}, {"tokens", {t}}}; };
    return {{"version", "1.0"},
            {"truncation", nullptr},
            {"padding", nullptr},
            {"added_tokens", added},
            {"normalizer", {{"type", "BertNormalizer"}, {"clean_text", true}, {"handle_chinese_chars", true},
                            {"strip_accents", nullptr}, {"lowercase", true}}},
            {"pre_tokenizer", {{"type", "BertPreTokenizer"}}},
            {"post_processor",
             {{"type", "TemplateProcessing"},
              {"single", {{{"SpecialToken", {{"id", "[CLS]"}, {"type_id", 0}}}},
                          {{"Sequence", {{"id", "A"}, {"type_id", 0}}}},
                          {{"SpecialToken", {{"id", "[SEP]"}, {"type_id", 0}}}}}},
              {"pair", {{{"SpecialToken", {{"id", "[CLS]"}, {"type_id", 0}}}},
                        {{"Sequence", {{"id", "A"}, {"type_id", 0}}}},
                        {{"SpecialToken", {{"id", "[SEP]"}, {"type_id", 0}}}},
                        {{"Sequence", {{"id", "B"}, {"type_id", 1}}}},
                        {{"SpecialToken", {{"id", "[SEP]"}, {"type_id", 1}}}}}},
              {"special_tokens", {{"[CLS]", special("[CLS]")}, {"[SEP]", special("[SEP]")}}}}},
            {"decoder", {{"type", "WordPiece"}, {"prefix", "##"}, {"cleanup", true}}},
            {"model", {{"type", "WordPiece"}, {"unk_token", "[UNK]"}, {"continuing_subword_prefix", "##"},
                       {"max_input_chars_per_word", 100}, {"vocab", vocab}}}};
}

} // namespace es::test
