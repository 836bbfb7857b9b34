#include "byte_pair_table.h"

#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <queue>

namespace es {
namespace {

inline uint64_t hash_bytes(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

} // namespace

bool BytePairTable::add(std::string_view bytes, uint32_t rank, uint32_t id) {
    if (find(bytes)) return false;
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    entries_.push_back({static_cast<uint32_t>(pool_.size()), static_cast<uint32_t>(bytes.size()), rank, id});
    pool_.append(bytes);
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash_bytes(bytes) & mask;; i = (i + 1) & mask)
        if (slots_[i] == 0) {
            slots_[i] = static_cast<uint32_t>(entries_.size());
            break;
        }
    if (id >= by_id_.size()) by_id_.resize(std::max<size_t>(id + 1, by_id_.size() * 3 / 2), 0);
    if (by_id_[id] == 0) by_id_[id] = static_cast<uint32_t>(entries_.size());
    max_id_ = std::max(max_id_, id);
    return true;
}

void BytePairTable::grow() {
    std::vector<uint32_t> slots(std::max<size_t>(1024, slots_.size() * 2), 0);
    const size_t mask = slots.size() - 1;
    for (size_t k = 0; k < entries_.size(); ++k) {
        for (size_t i = hash_bytes(bytes(entries_[k])) & mask;; i = (i + 1) & mask)
            if (slots[i] == 0) {
                slots[i] = static_cast<uint32_t>(k + 1);
                break;
            }
    }
    slots_.swap(slots);
}

const BytePairTable::Entry* BytePairTable::find(std::string_view s) const {
    if (slots_.empty()) return nullptr;
    const size_t mask = slots_.size() - 1;
    const char* pool = pool_.data();
    for (size_t i = hash_bytes(s) & mask;; i = (i + 1) & mask) {
        uint32_t k = slots_[i];
        if (k == 0) return nullptr;
        const Entry& e = entries_[k - 1];
        if (e.length == s.size() && std::memcmp(pool + e.offset, s.data(), s.size()) == 0) return &e;
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

// The same merge order with a heap keyed on (rank, position) over a linked list of parts.
void merge_long(const BytePairTable& t, std::string_view p, std::vector<uint32_t>& bounds) {
    const uint32_t n = static_cast<uint32_t>(p.size());
    std::vector<uint32_t> next(n), prev(n), rank(n);
    std::vector<uint64_t> heap_store;
    heap_store.reserve(n);
    std::priority_queue<uint64_t, std::vector<uint64_t>, std::greater<uint64_t>> heap(std::greater<uint64_t>(),
                                                                                     std::move(heap_store));
    for (uint32_t i = 0; i < n; ++i) next[i] = i + 1, prev[i] = i - 1;  // prev[0] wraps: unused
    auto pair_rank = [&](uint32_t i) {
        uint32_t j = next[i];
        if (j >= n) return BytePairTable::kNone;
        uint32_t end = next[j];
        return t.rank(p.substr(i, end - i));
    };
    for (uint32_t i = 0; i + 1 < n; ++i) {
        rank[i] = pair_rank(i);
        if (rank[i] != BytePairTable::kNone) heap.push((uint64_t(rank[i]) << 32) | i);
    }
    rank[n - 1] = BytePairTable::kNone;
    std::vector<bool> dead(n, false);
    while (!heap.empty()) {
        uint64_t top = heap.top();
        heap.pop();
        uint32_t i = static_cast<uint32_t>(top), r = static_cast<uint32_t>(top >> 32);
        if (dead[i] || rank[i] != r) continue;
        uint32_t j = next[i];
        dead[j] = true;
        next[i] = next[j];
        if (next[j] < n) prev[next[j]] = i;
        rank[i] = pair_rank(i);
        if (rank[i] != BytePairTable::kNone) heap.push((uint64_t(rank[i]) << 32) | i);
        if (i > 0) {
            uint32_t h = prev[i];
            uint32_t nr = pair_rank(h);
            if (nr != rank[h]) {
                rank[h] = nr;
                if (nr != BytePairTable::kNone) heap.push((uint64_t(nr) << 32) | h);
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
