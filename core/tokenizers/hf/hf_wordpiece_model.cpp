#include "tokenizers/hf/hf_wordpiece_model.h"

#include "base/utf8_text.h"

namespace es {

HfWordPieceModel::HfWordPieceModel(const HfJson& c) {
    c.only({"type", "unk_token", "continuing_subword_prefix", "max_input_chars_per_word", "vocab"});
    prefix_ = c.str("continuing_subword_prefix", "##");
    max_chars_ = c.u32("max_input_chars_per_word", 100);
    HfJson vocab = c.at("vocab");
    if (!vocab.is_object()) vocab.fail("expected an object of token → id");
    for (auto it = vocab.raw().begin(); it != vocab.raw().end(); ++it) {
        HfJson id(it.value(), vocab.file(), vocab.path() + "[\"" + it.key() + "\"]");
        add_token(it.key(), id.u32(), id);
    }
    HfJson u = c.at("unk_token");
    auto id = token_to_id(u.str());
    if (!id) u.fail("the unknown token \"" + u.str() + "\" is not in the vocabulary");
    unk_ = *id;
}

void HfWordPieceModel::tokenize(std::string_view piece, std::vector<ModelToken>& out, ModelCache&) const {
    if (piece.empty()) return;
    std::vector<uint32_t> bounds;  // byte offset of each character, then the end
    for (size_t i = 0; i < piece.size(); i += utf8::decode(piece, i).len) bounds.push_back(uint32_t(i));
    bounds.push_back(uint32_t(piece.size()));
    const size_t n = bounds.size() - 1;
    if (n > max_chars_) {
        out.push_back({unk_, 0, uint32_t(piece.size())});
        return;
    }
    const size_t mark = out.size();
    std::string sub;
    for (size_t start = 0; start < n;) {
        size_t end = n;
        std::optional<uint32_t> found;
        for (; end > start; --end) {
            sub = start > 0 ? prefix_ : std::string();
            sub.append(piece.substr(bounds[start], bounds[end] - bounds[start]));
            if ((found = token_to_id(sub))) break;
        }
        if (!found) {
            out.resize(mark);
            out.push_back({unk_, 0, uint32_t(piece.size())});
            return;
        }
        out.push_back({*found, bounds[start], bounds[end]});
        start = end;
    }
}

} // namespace es
