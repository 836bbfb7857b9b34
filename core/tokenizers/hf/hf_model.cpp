#include "tokenizers/hf/hf_model.h"

#include "tokenizers/hf/hf_bpe_model.h"
#include "tokenizers/hf/hf_wordpiece_model.h"
#include "tokenizers/hf/unigram_model.h"

namespace es {

void HfModel::add_token(const std::string& spelling, uint32_t id, const HfJson& where) {
    const std::string problem = try_add_token(spelling, id);
    if (!problem.empty()) where.fail(problem);
}

std::string HfModel::try_add_token(const std::string& spelling, uint32_t id) {
    // Ids index tables: a vocabulary of a few million at most.
    if (id > BytePairTable::kMaxId) return "the id " + std::to_string(id) + " is out of range";
    if (id >= tokens_.size()) tokens_.resize(id + 1), has_.resize(id + 1, 0);
    if (has_[id]) return "the id " + std::to_string(id) + " is given to \"" + tokens_[id] + "\" and \"" + spelling + "\"";
    if (!ids_.add(spelling, 0, id)) return "the token \"" + spelling + "\" appears twice";
    tokens_[id] = spelling;
    has_[id] = 1;
    return {};
}

std::unique_ptr<HfModel> make_hf_model(const HfJson& c, bool byte_level) {
    const std::string type = c.has("type") ? c.type() : "";
    if (type.empty()) c.fail("the model has no \"type\"");
    if (type != "BPE" && type != "WordPiece" && type != "Unigram") c.at("type").fail("unsupported model \"" + type + "\"");
    if (type == "BPE") return std::make_unique<HfBpeModel>(c, byte_level);
    if (byte_level) c.fail("a ByteLevel pre-tokenizer with a " + type + " model is not supported");
    if (type == "WordPiece") return std::make_unique<HfWordPieceModel>(c);
    return std::make_unique<UnigramModel>(c);
}

} // namespace es
