#include "tokenizers/hf/hf_post_processor.h"

#include <map>

namespace es {
namespace {

class Fixed final : public HfPostProcessor {
public:
    Fixed(std::vector<SpecialPiece> before, std::vector<SpecialPiece> after) : before_(std::move(before)), after_(std::move(after)) {}
    void wrap(std::vector<SpecialPiece>& before, std::vector<SpecialPiece>& after) const override {
        before.insert(before.begin(), before_.begin(), before_.end());
        after.insert(after.end(), after_.begin(), after_.end());
    }

private:
    std::vector<SpecialPiece> before_, after_;
};

class Sequence final : public HfPostProcessor {
public:
    explicit Sequence(std::vector<std::unique_ptr<HfPostProcessor>> p) : p_(std::move(p)) {}
    void wrap(std::vector<SpecialPiece>& before, std::vector<SpecialPiece>& after) const override {
        for (const auto& p : p_) p->wrap(before, after);
    }

private:
    std::vector<std::unique_ptr<HfPostProcessor>> p_;
};

// ["[CLS]", 101] of BertProcessing and RobertaProcessing.
SpecialPiece pair_token(const HfJson& j, const std::function<bool(uint32_t)>& known) {
    if (j.size() != 2) j.fail("expected [token, id]");
    SpecialPiece p{j[1].u32(), j[0].str()};
    if (!known(p.id)) j[1].fail("the tokenizer has no id " + std::to_string(p.id));
    return p;
}

void check_template(const HfJson& items, bool pair) {
    for (size_t i = 0; i < items.size(); ++i) {
        HfJson it = items[i];
        if (!it.is_object() || it.raw().size() != 1) it.fail("expected {\"SpecialToken\": …} or {\"Sequence\": …}");
        if (auto s = it.opt("Sequence")) {
            s->only({"id", "type_id"});
            const std::string id = s->at("id").str();
            s->at("type_id").u32();
            if (id != "A" && (id != "B" || !pair)) s->at("id").fail("unknown sequence \"" + id + "\"");
        } else if (auto t = it.opt("SpecialToken")) {
            t->only({"id", "type_id"});
            t->at("id").str();
            t->at("type_id").u32();
        } else {
            it.fail("expected {\"SpecialToken\": …} or {\"Sequence\": …}");
        }
    }
}

std::unique_ptr<HfPostProcessor> make_template(const HfJson& c, const std::function<bool(uint32_t)>& known) {
    c.only({"type", "single", "pair", "special_tokens"});
    std::map<std::string, std::vector<SpecialPiece>> specials;
    if (auto st = c.opt("special_tokens")) {
        if (!st->is_object()) st->fail("expected an object");
        for (auto it = st->raw().begin(); it != st->raw().end(); ++it) {
            HfJson s(it.value(), st->file(), st->path() + "[\"" + it.key() + "\"]");
            s.only({"id", "ids", "tokens"});
            HfJson ids = s.at("ids"), tokens = s.at("tokens");
            if (ids.size() != tokens.size()) s.fail("\"ids\" and \"tokens\" differ in length");
            std::vector<SpecialPiece> pieces;
            for (size_t i = 0; i < ids.size(); ++i) {
                SpecialPiece p{ids[i].u32(), tokens[i].str()};
                if (!known(p.id)) ids[i].fail("the tokenizer has no id " + std::to_string(p.id));
                pieces.push_back(p);
            }
            specials[it.key()] = pieces;
        }
    }
    HfJson single = c.at("single");
    check_template(single, false);
    if (auto pair = c.opt("pair")) check_template(*pair, true);
    std::vector<SpecialPiece> before, after;
    bool seen_a = false;
    for (size_t i = 0; i < single.size(); ++i) {
        HfJson it = single[i];
        if (it.opt("Sequence")) {
            if (seen_a) it.fail("the sequence appears twice");
            seen_a = true;
            continue;
        }
        HfJson id = it.at("SpecialToken").at("id");
        auto s = specials.find(id.str());
        if (s == specials.end()) id.fail("\"" + id.str() + "\" is not in special_tokens");
        auto& dst = seen_a ? after : before;
        dst.insert(dst.end(), s->second.begin(), s->second.end());
    }
    if (!seen_a) single.fail("the template has no sequence A");
    return std::make_unique<Fixed>(std::move(before), std::move(after));
}

} // namespace

std::unique_ptr<HfPostProcessor> make_hf_post_processor(const HfJson& c, const std::function<bool(uint32_t)>& known) {
    const std::string type = c.type();
    if (type == "TemplateProcessing") return make_template(c, known);
    if (type == "BertProcessing" || type == "RobertaProcessing") {
        if (type == "BertProcessing") c.only({"type", "sep", "cls"});
        else c.only({"type", "sep", "cls", "trim_offsets", "add_prefix_space"});
        if (auto t = c.opt("trim_offsets")) t->boolean();  // offsets only
        if (auto t = c.opt("add_prefix_space")) t->boolean();
        SpecialPiece cls = pair_token(c.at("cls"), known), sep = pair_token(c.at("sep"), known);
        return std::make_unique<Fixed>(std::vector<SpecialPiece>{cls}, std::vector<SpecialPiece>{sep});
    }
    if (type == "ByteLevel") {
        c.only({"type", "add_prefix_space", "trim_offsets", "use_regex"});
        for (const char* k : {"add_prefix_space", "trim_offsets", "use_regex"})
            if (auto t = c.opt(k)) t->boolean();  // offsets only: our spans cover each token's own bytes
        return std::make_unique<Fixed>(std::vector<SpecialPiece>{}, std::vector<SpecialPiece>{});
    }
    if (type == "Sequence") {
        c.only({"type", "processors"});
        HfJson list = c.at("processors");
        std::vector<std::unique_ptr<HfPostProcessor>> p;
        for (size_t i = 0; i < list.size(); ++i) p.push_back(make_hf_post_processor(list[i], known));
        return std::make_unique<Sequence>(std::move(p));
    }
    c.at("type").fail("unsupported post-processor \"" + type + "\"");
}

} // namespace es
