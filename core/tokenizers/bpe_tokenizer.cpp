#include "tokenizers/bpe_tokenizer.h"

#include "tokenizers/invalid_utf8.h"

#include "base/error.h"
#include "base/utf8_text.h"
#include "text/byte_level.h"

#include <unordered_map>

namespace es {

BpeTokenizer::BpeTokenizer(std::string name, const std::string& pattern, BytePairTable table,
                           std::vector<SpecialToken> specials)
    : name_(std::move(name)), regex_(std::make_unique<PretokenizerRegex>(pattern)), table_(std::move(table)),
      specials_(std::move(specials)) {
    for (int b = 0; b < 256; ++b) {
        char c = static_cast<char>(b);
        if (!table_.find(std::string_view(&c, 1)))
            throw Error(name_ + ": the vocabulary lacks the single byte " + std::to_string(b) +
                        ", so some text could not be encoded");
    }
}

template <class Sink>
void BpeTokenizer::run_ordinary(std::string_view text, size_t base, Sink& sink) const {
    PretokenizerRegex::Cursor cursor(*regex_, text);
    std::vector<uint32_t> bounds;
    // Pieces repeat (words, indentation): the merges of each distinct piece are kept for this
    // call, as (offset into parts, part count); parts holds (id, start in piece) pairs.
    std::unordered_map<std::string_view, std::pair<uint32_t, uint32_t>> seen;
    std::vector<uint32_t> parts;
    constexpr size_t kMaxSeen = 1 << 16;
    size_t s, e;
    while (cursor.next(s, e)) {
        std::string_view piece = text.substr(s, e - s);
        if (const BytePairTable::Entry* whole = table_.find(piece)) {
            sink(whole->id, base + s, base + e);
            continue;
        }
        auto hit = seen.find(piece);
        if (hit != seen.end()) {
            const auto [at, count] = hit->second;
            for (uint32_t k = 0; k < count; ++k) {
                const uint32_t start = parts[at + 2 * k + 1];
                const uint32_t end = k + 1 < count ? parts[at + 2 * k + 3] : static_cast<uint32_t>(piece.size());
                sink(parts[at + 2 * k], base + s + start, base + s + end);
            }
            continue;
        }
        byte_pair_merge(table_, piece, bounds);
        const bool keep = seen.size() < kMaxSeen;
        const uint32_t at = static_cast<uint32_t>(parts.size());
        for (size_t k = 0; k + 1 < bounds.size(); ++k) {
            const BytePairTable::Entry* part = table_.find(piece.substr(bounds[k], bounds[k + 1] - bounds[k]));
            sink(part->id, base + s + bounds[k], base + s + bounds[k + 1]);  // parts are tokens by construction
            if (keep) parts.push_back(part->id), parts.push_back(bounds[k]);
        }
        if (keep) seen.emplace(piece, std::make_pair(at, static_cast<uint32_t>(bounds.size() - 1)));
    }
}

template <class Sink>
void BpeTokenizer::run(std::string_view text, bool allow_special, Sink&& sink) const {
    size_t pos = 0;
    while (allow_special && !specials_.empty() && pos < text.size()) {
        // The leftmost special token, the longest at that place.
        size_t at = std::string_view::npos;
        const SpecialToken* found = nullptr;
        for (const SpecialToken& sp : specials_) {
            size_t f = text.find(sp.text, pos);
            if (f < at || (f == at && f != std::string_view::npos && sp.text.size() > found->text.size()))
                at = f, found = &sp;
        }
        if (!found) break;
        run_ordinary(text.substr(pos, at - pos), pos, sink);
        sink(found->id, at, at + found->text.size());
        pos = at + found->text.size();
    }
    if (pos < text.size()) run_ordinary(text.substr(pos), pos, sink);
}

std::vector<Token> BpeTokenizer::encode(std::string_view text, const EncodeOptions& options) const {
    std::vector<Token> out;
    run(text, options.allow_special && !options.special_as_text, [&](uint32_t id, size_t s, size_t e) {
        Token t;
        t.id = id;
        std::string_view bytes = text.substr(s, e - s);
        t.start = s;
        t.end = e;
        t.partial_utf8 = !utf8::is_valid(bytes);
        t.text = t.partial_utf8 ? utf8::display(bytes) : std::string(bytes);
        bool special = false;
        for (const SpecialToken& sp : specials_) special = special || (sp.id == id && sp.text == bytes);
        t.piece = special ? std::string(bytes) : byte_level::spell(bytes);
        out.push_back(std::move(t));
    });
    flag_invalid_utf8(text, out);
    return out;
}

std::vector<int64_t> BpeTokenizer::encode_ids(std::string_view text, const EncodeOptions& options) const {
    std::vector<int64_t> ids;
    ids.reserve(text.size() / 3 + 1);
    run(text, options.allow_special && !options.special_as_text, [&](uint32_t id, size_t, size_t) { ids.push_back(id); });
    return ids;
}

std::string BpeTokenizer::decode(std::span<const int64_t> ids) const {
    std::string out;
    for (int64_t id : ids) {
        std::string_view bytes;
        if (id >= 0 && id <= UINT32_MAX && table_.bytes_of_id(static_cast<uint32_t>(id), bytes)) {
            out += bytes;
            continue;
        }
        const SpecialToken* sp = nullptr;
        for (const SpecialToken& s : specials_)
            if (s.id == id) sp = &s;
        if (!sp) throw Error(name_ + ": no token has id " + std::to_string(id));
        out += sp->text;
    }
    return out;
}

} // namespace es
