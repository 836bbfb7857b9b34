#include "tokenizers/backtracking_bpe.h"

#include "base/huge_pages.h"

#include <algorithm>
#include <thread>

namespace es {
namespace {

constexpr uint32_t kNone = UINT32_MAX;
constexpr uint32_t kMaxNodes = (1u << 24) - 1;  // an edge's key packs its node in 24 bits

inline uint64_t mix(uint64_t x) {  // MurmurHash3's fmix64
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ull;
    return x ^ (x >> 33);
}

size_t power_of_two_above(size_t n) {
    size_t p = 1024;
    while (p < n) p *= 2;
    return p;
}

} // namespace

bool BacktrackingBpe::add_token(std::string_view bytes, uint32_t id) {
    if (pool_.size() + bytes.size() > kMaxNodes) return false;
    start_.push_back(static_cast<uint32_t>(pool_.size()));
    length_.push_back(static_cast<uint32_t>(bytes.size()));
    pool_.append(bytes);
    id_.push_back(id);
    const uint32_t k = static_cast<uint32_t>(id_.size() - 1);
    left_.push_back(k);
    right_.push_back(k);
    return true;
}

const BacktrackingBpe::Edge* BacktrackingBpe::edge(uint32_t node, const unsigned char* b, size_t depth) const {
    const Edge* e;
    if (depth == 0) {
        e = &first_[b[0]];
    } else if (depth == 1) {
        e = &second_[size_t(b[0]) << 8 | b[1]];
    } else {
        const uint32_t key = node << 8 | b[depth];
        const size_t mask = edges_.size() - 1;
        size_t i = mix(key) & mask;
        while (edges_[i].key != key && edges_[i].key != 0) i = (i + 1) & mask;
        e = &edges_[i];
    }
    return e->child != 0 ? e : nullptr;
}

BacktrackingBpe::Edge& BacktrackingBpe::make_edge(uint32_t node, const unsigned char* b, size_t depth) {
    Edge* e;
    if (depth == 0) {
        e = &first_[b[0]];
    } else if (depth == 1) {
        e = &second_[size_t(b[0]) << 8 | b[1]];
    } else {
        if (2 * (deep_edges_ + 1) > edges_.size()) {  // at most half full: double
            std::vector<Edge> edges(std::max<size_t>(1024, 2 * edges_.size()));
            for (const Edge& old : edges_)
                if (old.key != 0) place(edges, old);
            edges_.swap(edges);
        }
        const uint32_t key = node << 8 | b[depth];
        const size_t mask = edges_.size() - 1;
        size_t i = mix(key) & mask;
        while (edges_[i].key != key && edges_[i].key != 0) i = (i + 1) & mask;
        e = &edges_[i];
        if (e->key == 0) ++deep_edges_;
        e->key = key;
    }
    if (e->child == 0) e->child = nodes_++;
    return *e;
}

void BacktrackingBpe::place(std::vector<Edge>& table, const Edge& e) const {
    const size_t mask = table.size() - 1;
    size_t i = mix(e.key) & mask;
    while (table[i].key != 0) i = (i + 1) & mask;
    table[i] = e;
}

bool BacktrackingBpe::build_trie() {
    second_.assign(size_t(1) << 16, Edge{});
    edges_.assign(1024, Edge{});
    for (uint32_t k = 0; k < id_.size(); ++k) {
        const auto* t = reinterpret_cast<const unsigned char*>(pool_.data() + start_[k]);
        if (length_[k] == 0) return false;
        uint32_t node = 0;
        Edge* e = nullptr;
        for (size_t d = 0; d < length_[k]; ++d) {
            e = &make_edge(node, t, d);
            node = e->child;
        }
        if (e->token != kNone) return false;  // two tokens with the same bytes
        e->token = k;
    }
    // The longest shorter prefix of each token that is itself a token.
    prefix_.assign(id_.size(), kNone);
    for (uint32_t k = 0; k < id_.size(); ++k) {
        const auto* t = reinterpret_cast<const unsigned char*>(pool_.data() + start_[k]);
        uint32_t node = 0;
        for (size_t d = 0; d + 1 < length_[k]; ++d) {
            const Edge* e = edge(node, t, d);
            if (e->token != kNone) prefix_[k] = e->token;
            node = e->child;
        }
    }
    pairs_.assign(power_of_two_above(2 * id_.size() + 2), Pair{});
    pair_filter_.assign(power_of_two_above(id_.size()) / 4, 0);  // 16 bits a token, a merge at most each
    return true;
}

uint32_t BacktrackingBpe::longest_match(std::string_view text, size_t pos) const {
    const auto* b = reinterpret_cast<const unsigned char*>(text.data() + pos);
    const size_t n = text.size() - pos;
    uint32_t best = first_[b[0]].token;  // every single byte is a token (checked at build)
    if (n == 1) return best;
    const Edge* e = &second_[size_t(b[0]) << 8 | b[1]];
    if (e->child == 0) return best;
    if (e->token != kNone) best = e->token;
    const size_t mask = edges_.size() - 1;
    for (size_t d = 2; d < n; ++d) {
        const uint32_t key = e->child << 8 | b[d];
        size_t i = mix(key) & mask;
        while (edges_[i].key != key && edges_[i].key != 0) i = (i + 1) & mask;
        e = &edges_[i];
        if (e->key == 0) break;
        if (e->token != kNone) best = e->token;
    }
    return best;
}

uint32_t BacktrackingBpe::order_of(std::string_view bytes) const {
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
    const Edge* e = nullptr;
    uint32_t node = 0;
    for (size_t d = 0; d < bytes.size(); ++d) {
        e = edge(node, b, d);
        if (!e) return kNone;
        node = e->child;
    }
    return e ? e->token : kNone;
}

uint32_t BacktrackingBpe::pair(uint32_t left, uint32_t right) const {
    const uint64_t key = (uint64_t(left) << 32 | right) + 1;
    const uint64_t h = mix(key);
    const uint64_t bits = (uint64_t(1) << (h >> 58)) | (uint64_t(1) << ((h >> 52) & 63));
    if ((pair_filter_[(h >> 20) & (pair_filter_.size() - 1)] & bits) != bits) return kNone;
    const size_t mask = pairs_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        if (pairs_[i].key == key) return pairs_[i].result;
        if (pairs_[i].key == 0) return kNone;
    }
}

