#include "tokenizers/hf/hf_tokenizer.h"

#include "tokenizers/invalid_utf8.h"

#include "base/huge_pages.h"
#include "base/mapped_file.h"
#include "base/utf8_text.h"

#include <filesystem>

namespace es {
namespace {

constexpr uint32_t kNoSpan = UINT32_MAX;

// Input that is not valid UTF-8 reads as U+FFFD per bad byte (for models on characters).
void replace_invalid(AlignedText& t) {
    if (utf8::is_valid(t.text)) return;
    AlignedText out;
    for (size_t i = 0; i < t.size();) {
        utf8::CodePoint c = utf8::decode(t.text, i);
        if (c.valid) out.append_from(t, i, i + c.len);
        else out.append("\xEF\xBF\xBD", t.start_of(i), t.end_of(i));
        i += c.len;
    }
    t = std::move(out);
}

} // namespace

HfTokenizer::~HfTokenizer() = default;

HfTokenizer::HfTokenizer(const std::string& path, std::string name) : name_(std::move(name)) {
    namespace fs = std::filesystem;
    if (name_.empty()) {
        fs::path p(path);
        name_ = p.has_parent_path() && !p.parent_path().filename().empty() ? p.parent_path().filename().string() : p.stem().string();
    }
    const MappedFile file(path);  // parsed in place: a Llama 3 tokenizer.json is 9 MB
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(file.data(), file.data() + file.size());
    } catch (const nlohmann::json::exception& e) {
        throw Error(path + ": not valid JSON: " + e.what());
    }
    HfJson root(j, path, "");
    if (!root.is_object()) root.fail("expected a tokenizer.json object");
    root.only({"version", "truncation", "padding", "added_tokens", "normalizer", "pre_tokenizer", "post_processor",
               "decoder", "model"});
    if (auto v = root.opt("version")) v->str();

    if (auto p = root.opt("pre_tokenizer")) {
        pre_tokenizer_ = make_hf_pre_tokenizer(*p);
        byte_level_ = pre_tokenizer_->byte_level();
    }
    model_ = make_hf_model(root.at("model"), byte_level_);
    if (auto n = root.opt("normalizer")) normalizer_ = make_hf_normalizer(*n);
    std::optional<HfJson> added = root.opt("added_tokens");
    nlohmann::json empty = nlohmann::json::array();
    const size_t n_added = added ? added->size() : 0;
    added_ = std::make_unique<HfAddedTokens>(added ? *added : HfJson(empty, path, "added_tokens"), *model_, normalizer_.get(),
                                             uint32_t(model_->vocab_size() + n_added));
    if (auto pp = root.opt("post_processor")) {
        auto known = [&](uint32_t id) { return model_->id_to_token(id) || added_->by_id(id); };
        make_hf_post_processor(*pp, known)->wrap(before_, after_);
    }
    if (auto d = root.opt("decoder")) decoder_ = make_hf_decoder(*d);
    if (auto t = root.opt("truncation")) {
        t->only({"direction", "max_length", "strategy", "stride"});
        truncate_to_ = t->at("max_length").u32();
        if (truncate_to_ == 0) t->at("max_length").fail("a maximum length of 0");
        const std::string dir = t->str("direction", "Right");
        if (dir != "Right" && dir != "Left") t->at("direction").fail("expected \"Left\" or \"Right\"");
        truncate_left_ = dir == "Left";
        const std::string strategy = t->str("strategy", "LongestFirst");
        if (strategy != "LongestFirst" && strategy != "OnlyFirst" && strategy != "OnlySecond")
            t->at("strategy").fail("unsupported truncation strategy \"" + strategy + "\"");
        t->u32("stride", 0);
    }
    if (auto p = root.opt("padding")) {
        p->only({"strategy", "direction", "pad_to_multiple_of", "pad_id", "pad_type_id", "pad_token"});
        HfJson s = p->at("strategy");
        if (s.is_string()) {
            if (s.str() != "BatchLongest") s.fail("unsupported padding strategy \"" + s.str() + "\"");
        } else {
            s.at("Fixed").u32();
        }
        if (auto m = p->opt("pad_to_multiple_of")) m->u32();
        p->u32("pad_id", 0);
        p->u32("pad_type_id", 0);
        p->str("pad_token", "");
        const std::string dir = p->str("direction", "Right");
        if (dir != "Right" && dir != "Left") p->at("direction").fail("expected \"Left\" or \"Right\"");
    }
}

