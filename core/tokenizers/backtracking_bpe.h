// Byte-pair encoding of long pieces in near-linear time, after the "bpe" crate of GitHub's
// rust-gems (H. van Antwerpen, A. Neubeck, 2024). The BPE result of a text is the one token
// sequence in which every neighbour pair is *compatible*: merging the two tokens' bytes alone
// gives back those two tokens. The encoder takes the longest token at each place, backs off to
// its shorter prefixes until the pair with the token before is compatible, and backs up a token
// when none is; a bit per byte remembers the places no encoding passes through.
//
// Compatibility is decided by undoing merges: every token but a single byte is made by exactly
// one merge of two earlier tokens (its "split"). A dictionary where that fails (a token no merge
// can make, a token made twice, a merge of parts that never meet) is refused at build: callers
// then keep the heap merge (byte_pair_table.h), which is exact for any dictionary.
#pragma once
#include "tokenizers/byte_pair_table.h"

#include <array>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace es {

class BacktrackingBpe {
public:
    // tiktoken's rule (byte_pair_merge): two parts merge when their concatenation is a token of
    // `table`, the lowest rank first, the leftmost on ties. The splits are found from the bytes.
    static std::unique_ptr<BacktrackingBpe> from_table(const BytePairTable& table);

    // Hugging Face's rule: only the listed pairs merge, the lowest rank first, the leftmost on
    // ties. `byte_ids`: the id of each single byte; `bytes_of`: the bytes of a token id.
    struct Merge {
        uint32_t left, right, result;  // token ids
    };
    static std::unique_ptr<BacktrackingBpe> from_merges(const std::array<uint32_t, 256>& byte_ids,
                                                        std::span<const Merge> merges_by_rank,
                                                        const BytePairTable& bytes_of);

    // Encodes `piece` into `tokens`, each a token's place in merge order: id() and length() say
    // what it is. False only if the search found no encoding, which a dictionary that passed the
    // build's checks never does (the caller then falls back to the heap merge).
    //
    // With threads > 1, a piece of at least 2 × bytes_per_thread is cut in parts that threads
    // encode alone, each widened by kOverlap bytes on both sides. Neighbours are joined at a
    // token boundary both have where the pair across is compatible: every pair of the result is
    // then compatible, which makes it the encoding (the only sequence where all pairs are). Where
    // no such boundary exists (periodic text, one letter repeated), the piece is encoded again
    // on one thread.
    static constexpr size_t kOverlap = 4096;
    // The piece length from which tokenizers use this encoder (its build costs ~0.1-0.4 s, the
    // heap merge of a piece this long about as much), and the threads they give it: every core, 16 at most.
    static constexpr size_t kLongPiece = size_t(64) << 10;
    static size_t every_core();
    bool encode(std::string_view piece, std::vector<uint32_t>& tokens, size_t threads = 1,
                size_t bytes_per_thread = size_t(1) << 20) const;
    uint32_t id(uint32_t token) const { return id_[token]; }
    uint32_t length(uint32_t token) const { return length_[token]; }

    size_t size() const { return id_.size(); }

private:
    // The trie of all tokens, laid out for longest_match: the edges out of the root and out of
    // its children in direct tables, deeper ones by open addressing. An edge carries its child
    // node's token (the order of the token ending there, kNone if none): a step reads one place.
    struct Edge {
        uint32_t key = 0;  // in edges_: node << 8 | byte; 0 empty (such nodes are never the root)
        uint32_t child = 0, token = UINT32_MAX;  // child 0: no edge
    };

    BacktrackingBpe() = default;
    // Adds a token (its order is the next index); false when the trie would outgrow its indices.
    bool add_token(std::string_view bytes, uint32_t id);
    bool build_trie();
    // The edge for bytes[depth] out of `node`, the node reached by bytes[0..depth); nullptr: none.
    const Edge* edge(uint32_t node, const unsigned char* bytes, size_t depth) const;
    Edge& make_edge(uint32_t node, const unsigned char* bytes, size_t depth);
    void place(std::vector<Edge>& table, const Edge& e) const;
    uint32_t longest_match(std::string_view text, size_t pos) const;  // the order of the longest token at pos
    uint32_t order_of(std::string_view bytes) const;                 // kNone when not a token
    uint32_t pair(uint32_t left, uint32_t right) const;              // the order they merge into, or kNone
    void add_pair(uint32_t left, uint32_t right, uint32_t result);
    bool compatible(uint32_t left, uint32_t right) const;
    bool search(std::string_view piece, std::vector<uint32_t>& tokens, std::vector<uint64_t>& reachable) const;
    bool every_token_encodes_to_itself() const;

    // Per token, in merge order (single bytes first): its bytes, its id, the longest shorter
    // token that is a prefix of it (kNone: none), and the two tokens it was merged from (itself
    // twice for a single byte).
    std::string pool_;
    std::vector<uint32_t> start_, length_, id_, prefix_, left_, right_;
    std::array<Edge, 256> first_{};
    std::vector<Edge> second_;  // [b0 << 8 | b1]
    std::vector<Edge> edges_;
    size_t deep_edges_ = 0;     // edges_ in use
    uint32_t nodes_ = 1;        // the root is node 0
    // The merges by open addressing: (left << 32 | right) + 1 → the order they make; key 0 empty.
    struct Pair {
        uint64_t key = 0;
        uint32_t result = UINT32_MAX;
    };
    std::vector<Pair> pairs_;
    // A filter before pairs_ (two bits of one word per merge, about 3% false hits in 16 bits a
    // merge): most pairs asked about have no merge, and the filter stays in cache where pairs_ does not.
    std::vector<uint64_t> pair_filter_;
};

// A BacktrackingBpe built once, on first use, by whichever thread asks first: its build takes
// tens of milliseconds, worth it only for a text with a long piece.
class LazyBacktrackingBpe {
public:
    template <class Build>
    const BacktrackingBpe* get(Build&& build) const {
        std::call_once(once_, [&] { bpe_ = build(); });
        return bpe_.get();
    }

private:
    mutable std::once_flag once_;
    mutable std::unique_ptr<BacktrackingBpe> bpe_;
};

} // namespace es
