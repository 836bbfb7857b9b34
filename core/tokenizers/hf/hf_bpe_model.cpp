#include "tokenizers/hf/hf_bpe_model.h"

#include "base/huge_pages.h"
#include "base/utf8_text.h"
#include "text/byte_level.h"

#include <algorithm>
#include <cstdio>
#include <queue>

namespace es {
namespace {

constexpr uint32_t kNone = BytePairTable::kNone;

inline uint64_t mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    return x;
}

} // namespace

HfBpeModel::HfBpeModel(const HfJson& c, bool byte_level) : byte_level_(byte_level) {
    c.only({"type", "dropout", "unk_token", "continuing_subword_prefix", "end_of_word_suffix", "fuse_unk",
            "byte_fallback", "ignore_merges", "vocab", "merges"});
    if (auto d = c.opt("dropout"))
        if (d->number() != 0.0) d->fail("BPE dropout is random; only null or 0 is supported");
    prefix_ = c.str("continuing_subword_prefix", "");
    suffix_ = c.str("end_of_word_suffix", "");
    fuse_unk_ = c.boolean("fuse_unk", false);
    byte_fallback_ = c.boolean("byte_fallback", false);
    ignore_merges_ = c.boolean("ignore_merges", false);

    HfJson vocab = c.at("vocab");
    if (!vocab.is_object()) vocab.fail("expected an object of token → id");
    // An entry's HfJson (and its path) is made only to name a problem: 150,000 entries.
    size_t spelled = 0, largest = 0;
    for (auto it = vocab.raw().begin(); it != vocab.raw().end(); ++it) {
        spelled += it.key().size();
        if (it.value().is_number_unsigned() && it.value().get<uint64_t>() <= BytePairTable::kMaxId)
            largest = std::max<size_t>(largest, it.value().get<uint64_t>());
    }
    tokens_.resize(largest + 1);
    has_.resize(largest + 1, 0);
    ids_.reserve(vocab.raw().size(), spelled);
    lookup_.reserve(vocab.raw().size(), spelled);
    for (auto it = vocab.raw().begin(); it != vocab.raw().end(); ++it) {
        const nlohmann::json& v = it.value();
        auto entry = [&] { return HfJson(v, vocab.file(), vocab.path() + "[\"" + it.key() + "\"]"); };
        if (!v.is_number_unsigned() || v.get<uint64_t>() > INT32_MAX) entry().u32();  // throws, naming the entry
        const std::string problem = try_add_token(it.key(), uint32_t(v.get<uint64_t>()));
        if (!problem.empty()) entry().fail(problem);
    }
    byte_ids_.fill(kNone);
    fallback_ids_.fill(kNone);
    for (uint32_t id = 0; id < tokens_.size(); ++id) {
        if (!has_[id]) continue;
        const std::string& t = tokens_[id];
        if (byte_level_) {
            auto bytes = byte_level::unspell(t);
            if (!bytes) continue;  // outside GPT-2's alphabet: no text can produce it
            lookup_.add(*bytes, 0, id);
            if (bytes->size() == 1) byte_ids_[static_cast<unsigned char>((*bytes)[0])] = id;
        } else {
            lookup_.add(t, 0, id);
        }
        unsigned b;
        char tail;
        if (t.size() == 6 && std::sscanf(t.c_str(), "<0x%2X%c", &b, &tail) == 2 && tail == '>' && b < 256)
            fallback_ids_[b] = id;
    }
    if (auto u = c.opt("unk_token")) {
        auto id = token_to_id(u->str());
        if (!id) u->fail("the unknown token \"" + u->str() + "\" is not in the vocabulary");
        unk_ = *id;
    }

    HfJson merges = c.at("merges");
    const size_t n = merges.size();
    size_t cap = 1024;
    while (cap < 2 * n + 2) cap *= 2;
    merge_keys_.assign(cap, 0);
    merge_values_.resize(cap);
    std::string a, b, merged;
    for (size_t i = 0; i < n; ++i) {
        // The entry's HfJson (and its path) is made only to name a problem: 150,000 merges.
        const nlohmann::json& raw = merges.raw()[i];
        auto entry = [&] { return merges[i]; };
        if (raw.is_string()) {
            const std::string& s = raw.get_ref<const std::string&>();
            const size_t sp = s.find(' ');
            if (sp == std::string::npos || sp == 0 || sp + 1 >= s.size() || s.find(' ', sp + 1) != std::string::npos)
                entry().fail("expected two tokens separated by one space");
            a.assign(s, 0, sp), b.assign(s, sp + 1);
        } else {
            if (!raw.is_array() || raw.size() != 2 || !raw[0].is_string() || !raw[1].is_string()) {
                const HfJson m = entry();
                if (m.size() != 2) m.fail("expected a pair of tokens");
                a = m[0].str(), b = m[1].str();  // one of these fails, naming itself
            }
            a = raw[0].get_ref<const std::string&>(), b = raw[1].get_ref<const std::string&>();
        }
        auto ia = token_to_id(a), ib = token_to_id(b);
        if (!ia) entry().fail("merges the token \"" + a + "\", which is not in the vocabulary");
        if (!ib) entry().fail("merges the token \"" + b + "\", which is not in the vocabulary");
        if (b.size() < prefix_.size()) entry().fail("the token \"" + b + "\" lacks the continuing-subword prefix");
        merged.assign(a).append(b, prefix_.size());
        auto im = token_to_id(merged);
        if (!im) entry().fail("the merged token \"" + merged + "\" is not in the vocabulary");
        const uint64_t key = (uint64_t(*ia) << 32 | *ib) + 1;
        for (size_t k = mix(key) & (cap - 1);; k = (k + 1) & (cap - 1)) {
            if (merge_keys_[k] == 0 || merge_keys_[k] == key) {  // a repeated merge takes its last rank, as HF does
                merge_keys_[k] = key;
                merge_values_[k] = {uint32_t(i), *im};
                break;
            }
        }
    }
}

