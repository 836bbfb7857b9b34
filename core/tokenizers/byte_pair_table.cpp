#include "tokenizers/byte_pair_table.h"

#define XXH_INLINE_ALL  // the hash is the inner loop: inline XXH3's short-input paths
#include <xxhash.h>

#include "base/assertion.h"

#include <algorithm>
#include <cstring>

namespace es {
namespace {

// The first 8 bytes of s, zero-padded.
inline uint64_t head_of(std::string_view s) {
    uint64_t x = 0;
    std::memcpy(&x, s.data(), std::min<size_t>(s.size(), 8));
    return x;
}

inline uint64_t hash_bytes(std::string_view s, uint64_t head) {
    if (s.size() <= 8) {  // most lookups are short: a multiply-mix of the bytes
        uint64_t x = head ^ (uint64_t(s.size()) << 59);
        x ^= x >> 33;  // MurmurHash3's fmix64
        x *= 0xFF51AFD7ED558CCDull;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53ull;
        return x ^ (x >> 33);
    }
    return XXH3_64bits(s.data(), s.size());
}
inline uint64_t hash_bytes(std::string_view s) { return hash_bytes(s, head_of(s)); }
inline uint64_t slot_value(uint64_t hash, size_t index) { return (hash & 0xFFFFFFFF00000000ull) | (index + 1); }

} // namespace

void BytePairTable::reserve(size_t tokens, size_t pool_bytes) {
    pool_.reserve(pool_bytes);
    entries_.reserve(tokens);
    size_t slots = 1024;
    while (slots < tokens * 2) slots *= 2;
    if (slots > slots_.size()) rehash(slots);
    by_id_.reserve(tokens);
}

bool BytePairTable::holds(const Entry& e, std::string_view s, uint64_t head) const {
    return e.length == s.size() && e.head == head &&
           (s.size() <= 8 || std::memcmp(pool_.data() + e.offset + 8, s.data() + 8, s.size() - 8) == 0);
}

bool BytePairTable::add(std::string_view bytes, uint32_t rank, uint32_t id) {
    ES_ASSERT(id <= kMaxId, "BytePairTable::add: id above kMaxId (the loader must refuse it)");
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    // One probe both finds the bytes already present and the free slot to put them in.
    const size_t mask = slots_.size() - 1;
    const uint64_t head = head_of(bytes);
    const uint64_t h = hash_bytes(bytes, head), tag = h & 0xFFFFFFFF00000000ull;
    size_t i = h & mask;
    for (; slots_[i] != 0; i = (i + 1) & mask) {
        if ((slots_[i] & 0xFFFFFFFF00000000ull) != tag) continue;
        const Entry& e = entries_[uint32_t(slots_[i]) - 1];
        if (holds(e, bytes, head)) return false;
    }
    entries_.push_back({head, static_cast<uint32_t>(pool_.size()), static_cast<uint32_t>(bytes.size()), rank, id});
    pool_.append(bytes);
    slots_[i] = slot_value(h, entries_.size() - 1);
    if (id >= by_id_.size()) by_id_.resize(std::max<size_t>(id + 1, by_id_.size() * 3 / 2), 0);
    if (by_id_[id] == 0) by_id_[id] = static_cast<uint32_t>(entries_.size());
    max_id_ = std::max(max_id_, id);
    return true;
}

void BytePairTable::grow() { rehash(std::max<size_t>(1024, slots_.size() * 2)); }

void BytePairTable::rehash(size_t slot_count) {
    std::vector<uint64_t> slots(slot_count, 0);
    const size_t mask = slots.size() - 1;
    for (size_t k = 0; k < entries_.size(); ++k) {
        const uint64_t h = hash_bytes(bytes(entries_[k]));
        for (size_t i = h & mask;; i = (i + 1) & mask)
            if (slots[i] == 0) {
                slots[i] = slot_value(h, k);
                break;
            }
    }
    slots_.swap(slots);
}

const BytePairTable::Entry* BytePairTable::find(std::string_view s) const {
    if (slots_.empty()) return nullptr;
    const size_t mask = slots_.size() - 1;
    const uint64_t head = head_of(s);
    const uint64_t h = hash_bytes(s, head), tag = h & 0xFFFFFFFF00000000ull;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const uint64_t v = slots_[i];
        if (v == 0) return nullptr;
        if ((v & 0xFFFFFFFF00000000ull) != tag) continue;
        const Entry& e = entries_[uint32_t(v) - 1];
        if (holds(e, s, head)) return &e;
    }
}

bool BytePairTable::bytes_of_id(uint32_t id, std::string_view& out) const {
    if (id >= by_id_.size() || by_id_[id] == 0) return false;
    out = bytes(entries_[by_id_[id] - 1]);
    return true;
}

