#include "tokenizers/hf/hf_pattern.h"

namespace es {

HfPattern::HfPattern(const HfJson& pattern) {
    if (!pattern.is_object() || pattern.raw().size() != 1)
        pattern.fail("expected {\"String\": …} or {\"Regex\": …}");
    if (auto s = pattern.opt("String")) {
        literal_ = s->str();
        if (literal_.empty()) s->fail("an empty pattern");
    } else if (auto r = pattern.opt("Regex")) {
        try {
            regex_ = std::make_unique<PretokenizerRegex>(r->str());
        } catch (const Error& e) {
            r->fail(e.what());
        }
    } else {
        pattern.fail("expected {\"String\": …} or {\"Regex\": …}");
    }
}

void HfPattern::find_all(std::string_view text, std::vector<std::pair<size_t, size_t>>& out) const {
    if (regex_) {
        PretokenizerRegex::Cursor c(*regex_, text);
        size_t s, e;
        while (c.next_match(s, e)) out.emplace_back(s, e);
        return;
    }
    for (size_t at = text.find(literal_); at != std::string_view::npos; at = text.find(literal_, at + literal_.size()))
        out.emplace_back(at, at + literal_.size());
}

std::string HfPattern::replace_all(std::string_view text, std::string_view content) const {
    std::vector<std::pair<size_t, size_t>> m;
    find_all(text, m);
    std::string out;
    size_t pos = 0;
    for (auto [s, e] : m) {
        out.append(text.substr(pos, s - pos));
        out.append(content);
        pos = e;
    }
    out.append(text.substr(pos));
    return out;
}

} // namespace es