void BacktrackingBpe::add_pair(uint32_t left, uint32_t right, uint32_t result) {
    const uint64_t key = (uint64_t(left) << 32 | right) + 1;
    const size_t mask = pairs_.size() - 1;
    const uint64_t h = mix(key);
    pair_filter_[(h >> 20) & (pair_filter_.size() - 1)] |= (uint64_t(1) << (h >> 58)) | (uint64_t(1) << ((h >> 52) & 63));
    size_t i = h & mask;
    while (pairs_[i].key != 0 && pairs_[i].key != key) i = (i + 1) & mask;
    pairs_[i] = {key, result};
}

// Would merging the bytes of `left` and `right` alone end in exactly these two tokens? Undo
// their merges latest first (orders are merge times; of equal ones the right merged later, as
// the leftmost goes first): before a token existed, its inner part met the other side, and
// that pair must not have a merge that BPE would have taken first.
bool BacktrackingBpe::compatible(uint32_t left, uint32_t right) const {
    uint32_t limit = kNone;  // a merge across the boundary below this order would have won
    for (;;) {
        const uint32_t across = pair(left, right);
        if (across != kNone && across < limit) return false;
        if (left > right) {
            limit = left;  // left merged after right: its right part met `right` before; an equal order is later
            left = right_[left];
            if (left == limit) {  // a single byte: undo the right token instead
                limit = right + 1;
                right = left_[right];
                if (right + 1 == limit) return true;
            }
        } else {
            limit = right + 1;  // right merged last: a merge across of its own order came first (leftmost)
            right = left_[right];
            if (right + 1 == limit) {
                limit = left;
                left = right_[left];
                if (left == limit) return true;
            }
        }
    }
}