const HfBpeModel::Merge* HfBpeModel::find_merge(uint32_t a, uint32_t b) const {
    const uint64_t key = (uint64_t(a) << 32 | b) + 1;
    const size_t mask = merge_keys_.size() - 1;
    for (size_t k = mix(key) & mask;; k = (k + 1) & mask) {
        if (merge_keys_[k] == key) return &merge_values_[k];
        if (merge_keys_[k] == 0) return nullptr;
    }
}

std::optional<uint32_t> HfBpeModel::unit_id(std::string_view unit, bool first, bool last) const {
    if (prefix_.empty() && suffix_.empty()) {
        if (byte_level_ && unit.size() == 1) {
            uint32_t id = byte_ids_[static_cast<unsigned char>(unit[0])];
            return id == kNone ? std::nullopt : std::optional<uint32_t>(id);
        }
        if (const BytePairTable::Entry* e = lookup_.find(unit)) return e->id;
        return std::nullopt;
    }
    std::string s = first ? std::string() : prefix_;
    s += byte_level_ ? byte_level::spell(unit) : std::string(unit);
    if (last) s += suffix_;
    return token_to_id(s);
}

void HfBpeModel::merge_piece(std::string_view piece, std::vector<ModelToken>& out) const {
    struct Symbol {
        uint32_t id, start, end;
        int32_t prev, next;
    };
    std::vector<Symbol> sym;
    sym.reserve(piece.size());
    bool last_unk = false;
    for (size_t i = 0; i < piece.size();) {
        const size_t len = byte_level_ ? 1 : utf8::decode(piece, i).len;
        const bool last = i + len == piece.size();
        auto id = unit_id(piece.substr(i, len), i == 0, last);
        if (id) {
            sym.push_back({*id, uint32_t(i), uint32_t(i + len), 0, 0});
            last_unk = false;
        } else {
            bool fell_back = false;
            if (byte_fallback_) {
                fell_back = true;
                for (size_t k = i; k < i + len; ++k) fell_back = fell_back && fallback_ids_[static_cast<unsigned char>(piece[k])] != kNone;
                if (fell_back)
                    for (size_t k = i; k < i + len; ++k)
                        sym.push_back({fallback_ids_[static_cast<unsigned char>(piece[k])], uint32_t(k), uint32_t(k + 1), 0, 0});
                last_unk = false;
            }
            if (!fell_back && unk_) {
                if (fuse_unk_ && last_unk) sym.back().end = uint32_t(i + len);
                else sym.push_back({*unk_, uint32_t(i), uint32_t(i + len), 0, 0});
                last_unk = true;
            }
        }
        i += len;
    }
    const int32_t n = int32_t(sym.size());
    if (n <= 24) {
        // Short pieces: the adjacent pair of lowest rank, the leftmost on ties, merged until none
        // is left — the order the heap below gives, without its bookkeeping.
        std::vector<Symbol>& v = sym;
        for (;;) {
            uint32_t best = kNone, at = 0, id = 0;
            for (size_t k = 0; k + 1 < v.size(); ++k)
                if (const Merge* m = find_merge(v[k].id, v[k + 1].id); m && m->rank < best) best = m->rank, at = uint32_t(k), id = m->id;
            if (best == kNone) break;
            v[at].id = id;
            v[at].end = v[at + 1].end;
            v.erase(v.begin() + at + 1);
        }
        for (const Symbol& x : v) out.push_back({x.id, x.start, x.end});
        return;
    }
    for (int32_t k = 0; k < n; ++k) sym[size_t(k)].prev = k - 1, sym[size_t(k)].next = k + 1 < n ? k + 1 : -1;
    // (rank << 32 | position), smallest first: the lowest rank, the leftmost on ties.
    std::priority_queue<uint64_t, std::vector<uint64_t>, std::greater<uint64_t>> queue;
    for (int32_t k = 0; k + 1 < n; ++k)
        if (const Merge* m = find_merge(sym[size_t(k)].id, sym[size_t(k + 1)].id)) queue.push(uint64_t(m->rank) << 32 | uint32_t(k));
    std::vector<char> gone(size_t(n), 0);
    while (!queue.empty()) {
        const uint64_t top = queue.top();
        queue.pop();
        const uint32_t pos = uint32_t(top), rank = uint32_t(top >> 32);
        Symbol& s = sym[pos];
        if (gone[pos] || s.next < 0) continue;
        Symbol& r = sym[size_t(s.next)];
        const Merge* m = find_merge(s.id, r.id);
        if (!m || m->rank != rank) continue;  // stale: the pair at pos changed
        s.id = m->id;
        s.end = r.end;
        gone[size_t(s.next)] = 1;
        s.next = r.next;
        if (s.next >= 0) sym[size_t(s.next)].prev = int32_t(pos);
        if (s.prev >= 0)
            if (const Merge* pm = find_merge(sym[size_t(s.prev)].id, s.id)) queue.push(uint64_t(pm->rank) << 32 | uint32_t(s.prev));
        if (s.next >= 0)
            if (const Merge* nm = find_merge(s.id, sym[size_t(s.next)].id)) queue.push(uint64_t(nm->rank) << 32 | pos);
    }
    for (int32_t k = n > 0 ? 0 : -1; k >= 0; k = sym[size_t(k)].next) out.push_back({sym[size_t(k)].id, sym[size_t(k)].start, sym[size_t(k)].end});
}

