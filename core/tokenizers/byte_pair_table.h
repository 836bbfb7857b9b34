// The vocabulary of a byte-level BPE as tiktoken holds it: token bytes → (merge rank, id).
// Two adjacent parts merge when their concatenation is a token; the lowest rank merges first.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace es {

class BytePairTable {
public:
    static constexpr uint32_t kNone = UINT32_MAX;
    // The largest id a table holds (ids index an array): 16,777,215, far above any vocabulary.
    static constexpr uint32_t kMaxId = (1u << 24) - 1;
    struct Entry {
        uint64_t head;            // the first 8 bytes, zero-padded: most tokens compare here alone
        uint32_t offset, length;  // in the byte pool
        uint32_t rank, id;
    };

    // Room for `tokens` entries of `pool_bytes` bytes in all, so that adding them never regrows.
    void reserve(size_t tokens, size_t pool_bytes);
    // Returns false when the bytes are already present (the table keeps the first). id <= kMaxId.
    bool add(std::string_view bytes, uint32_t rank, uint32_t id);
    // The entry for these bytes, or nullptr.
    const Entry* find(std::string_view bytes) const;
    uint32_t rank(std::string_view bytes) const {
        const Entry* e = find(bytes);
        return e ? e->rank : kNone;
    }
    std::string_view bytes(const Entry& e) const { return std::string_view(pool_).substr(e.offset, e.length); }
    // The bytes of the token with this id; false when no token has it.
    bool bytes_of_id(uint32_t id, std::string_view& out) const;
    size_t size() const { return entries_.size(); }
    const std::vector<Entry>& entries() const { return entries_; }  // in the order added
    uint32_t max_id() const { return max_id_; }

private:
    void grow();
    bool holds(const Entry& e, std::string_view bytes, uint64_t head) const;  // e's bytes are these
    void rehash(size_t slot_count);  // a power of two, at least twice the entries
    std::string pool_;
    std::vector<Entry> entries_;
    std::vector<uint64_t> slots_;      // open addressing: hash's high 32 bits | index+1 into entries_ (0 = empty)
    std::vector<uint32_t> by_id_;      // id → index+1 into entries_
    uint32_t max_id_ = 0;
};

// Splits `piece` by byte-pair merging as tiktoken does: repeatedly merges the adjacent pair
// whose concatenation has the lowest rank, the leftmost on ties. Writes the start offsets of
// the parts followed by piece.size() into `bounds`. O(n log n): long pieces use a heap.
void byte_pair_merge(const BytePairTable& table, std::string_view piece, std::vector<uint32_t>& bounds);

} // namespace es