bool BacktrackingBpe::search(std::string_view piece, std::vector<uint32_t>& tokens, std::vector<uint64_t>& reachable) const {
    const size_t n = piece.size();
    tokens.clear();
    reachable.assign(n / 64 + 1, ~uint64_t(0));
    auto is_reachable = [&](size_t p) { return (reachable[p >> 6] >> (p & 63)) & 1; };
    size_t pos = 0;
    uint32_t next = n > 0 ? longest_match(piece, 0) : kNone;
    while (pos < n) {
        uint32_t token = next;
        const uint32_t last = tokens.empty() ? kNone : tokens.back();
        for (;;) {
            const size_t end = pos + length_[token];
            if (is_reachable(end) && (last == kNone || compatible(last, token))) {
                tokens.push_back(token);
                pos = end;
                if (pos < n) next = longest_match(piece, pos);
                break;
            }
            if (prefix_[token] != kNone) {
                token = prefix_[token];
                continue;
            }
            if (last == kNone) return false;
            reachable[pos >> 6] &= ~(uint64_t(1) << (pos & 63));  // no encoding has a boundary here
            tokens.pop_back();
            pos -= length_[last];
            next = last;
            break;
        }
    }
    return true;
}

size_t BacktrackingBpe::every_core() { return std::min(16u, std::max(1u, std::thread::hardware_concurrency())); }

bool BacktrackingBpe::encode(std::string_view piece, std::vector<uint32_t>& tokens, size_t threads,
                             size_t bytes_per_thread) const {
    const size_t n = piece.size();
    threads = std::min(threads, n / std::max<size_t>(bytes_per_thread, 2 * kOverlap));
    tokens.clear();
    std::vector<uint64_t> reachable;
    if (threads <= 1) {
        reserve_huge(tokens, n + 1);  // the most a piece can need: only its pages in use are touched
        return search(piece, tokens, reachable);
    }
    struct Window {
        size_t begin = 0, end = 0;
        std::vector<uint32_t> tokens;
        bool found = false;
    };
    std::vector<Window> windows(threads);
    auto cut = [&](size_t t) { return n / threads * t; };
    for (size_t t = 0; t < threads; ++t) {
        windows[t].begin = t == 0 ? 0 : cut(t) - kOverlap;
        windows[t].end = t + 1 == threads ? n : cut(t + 1) + kOverlap;
    }
    auto run = [&](size_t t) {
        Window& w = windows[t];
        std::vector<uint64_t> bits;
        reserve_huge(w.tokens, w.end - w.begin + 1);
        w.found = search(piece.substr(w.begin, w.end - w.begin), w.tokens, bits);
    };
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(run, t);
    run(0);
    for (std::thread& th : pool) th.join();
    for (const Window& w : windows)
        if (!w.found) return false;

    // Join window t to t+1 at the first boundary past their cut that both have, with a
    // compatible pair across; `from` is where window t's tokens are taken from.
    size_t most = 0;
    for (const Window& w : windows) most += w.tokens.size();
    reserve_huge(tokens, most);
    size_t from = 0;
    for (size_t t = 0; t + 1 < threads; ++t) {
        const Window &a = windows[t], &b = windows[t + 1];
        size_t ia = from, pa = a.begin;  // token index and its start, in a
        for (size_t k = 0; k < from; ++k) pa += length_[a.tokens[k]];
        size_t ib = 0, pb = b.begin;
        bool joined = false;
        while (ia < a.tokens.size() && ib < b.tokens.size()) {
            const size_t ea = pa + length_[a.tokens[ia]];  // boundary after a's token ia
            if (ea < cut(t + 1)) {
                pa = ea, ++ia;
                continue;
            }
            while (ib < b.tokens.size() && pb < ea) pb += length_[b.tokens[ib++]];
            if (pb == ea && ib < b.tokens.size() && compatible(a.tokens[ia], b.tokens[ib])) {
                tokens.insert(tokens.end(), a.tokens.begin() + long(from), a.tokens.begin() + long(ia) + 1);
                from = ib;
                joined = true;
                break;
            }
            pa = ea, ++ia;
        }
        if (!joined) {
            tokens.clear();
            reserve_huge(tokens, n + 1);
            return search(piece, tokens, reachable);
        }
    }
    tokens.insert(tokens.end(), windows.back().tokens.begin() + long(from), windows.back().tokens.end());
    return true;
}

bool BacktrackingBpe::every_token_encodes_to_itself() const {
    std::vector<uint32_t> tokens;
    std::vector<uint64_t> reachable;
    for (uint32_t k = 0; k < id_.size(); ++k) {
        if (!search(std::string_view(pool_.data() + start_[k], length_[k]), tokens, reachable)) return false;
        if (tokens.size() != 1 || tokens[0] != k) return false;
    }
    return true;
}