void HfTokenizer::encode_section(std::string_view text, size_t base, bool allow_special, std::vector<Item>& out) const {
    AlignedText norm = AlignedText::identity(text, base);
    if (!byte_level_) replace_invalid(norm);
    if (normalizer_) normalizer_->normalize(norm);
    if (norm.text.empty()) return;
    std::vector<HfAddedTokens::Match> matches;
    added_->find(norm.text, true, allow_special, matches);
    std::vector<ModelToken> tokens;
    auto model_run = [&](size_t a, size_t b) {
        if (a >= b) return;
        PreTokenized p;
        if (a == 0 && b == norm.size() && matches.empty()) p.text = std::move(norm);
        else p.text.append_from(norm, a, b);
        p.splits.push_back({0, uint32_t(p.text.size())});
        if (pre_tokenizer_) pre_tokenizer_->pre_tokenize(p);
        ModelCache cache;
        for (auto [s, e] : p.splits) {
            tokens.clear();
            model_->tokenize(std::string_view(p.text.text).substr(s, e - s), tokens, cache);
            for (const ModelToken& t : tokens) {
                size_t is = 0, ie = 0;
                if (t.end > t.start) p.text.span(s + t.start, s + t.end, is, ie);
                out.push_back({t.id, uint32_t(is), uint32_t(ie), nullptr});
            }
        }
    };
    size_t pos = 0;
    for (const auto& m : matches) {
        model_run(pos, m.start);
        size_t is, ie;
        norm.span(m.start, m.end, is, ie);
        out.push_back({m.token->id, uint32_t(is), uint32_t(ie), &m.token->content});
        pos = m.end;
    }
    model_run(pos, norm.size());
}

std::vector<HfTokenizer::Item> HfTokenizer::run(std::string_view text, const EncodeOptions& options) const {
    std::vector<Item> body;
    reserve_huge(body, text.size() + 1);  // a token has a byte at least; only the pages written are touched
    std::vector<HfAddedTokens::Match> matches;
    const bool specials = !options.special_as_text;  // matched by default, as the tokenizers library does
    added_->find(text, false, specials, matches);
    size_t pos = 0;
    for (const auto& m : matches) {
        if (m.start > pos) encode_section(text.substr(pos, m.start - pos), pos, specials, body);
        body.push_back({m.token->id, uint32_t(m.start), uint32_t(m.end), &m.token->content});
        pos = m.end;
    }
    if (pos < text.size()) encode_section(text.substr(pos), pos, specials, body);

    const bool add = options.add_special_tokens;
    if (truncate_to_) {
        const size_t extra = add ? before_.size() + after_.size() : 0;
        const size_t keep = truncate_to_ > extra ? truncate_to_ - extra : 0;
        if (body.size() > keep) {
            if (truncate_left_) body.erase(body.begin(), body.end() - long(keep));
            else body.resize(keep);
        }
    }
    if (!add || (before_.empty() && after_.empty())) return body;
    std::vector<Item> out;
    out.reserve(body.size() + before_.size() + after_.size());
    for (const SpecialPiece& s : before_) out.push_back({s.id, kNoSpan, kNoSpan, &s.piece});
    out.insert(out.end(), body.begin(), body.end());
    for (const SpecialPiece& s : after_) out.push_back({s.id, kNoSpan, kNoSpan, &s.piece});
    return out;
}

std::vector<Token> HfTokenizer::encode(std::string_view text, const EncodeOptions& options) const {
    std::vector<Token> out;
    for (const Item& it : run(text, options)) {
        Token t;
        t.id = it.id;
        if (it.piece) {
            t.piece = *it.piece;
        } else if (const std::string* p = model_->id_to_token(it.id)) {
            t.piece = *p;
        }
        if (it.start == kNoSpan) {
            t.text = t.piece;
        } else {
            t.start = it.start;
            t.end = it.end;
            std::string_view bytes = text.substr(it.start, it.end - it.start);
            t.partial_utf8 = !utf8::is_valid(bytes);
            t.text = t.partial_utf8 ? utf8::display(bytes) : std::string(bytes);
        }
        out.push_back(std::move(t));
    }
    flag_invalid_utf8(text, out);
    return out;
}

std::vector<int64_t> HfTokenizer::encode_ids(std::string_view text, const EncodeOptions& options) const {
    const std::vector<Item> items = run(text, options);
    std::vector<int64_t> ids;
    reserve_huge(ids, items.size());
    for (const Item& it : items) ids.push_back(it.id);
    return ids;
}

std::string HfTokenizer::decode(std::span<const int64_t> ids) const {
    std::vector<DecodePiece> pieces;
    for (int64_t id : ids) {
        const HfAddedToken* a = id >= 0 && id <= INT32_MAX ? added_->by_id(uint32_t(id)) : nullptr;
        if (a) {
            if (!a->special) pieces.push_back({a->content, true});
            continue;
        }
        const std::string* p = id >= 0 && id <= INT32_MAX ? model_->id_to_token(uint32_t(id)) : nullptr;
        if (!p) throw Error(name_ + ": no token has id " + std::to_string(id));
        pieces.push_back({*p, false});
    }
    if (!decoder_) {
        std::string out;
        for (size_t i = 0; i < pieces.size(); ++i) out += (i ? " " : "") + pieces[i].text;
        return out;
    }
    decoder_->decode_chain(pieces);
    std::string out;
    for (const auto& p : pieces) out += p.text;
    return out;
}

} // namespace es
