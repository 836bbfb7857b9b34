#include "tokenizers/hf/hf_pre_tokenizer.h"

#include "base/utf8_text.h"
#include "text/bert_pretokenizer.h"
#include "tokenizers/hf/hf_pattern.h"
#include "tokenizers/tiktoken_encoding.h"

#include <unicode/uchar.h>

#include <functional>

namespace es {
namespace {

using Range = std::pair<uint32_t, uint32_t>;

enum class Behavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

Behavior behavior_of(const HfJson& b) {
    const std::string s = b.str();
    if (s == "Removed") return Behavior::Removed;
    if (s == "Isolated") return Behavior::Isolated;
    if (s == "MergedWithPrevious") return Behavior::MergedWithPrevious;
    if (s == "MergedWithNext") return Behavior::MergedWithNext;
    if (s == "Contiguous") return Behavior::Contiguous;
    b.fail("unsupported split behavior \"" + s + "\"");
}

// Hugging Face's split of one piece [a, b) given its matches (sorted, inside, non-empty).
void split_by(const std::vector<Range>& matches, Range piece, Behavior how, bool invert, std::vector<Range>& out) {
    std::vector<std::pair<Range, bool>> parts;  // (range, is a match)
    uint32_t pos = piece.first;
    for (auto [s, e] : matches) {
        if (s > pos) parts.push_back({{pos, s}, invert});
        parts.push_back({{s, e}, !invert});
        pos = e;
    }
    if (pos < piece.second) parts.push_back({{pos, piece.second}, invert});
    const size_t first = out.size();
    switch (how) {
    case Behavior::Removed:
        for (auto& [r, m] : parts)
            if (!m) out.push_back(r);
        break;
    case Behavior::Isolated:
        for (auto& [r, m] : parts) out.push_back(r);
        break;
    case Behavior::MergedWithPrevious: {
        bool prev_match = false;
        for (auto& [r, m] : parts) {
            if (m && !prev_match && out.size() > first) out.back().second = r.second;
            else out.push_back(r);
            prev_match = m;
        }
        break;
    }
    case Behavior::MergedWithNext: {
        bool prev_match = false;
        for (auto& [r, m] : parts) {
            if (prev_match && out.size() > first) out.back().second = r.second;
            else out.push_back(r);
            prev_match = m;
        }
        break;
    }
    case Behavior::Contiguous: {
        bool prev_match = false;
        for (auto& [r, m] : parts) {
            if (m && prev_match && out.size() > first) out.back().second = r.second;
            else out.push_back(r);
            prev_match = m;
        }
        break;
    }
    }
}

// Splits every piece by the matches a finder reports for it.
template <class Find>
void split_all(PreTokenized& p, Behavior how, bool invert, Find&& find) {
    std::vector<Range> out, matches;
    out.reserve(p.splits.size());
    for (Range piece : p.splits) {
        matches.clear();
        find(std::string_view(p.text.text).substr(piece.first, piece.second - piece.first), piece.first, matches);
        split_by(matches, piece, how, invert, out);
    }
    p.splits.swap(out);
}

// Matches made of single characters for which `pred` holds (each its own match, or runs).
template <class Pred>
auto char_finder(Pred pred, bool runs) {
    return [pred, runs](std::string_view s, uint32_t base, std::vector<Range>& m) {
        for (size_t i = 0; i < s.size();) {
            utf8::CodePoint c = utf8::decode(s, i);
            const bool hit = c.valid && pred(c.cp);
            if (hit) {
                if (runs && !m.empty() && m.back().second == base + i) m.back().second = uint32_t(base + i + c.len);
                else m.push_back({uint32_t(base + i), uint32_t(base + i + c.len)});
            }
            i += c.len;
        }
    };
}

bool is_white(uint32_t cp) { return u_isUWhiteSpace(UChar32(cp)); }

class Split final : public HfPreTokenizer {
public:
    explicit Split(const HfJson& c)
        : pattern_(c.at("pattern")), how_(behavior_of(c.at("behavior"))), invert_(c.boolean("invert", false)) {}
    void pre_tokenize(PreTokenized& p) const override {
        std::vector<std::pair<size_t, size_t>> found;
        split_all(p, how_, invert_, [&](std::string_view s, uint32_t base, std::vector<Range>& m) {
            found.clear();
            pattern_.find_all(s, found);
            for (auto [a, b] : found) m.push_back({uint32_t(base + a), uint32_t(base + b)});
        });
    }

private:
    HfPattern pattern_;
    Behavior how_;
    bool invert_;
};

class RegexSplit final : public HfPreTokenizer {
public:
    RegexSplit(const std::string& pattern, Behavior how, bool invert) : regex_(pattern), how_(how), invert_(invert) {}
    void pre_tokenize(PreTokenized& p) const override {
        split_all(p, how_, invert_, [&](std::string_view s, uint32_t base, std::vector<Range>& m) {
            PretokenizerRegex::Cursor c(regex_, s);
            size_t a, b;
            while (c.next_match(a, b)) m.push_back({uint32_t(base + a), uint32_t(base + b)});
        });
    }

private:
    PretokenizerRegex regex_;
    Behavior how_;
    bool invert_;
};

// Rebuilds the text piece by piece: f(text, piece, out) appends the new form of the piece.
template <class F>
void rewrite(PreTokenized& p, F&& f) {
    PreTokenized out;
    out.text.text.reserve(p.text.size() + p.splits.size());
    for (Range piece : p.splits) {
        const size_t at = out.text.size();
        f(p.text, piece, out.text);
        if (out.text.size() > at) out.splits.push_back({uint32_t(at), uint32_t(out.text.size())});
    }
    p = std::move(out);
}

class ByteLevel final : public HfPreTokenizer {
public:
    explicit ByteLevel(const HfJson& c) {
        c.only({"type", "add_prefix_space", "trim_offsets", "use_regex"});
        prefix_ = c.boolean("add_prefix_space", true);
        c.boolean("trim_offsets", true);  // offsets only; spans here always cover the token's own bytes
        if (c.boolean("use_regex", true)) regex_ = std::make_unique<RegexSplit>(tiktoken_encoding_spec("r50k_base")->pattern, Behavior::Isolated, false);
    }
    void pre_tokenize(PreTokenized& p) const override {
        if (prefix_)
            rewrite(p, [](const AlignedText& t, Range r, AlignedText& out) {
                if (t.text[r.first] != ' ') out.append(" ", t.start_of(r.first), t.start_of(r.first));
                out.append_from(t, r.first, r.second);
            });
        if (regex_) regex_->pre_tokenize(p);
    }
    bool byte_level() const override { return true; }

private:
    bool prefix_;
    std::unique_ptr<RegexSplit> regex_;
};

class Metaspace final : public HfPreTokenizer {
public:
    explicit Metaspace(const HfJson& c) {
        c.only({"type", "replacement", "str_rep", "add_prefix_space", "prepend_scheme", "split"});
        replacement_ = c.str("replacement", "\xE2\x96\x81");
        if (utf8::is_valid(replacement_) == false || replacement_.empty()) c.at("replacement").fail("not one character");
        if (auto s = c.opt("prepend_scheme")) {
            scheme_ = s->str();
            if (scheme_ != "always" && scheme_ != "never" && scheme_ != "first") s->fail("unsupported prepend_scheme \"" + scheme_ + "\"");
        } else {
            scheme_ = c.boolean("add_prefix_space", true) ? "always" : "never";
        }
        split_ = c.boolean("split", true);
    }
    void pre_tokenize(PreTokenized& p) const override {
        rewrite(p, [&](const AlignedText& t, Range r, AlignedText& out) {
            std::string_view s = std::string_view(t.text).substr(r.first, r.second - r.first);
            const bool starts = s.rfind(replacement_, 0) == 0 || s.front() == ' ';
            if (!starts && (scheme_ == "always" || (scheme_ == "first" && t.start_of(r.first) == 0)))
                out.append(replacement_, t.start_of(r.first), t.start_of(r.first));
            for (uint32_t i = r.first; i < r.second; ++i) {
                if (t.text[i] == ' ') out.append(replacement_, t.start_of(i), t.end_of(i));
                else out.append_from(t, i, i + 1);
            }
        });
        if (split_) {
            const std::string& rep = replacement_;
            split_all(p, Behavior::MergedWithNext, false, [&](std::string_view s, uint32_t base, std::vector<Range>& m) {
                for (size_t at = s.find(rep); at != std::string_view::npos; at = s.find(rep, at + rep.size()))
                    m.push_back({uint32_t(base + at), uint32_t(base + at + rep.size())});
            });
        }
    }

private:
    std::string replacement_, scheme_;
    bool split_;
};

class ByCharacters final : public HfPreTokenizer {
public:
    ByCharacters(std::function<bool(uint32_t)> pred, Behavior how, bool runs) : pred_(std::move(pred)), how_(how), runs_(runs) {}
    void pre_tokenize(PreTokenized& p) const override { split_all(p, how_, false, char_finder(pred_, runs_)); }

private:
    std::function<bool(uint32_t)> pred_;
    Behavior how_;
    bool runs_;
};

class Sequence final : public HfPreTokenizer {
public:
    explicit Sequence(std::vector<std::unique_ptr<HfPreTokenizer>> p) : p_(std::move(p)) {}
    void pre_tokenize(PreTokenized& p) const override {
        for (const auto& x : p_) x->pre_tokenize(p);
    }
    bool byte_level() const override {
        for (const auto& x : p_)
            if (x->byte_level()) return true;
        return false;
    }

private:
    std::vector<std::unique_ptr<HfPreTokenizer>> p_;
};

bool is_numeric(uint32_t cp) { return (U_GET_GC_MASK(UChar32(cp)) & U_GC_N_MASK) != 0; }

} // namespace

std::unique_ptr<HfPreTokenizer> make_hf_pre_tokenizer(const HfJson& c) {
    const std::string type = c.type();
    if (type == "Sequence") {
        c.only({"type", "pretokenizers"});
        HfJson list = c.at("pretokenizers");
        std::vector<std::unique_ptr<HfPreTokenizer>> p;
        for (size_t i = 0; i < list.size(); ++i) p.push_back(make_hf_pre_tokenizer(list[i]));
        return std::make_unique<Sequence>(std::move(p));
    }
    if (type == "Split") {
        c.only({"type", "pattern", "behavior", "invert"});
        return std::make_unique<Split>(c);
    }
    if (type == "ByteLevel") return std::make_unique<ByteLevel>(c);
    if (type == "Metaspace") return std::make_unique<Metaspace>(c);
    if (type == "Whitespace") {
        c.only({"type"});
        return std::make_unique<RegexSplit>("\\w+|[^\\w\\s]+", Behavior::Removed, true);
    }
    if (type == "WhitespaceSplit") {
        c.only({"type"});
        return std::make_unique<ByCharacters>(is_white, Behavior::Removed, true);
    }
    if (type == "BertPreTokenizer") {
        c.only({"type"});
        std::vector<std::unique_ptr<HfPreTokenizer>> p;
        p.push_back(std::make_unique<ByCharacters>(is_white, Behavior::Removed, true));
        p.push_back(std::make_unique<ByCharacters>(bert_is_punctuation, Behavior::Isolated, false));
        return std::make_unique<Sequence>(std::move(p));
    }
    if (type == "Digits") {
        c.only({"type", "individual_digits"});
        const bool each = c.boolean("individual_digits", false);
        return std::make_unique<ByCharacters>(is_numeric, each ? Behavior::Isolated : Behavior::Contiguous, !each);
    }
    if (type == "Punctuation") {
        c.only({"type", "behavior"});
        auto b = c.opt("behavior");
        return std::make_unique<ByCharacters>(bert_is_punctuation, b ? behavior_of(*b) : Behavior::Isolated, false);
    }
    c.at("type").fail("unsupported pre-tokenizer \"" + type + "\"");
}

} // namespace es
