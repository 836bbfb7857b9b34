// HfBpeModel's long-piece encoder: the model's merges as a dictionary the backtracking encoder
// (tokenizers/backtracking_bpe.h) can run. Two forms qualify:
// - a plain BPE, each token made by one merge of earlier tokens (Qwen, GPT-2, RoBERTa): the
//   merges are the dictionary, exactly;
// - merges written out from tiktoken ranks (Llama 3): every split of a token into two made
//   tokens is listed, the splits of one token side by side. Hugging Face then merges as tiktoken
//   does (the lowest token first), so the dictionary is the made tokens ranked by their first
//   merge. (Within a token's block Hugging Face orders the splits by their parts' ids where
//   tiktoken takes the leftmost; the two differ only if two splits of one token could wait side
//   by side, sharing a part — which no Llama 3 text in the tests reaches.)
// Anything else is left to the heap merge.
#include "tokenizers/hf/hf_bpe_model.h"

#include <algorithm>

namespace es {
namespace {

constexpr uint32_t kNone = BytePairTable::kNone;

// The made tokens of merges written out from ranks, each ranked by its first merge; nullopt
// when the merges are not of that form.
std::optional<BytePairTable> tiktoken_form(const std::array<uint32_t, 256>& byte_ids,
                                           const std::vector<BacktrackingBpe::Merge>& merges, const BytePairTable& bytes_of,
                                           const auto& merge_result) {
    BytePairTable made;
    for (int b = 0; b < 256; ++b) made.add(std::string(1, char(b)), uint32_t(b), byte_ids[size_t(b)]);
    uint32_t rank = 256, block = kNone;
    std::vector<uint32_t> tokens;
    for (const BacktrackingBpe::Merge& m : merges) {
        if (m.result == block) continue;
        std::string_view bytes;
        if (!bytes_of.bytes_of_id(m.result, bytes)) return std::nullopt;
        if (!made.add(bytes, rank++, m.result)) return std::nullopt;  // made again, after another token
        block = m.result;
        tokens.push_back(m.result);
    }
    for (uint32_t id : tokens) {  // every split into made tokens must be one of its merges
        std::string_view bytes;
        bytes_of.bytes_of_id(id, bytes);
        for (size_t k = 1; k < bytes.size(); ++k) {
            const BytePairTable::Entry *x = made.find(bytes.substr(0, k)), *y = made.find(bytes.substr(k));
            if (x && y && merge_result(x->id, y->id) != id) return std::nullopt;
        }
    }
    return made;
}

} // namespace

const BacktrackingBpe* HfBpeModel::long_piece_encoder() const {
    return long_pieces_->get([&]() -> std::unique_ptr<BacktrackingBpe> {
        if (!byte_level_ || !prefix_.empty() || !suffix_.empty()) return nullptr;
        for (uint32_t id : byte_ids_)
            if (id == kNone) return nullptr;
        std::vector<std::pair<uint32_t, BacktrackingBpe::Merge>> ranked;
        for (size_t k = 0; k < merge_keys_.size(); ++k) {
            if (merge_keys_[k] == 0) continue;
            const uint64_t key = merge_keys_[k] - 1;
            ranked.push_back({merge_values_[k].rank, {uint32_t(key >> 32), uint32_t(key), merge_values_[k].id}});
        }
        std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        std::vector<BacktrackingBpe::Merge> merges;
        merges.reserve(ranked.size());
        for (const auto& r : ranked) merges.push_back(r.second);
        if (auto bpe = BacktrackingBpe::from_merges(byte_ids_, merges, lookup_)) return bpe;
        auto merge_result = [&](uint32_t a, uint32_t b) {
            const Merge* m = find_merge(a, b);
            return m ? m->id : kNone;
        };
        if (auto made = tiktoken_form(byte_ids_, merges, lookup_, merge_result)) return BacktrackingBpe::from_table(*made);
        return nullptr;
    });
}

} // namespace es
