#include "tokenizers/bpe_tokenizer.h"

#include "tokenizers/invalid_utf8.h"

#include "base/error.h"
#include "base/huge_pages.h"
#include "base/utf8_text.h"
#include "text/byte_level.h"
#include "text/line_cuts.h"

#include <algorithm>
#include <thread>
#include <unordered_map>

namespace es {

BpeTokenizer::BpeTokenizer(std::string name, const std::string& pattern, BytePairTable table,
                           std::vector<SpecialToken> specials, bool lines_are_boundaries)
    : name_(std::move(name)), regex_(std::make_unique<PretokenizerRegex>(pattern)), table_(std::move(table)),
      specials_(std::move(specials)), lines_are_boundaries_(lines_are_boundaries) {
    for (int b = 0; b < 256; ++b) {
        char c = static_cast<char>(b);
        if (!table_.find(std::string_view(&c, 1)))
            throw Error(name_ + ": the vocabulary lacks the single byte " + std::to_string(b) +
                        ", so some text could not be encoded");
    }
}

namespace {

// Byte-pair merges one piece at a time. Pieces repeat (words, indentation): the merges of each
// distinct piece are kept for the encoder's life, as (offset into parts, part count); parts
// holds (id, start in piece) pairs. One per thread.
class PieceEncoder {
public:
    explicit PieceEncoder(const BpeTokenizer& tokenizer) : table_(tokenizer.table()), tokenizer_(tokenizer) {}

    // Calls sink(id, start, end) for each token of `piece`, which starts at `base` in the text.
    template <class Sink>
    void encode(std::string_view piece, size_t base, Sink& sink) {
        if (const BytePairTable::Entry* whole = table_.find(piece)) {
            sink(whole->id, base, base + piece.size());
            return;
        }
        auto hit = seen_.find(piece);
        if (hit != seen_.end()) {
            const auto [at, count] = hit->second;
            for (uint32_t k = 0; k < count; ++k) {
                const uint32_t start = parts_[at + 2 * k + 1];
                const uint32_t end = k + 1 < count ? parts_[at + 2 * k + 3] : static_cast<uint32_t>(piece.size());
                sink(parts_[at + 2 * k], base + start, base + end);
            }
            return;
        }
        if (piece.size() >= BpeTokenizer::kLongPiece) {  // met once, if ever: not kept
            const BacktrackingBpe* long_pieces = tokenizer_.long_piece_encoder();
            std::vector<uint32_t> tokens;
            if (long_pieces && long_pieces->encode(piece, tokens, BacktrackingBpe::every_core())) {
                for (uint32_t t : tokens) {
                    sink(long_pieces->id(t), base, base + long_pieces->length(t));
                    base += long_pieces->length(t);
                }
                return;
            }
        }
        byte_pair_merge(table_, piece, bounds_);
        const bool keep = seen_.size() < kMaxSeen;
        const uint32_t at = static_cast<uint32_t>(parts_.size());
        for (size_t k = 0; k + 1 < bounds_.size(); ++k) {
            const BytePairTable::Entry* part = table_.find(piece.substr(bounds_[k], bounds_[k + 1] - bounds_[k]));
            sink(part->id, base + bounds_[k], base + bounds_[k + 1]);  // parts are tokens by construction
            if (keep) parts_.push_back(part->id), parts_.push_back(bounds_[k]);
        }
        if (keep) seen_.emplace(piece, std::make_pair(at, static_cast<uint32_t>(bounds_.size() - 1)));
    }

private:
    static constexpr size_t kMaxSeen = 1 << 16;
    const BytePairTable& table_;
    const BpeTokenizer& tokenizer_;
    std::vector<uint32_t> bounds_;
    std::unordered_map<std::string_view, std::pair<uint32_t, uint32_t>> seen_;
    std::vector<uint32_t> parts_;
};

// Texts this long are cut at line breaks (text/line_cuts.h) into parts that threads
// pre-tokenize and merge alone; the tokens are then handed on in text order.
constexpr size_t kParallelBytes = size_t(1) << 20;
constexpr size_t kBytesPerThread = size_t(512) << 10;

size_t merge_threads(size_t bytes) {
    if (bytes < kParallelBytes) return 1;
    const size_t cores = std::max(1u, std::thread::hardware_concurrency());
    return std::min<size_t>({cores, 16, bytes / kBytesPerThread});
}

} // namespace

const BacktrackingBpe* BpeTokenizer::long_piece_encoder() const {
    return long_pieces_->get([&] { return BacktrackingBpe::from_table(table_); });
}

template <class Sink>
void BpeTokenizer::run_ordinary(std::string_view text, size_t base, Sink& sink) const {
    const std::vector<size_t> cuts =
        lines_are_boundaries_ ? line_cuts(text, merge_threads(text.size())) : std::vector<size_t>{0, text.size()};
    const size_t threads = cuts.size() - 1;
    auto encode_part = [&](size_t t, auto& part_sink) {
        const std::string_view part = text.substr(cuts[t], cuts[t + 1] - cuts[t]);
        PretokenizerRegex::Cursor cursor(*regex_, part);
        PieceEncoder encoder(*this);
        size_t s, e;
        while (cursor.next(s, e)) encoder.encode(part.substr(s, e - s), base + cuts[t] + s, part_sink);
    };
    if (threads == 1) {
        encode_part(0, sink);
        return;
    }
    // Each thread's tokens as (id, length): a token starts where the one before it ended.
    struct Part {
        uint32_t id, length;  // a token is at most a piece that is a token: short
    };
    std::vector<std::vector<Part>> out(threads);
    auto run_thread = [&](size_t t) {
        std::vector<Part>& parts = out[t];
        reserve_huge(parts, (cuts[t + 1] - cuts[t]) / 3 + 16);
        auto keep = [&](uint32_t id, size_t a, size_t b) { parts.push_back({id, static_cast<uint32_t>(b - a)}); };
        encode_part(t, keep);
    };
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(run_thread, t);
    run_thread(0);
    for (std::thread& th : pool) th.join();
    size_t at = base;
    for (const std::vector<Part>& parts : out)
        for (const Part& p : parts) sink(p.id, at, at + p.length), at += p.length;
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
    reserve_huge(ids, text.size() + 1);  // a token has a byte at least; only the pages written are touched
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