std::unique_ptr<BacktrackingBpe> BacktrackingBpe::from_table(const BytePairTable& table) {
    std::vector<const BytePairTable::Entry*> by_rank;
    by_rank.reserve(table.size());
    for (const BytePairTable::Entry& e : table.entries()) by_rank.push_back(&e);
    auto by_rank_order = [](auto* a, auto* b) { return a->rank < b->rank; };
    if (!std::is_sorted(by_rank.begin(), by_rank.end(), by_rank_order))  // a rank file is in rank order already
        std::sort(by_rank.begin(), by_rank.end(), by_rank_order);
    std::unique_ptr<BacktrackingBpe> bpe(new BacktrackingBpe());
    for (const BytePairTable::Entry* e : by_rank)
        if (!bpe->add_token(table.bytes(*e), e->id)) return nullptr;
    if (!bpe->build_trie()) return nullptr;
    for (int b = 0; b < 256; ++b)
        if (bpe->first_[size_t(b)].token == kNone) return nullptr;  // a byte that is no token
    // Each longer token's split: the longest prefix whose rest is a token, both earlier, that
    // BPE would leave as a pair. None means no merge makes the token: it can only be a whole
    // piece (matched before any merging), so the encoder must not meet it — refused.
    for (uint32_t k = 0; k < bpe->size(); ++k) {
        if (bpe->length_[k] == 1) continue;
        const std::string_view t(bpe->pool_.data() + bpe->start_[k], bpe->length_[k]);
        for (uint32_t a = bpe->prefix_[k]; a != kNone; a = bpe->prefix_[a]) {
            const uint32_t b = bpe->order_of(t.substr(bpe->length_[a]));
            if (b != kNone && a < k && b < k && bpe->compatible(a, b)) {
                bpe->add_pair(a, b, k);
                bpe->left_[k] = a;
                bpe->right_[k] = b;
                break;
            }
        }
        if (bpe->left_[k] == k) return nullptr;
    }
    if (!bpe->every_token_encodes_to_itself()) return nullptr;
    return bpe;
}

std::unique_ptr<BacktrackingBpe> BacktrackingBpe::from_merges(const std::array<uint32_t, 256>& byte_ids,
                                                               std::span<const Merge> merges_by_rank,
                                                               const BytePairTable& bytes_of) {
    std::vector<uint32_t> order_of_id(size_t(bytes_of.max_id()) + 1, kNone);
    auto order = [&](uint32_t id) { return id < order_of_id.size() ? order_of_id[id] : kNone; };
    std::unique_ptr<BacktrackingBpe> bpe(new BacktrackingBpe());
    for (int b = 0; b < 256; ++b) {
        const uint32_t id = byte_ids[size_t(b)];
        if (id >= order_of_id.size() || order_of_id[id] != kNone) return nullptr;  // a byte without a token of its own
        const char c = static_cast<char>(b);
        bpe->add_token(std::string_view(&c, 1), id);
        order_of_id[id] = static_cast<uint32_t>(b);
    }
    for (const Merge& m : merges_by_rank) {
        const uint32_t a = order(m.left), b = order(m.right);
        // Parts that a later merge makes, or a token made twice: the rule is not a plain BPE.
        if (a == kNone || b == kNone || m.result >= order_of_id.size() || order_of_id[m.result] != kNone) return nullptr;
        std::string bytes(bpe->pool_, bpe->start_[a], bpe->length_[a]);
        bytes.append(bpe->pool_, bpe->start_[b], bpe->length_[b]);
        if (!bpe->add_token(bytes, m.result)) return nullptr;
        const uint32_t k = static_cast<uint32_t>(bpe->size() - 1);
        bpe->left_[k] = a;
        bpe->right_[k] = b;
        order_of_id[m.result] = k;
    }
    if (!bpe->build_trie()) return nullptr;
    for (uint32_t k = 256; k < bpe->size(); ++k) {
        if (!bpe->compatible(bpe->left_[k], bpe->right_[k])) return nullptr;  // its parts never stay side by side
        bpe->add_pair(bpe->left_[k], bpe->right_[k], k);
    }
    if (!bpe->every_token_encodes_to_itself()) return nullptr;
    return bpe;
}

} // namespace es
