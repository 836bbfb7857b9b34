#include "tokenizers/hf/unigram_model.h"

#include "base/utf8_text.h"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace es {

UnigramModel::UnigramModel(const HfJson& c) {
    c.only({"type", "unk_id", "vocab", "byte_fallback"});
    HfJson vocab = c.at("vocab");
    const size_t n = vocab.size();
    if (n == 0) vocab.fail("the vocabulary is empty");
    scores_.resize(n);
    terminal_.push_back(-1);
    double min_score = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < n; ++i) {
        HfJson entry = vocab[i];
        if (entry.size() != 2) entry.fail("expected [piece, score]");
        const std::string piece = entry[0].str();
        scores_[i] = entry[1].number();
        min_score = std::min(min_score, scores_[i]);
        add_token(piece, uint32_t(i), entry[0]);
        if (piece.empty()) continue;
        uint32_t node = 0;
        for (unsigned char b : piece) {
            auto [it, fresh] = child_.emplace(uint64_t(node) << 8 | b, uint32_t(terminal_.size()));
            if (fresh) terminal_.push_back(-1);
            node = it->second;
        }
        terminal_[node] = int64_t(i);
    }
    HfJson u = c.at("unk_id");
    unk_ = u.u32();
    if (unk_ >= n) u.fail("the unknown id " + std::to_string(unk_) + " is past the vocabulary (" + std::to_string(n) + ")");
    unk_score_ = min_score - 10.0;
    scores_[unk_] = unk_score_;  // as the reference peer scores a typed unknown piece
    byte_fallback_ = c.boolean("byte_fallback", false);
    if (byte_fallback_) {
        fallback_ids_.assign(256, UINT32_MAX);
        for (unsigned b = 0; b < 256; ++b) {
            char name[8];
            std::snprintf(name, sizeof name, "<0x%02X>", b);
            if (auto id = token_to_id(name)) fallback_ids_[b] = *id;
        }
    }
}

void UnigramModel::tokenize(std::string_view piece, std::vector<ModelToken>& out, ModelCache&) const {
    if (piece.empty()) return;
    std::vector<uint32_t> at;  // byte offset of each character, then the end
    for (size_t i = 0; i < piece.size(); i += utf8::decode(piece, i).len) at.push_back(uint32_t(i));
    at.push_back(uint32_t(piece.size()));
    const size_t n = at.size() - 1;
    std::vector<size_t> char_of(piece.size() + 1, SIZE_MAX);
    for (size_t k = 0; k <= n; ++k) char_of[at[k]] = k;
    // The lattice as Hugging Face builds it: a node per piece; each node's best predecessor is
    // the first, in insertion order, of the nodes ending where it begins with the highest
    // (predecessor score + own score) — the sum compared after rounding, as the reference does.
    struct Node {
        uint32_t id, begin;
        int32_t prev;         // node index, -1: the start
        int32_t next_ending;  // the next node ending at the same character, -1: none
        double score, total;
    };
    std::vector<Node> nodes;
    std::vector<int32_t> head(n + 1, -1), tail(n + 1, -1);
    auto insert = [&](size_t b, size_t e, uint32_t id, double score) {
        const int32_t k = int32_t(nodes.size());
        nodes.push_back({id, uint32_t(b), -1, -1, score, 0.0});
        if (tail[e] < 0) head[e] = k;
        else nodes[size_t(tail[e])].next_ending = k;
        tail[e] = k;
    };
    for (size_t k = 0; k < n; ++k) {
        bool single = false;
        uint32_t node = 0;
        for (size_t i = at[k]; i < piece.size(); ++i) {
            auto it = child_.find(uint64_t(node) << 8 | static_cast<unsigned char>(piece[i]));
            if (it == child_.end()) break;
            node = it->second;
            const size_t e = char_of[i + 1];
            if (terminal_[node] >= 0 && e != SIZE_MAX) {
                insert(k, e, uint32_t(terminal_[node]), scores_[size_t(terminal_[node])]);
                single = single || e == k + 1;
            }
        }
        if (!single) insert(k, k + 1, unk_, unk_score_);
    }
    // Nodes were inserted by begin position, so every predecessor is final when it is read.
    for (Node& r : nodes) {
        if (r.begin == 0) {
            r.total = 0.0 + r.score;
            continue;
        }
        bool found = false;
        for (int32_t l = head[r.begin]; l >= 0; l = nodes[size_t(l)].next_ending) {
            const double s = nodes[size_t(l)].total + r.score;
            if (!found || s > r.total) r.total = s, r.prev = l, found = true;
        }
    }
    int32_t last = -1;
    double best = 0;
    for (int32_t l = head[n]; l >= 0; l = nodes[size_t(l)].next_ending)
        if (last < 0 || nodes[size_t(l)].total + 0.0 > best) best = nodes[size_t(l)].total, last = l;
    struct Step {
        uint32_t id, begin;
    };
    std::vector<Step> path;
    for (int32_t k = last; k >= 0; k = nodes[size_t(k)].prev) path.push_back({nodes[size_t(k)].id, nodes[size_t(k)].begin});
    std::reverse(path.begin(), path.end());
    // Consecutive unknown pieces fuse into one; with byte fallback an unknown becomes its bytes.
    std::vector<ModelToken> tokens;
    for (size_t p = 0; p < path.size(); ++p) {
        const uint32_t b = at[path[p].begin], e = p + 1 < path.size() ? at[path[p + 1].begin] : at[n];
        if (path[p].id == unk_ && !tokens.empty() && tokens.back().id == unk_ && p > 0 && path[p - 1].id == unk_)
            tokens.back().end = e;
        else
            tokens.push_back({path[p].id, b, e});
    }
    for (const ModelToken& t : tokens) {
        if (t.id == unk_ && byte_fallback_) {
            bool all = true;
            for (uint32_t i = t.start; i < t.end; ++i) all = all && fallback_ids_[static_cast<unsigned char>(piece[i])] != UINT32_MAX;
            if (all) {
                for (uint32_t i = t.start; i < t.end; ++i) out.push_back({fallback_ids_[static_cast<unsigned char>(piece[i])], i, i + 1});
                continue;
            }
        }
        out.push_back(t);
    }
}

} // namespace es