namespace {

// tiktoken's loop, quadratic in the worst case but the fastest for the short pieces of text.
void merge_short(const BytePairTable& t, std::string_view p, std::vector<uint32_t>& bounds) {
    struct Part {
        uint32_t start, rank;
    };
    Part parts[66];
    const size_t n = p.size();
    size_t len = n + 1;
    for (size_t i = 0; i + 1 < n; ++i) parts[i] = {static_cast<uint32_t>(i), t.rank(p.substr(i, 2))};
    parts[n - 1] = {static_cast<uint32_t>(n - 1), BytePairTable::kNone};
    parts[n] = {static_cast<uint32_t>(n), BytePairTable::kNone};
    auto rank_at = [&](size_t i) {  // rank of parts i and i+1 merged
        if (i + 3 >= len) return BytePairTable::kNone;
        return t.rank(p.substr(parts[i].start, parts[i + 3].start - parts[i].start));
    };
    while (len > 2) {
        uint32_t best = BytePairTable::kNone;
        size_t at = 0;
        for (size_t i = 0; i + 2 < len; ++i)
            if (parts[i].rank < best) best = parts[i].rank, at = i;
        if (best == BytePairTable::kNone) break;
        parts[at].rank = rank_at(at);
        if (at > 0) parts[at - 1].rank = rank_at(at - 1);
        std::memmove(&parts[at + 1], &parts[at + 2], (len - at - 2) * sizeof(Part));
        --len;
    }
    for (size_t i = 0; i + 1 < len; ++i) bounds.push_back(parts[i].start);  // the last part is the end sentinel
}

// A 4-ary min-heap of (rank << 32 | position): half the levels of a binary heap, and the
// four children of a node share a cache line.
class MergeHeap {
public:
    explicit MergeHeap(std::vector<uint64_t> items) : h_(std::move(items)) {
        for (size_t i = h_.size(); i-- > 0;) down(i);
    }
    bool empty() const { return h_.empty(); }
    uint64_t top() const { return h_[0]; }
    void pop() {
        h_[0] = h_.back();
        h_.pop_back();
        if (!h_.empty()) down(0);
    }
    void push(uint64_t v) {
        size_t i = h_.size();
        h_.push_back(v);
        while (i > 0) {
            size_t p = (i - 1) / 4;
            if (h_[p] <= v) break;
            h_[i] = h_[p];
            i = p;
        }
        h_[i] = v;
    }

private:
    void down(size_t i) {
        const size_t n = h_.size();
        const uint64_t v = h_[i];
        for (;;) {
            size_t c = 4 * i + 1;
            if (c >= n) break;
            size_t best = c;
            const size_t end = std::min(c + 4, n);
            for (size_t k = c + 1; k < end; ++k)
                if (h_[k] < h_[best]) best = k;
            if (h_[best] >= v) break;
            h_[i] = h_[best];
            i = best;
        }
        h_[i] = v;
    }
    std::vector<uint64_t> h_;
};

// The same merge order with a heap keyed on (rank, position) over a linked list of parts.
void merge_long(const BytePairTable& t, std::string_view p, std::vector<uint32_t>& bounds) {
    constexpr uint32_t kNone = BytePairTable::kNone;
    const uint32_t n = static_cast<uint32_t>(p.size());
    std::vector<uint32_t> next(n), prev(n), rank(n);
    for (uint32_t i = 0; i < n; ++i) next[i] = i + 1, prev[i] = i - 1;  // prev[0] wraps: unused
    auto pair_rank = [&](uint32_t i) {
        uint32_t j = next[i];
        if (j >= n) return kNone;
        return t.rank(p.substr(i, next[j] - i));
    };
    std::vector<uint64_t> items;
    items.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
        rank[i] = pair_rank(i);
        if (rank[i] != kNone) items.push_back((uint64_t(rank[i]) << 32) | i);
    }
    MergeHeap heap(std::move(items));
    while (!heap.empty()) {
        const uint64_t top = heap.top();
        heap.pop();
        const uint32_t i = static_cast<uint32_t>(top), r = static_cast<uint32_t>(top >> 32);
        if (rank[i] != r) continue;  // stale: the pair at i changed (a merged-away part has kNone)
        const uint32_t j = next[i];
        rank[j] = kNone;
        next[i] = next[j];
        if (next[j] < n) prev[next[j]] = i;
        rank[i] = pair_rank(i);
        if (rank[i] != kNone) heap.push((uint64_t(rank[i]) << 32) | i);
        if (i > 0) {
            const uint32_t h = prev[i];
            const uint32_t nr = pair_rank(h);
            if (nr != rank[h]) {
                rank[h] = nr;
                if (nr != kNone) heap.push((uint64_t(nr) << 32) | h);
            }
        }
    }
    for (uint32_t i = 0; i < n; i = next[i]) bounds.push_back(i);
}

} // namespace

void byte_pair_merge(const BytePairTable& table, std::string_view piece, std::vector<uint32_t>& bounds) {
    bounds.clear();
    if (piece.empty()) return;
    if (piece.size() == 1) {
        bounds.push_back(0);
    } else if (piece.size() <= 64) {
        merge_short(table, piece, bounds);
    } else {
        merge_long(table, piece, bounds);
    }
    bounds.push_back(static_cast<uint32_t>(piece.size()));
}

} // namespace es