void HfBpeModel::tokenize(std::string_view piece, std::vector<ModelToken>& out, ModelCache& cache) const {
    if (piece.empty()) return;
    if (ignore_merges_) {
        std::optional<uint32_t> whole;
        if (prefix_.empty() && suffix_.empty()) {
            if (const BytePairTable::Entry* e = lookup_.find(piece)) whole = e->id;
        } else {
            whole = token_to_id(byte_level_ ? byte_level::spell(piece) : std::string(piece));
        }
        if (whole) {
            out.push_back({*whole, 0, uint32_t(piece.size())});
            return;
        }
    }
    if (piece.size() >= kLongPiece) {  // met once, if ever: not kept
        std::vector<uint32_t> tokens;
        const BacktrackingBpe* bpe = long_piece_encoder();
        if (bpe && bpe->encode(piece, tokens, BacktrackingBpe::every_core())) {
            uint32_t at = 0;
            reserve_huge(out, out.size() + tokens.size());
            for (uint32_t t : tokens) {
                out.push_back({bpe->id(t), at, at + bpe->length(t)});
                at += bpe->length(t);
            }
            return;
        }
    }
    auto hit = cache.seen.find(piece);
    if (hit != cache.seen.end()) {
        out.insert(out.end(), cache.parts.begin() + hit->second.first,
                   cache.parts.begin() + hit->second.first + hit->second.second);
        return;
    }
    const size_t at = out.size();
    merge_piece(piece, out);
    if (cache.seen.size() < (1u << 16)) {
        cache.seen.emplace(piece, std::make_pair(uint32_t(cache.parts.size()), uint32_t(out.size() - at)));
        cache.parts.insert(cache.parts.end(), out.begin() + long(at), out.end());
    }
}

} // namespace es
