#include "tokenizers/hf/hf_decoder.h"

#include "base/utf8_text.h"
#include "text/byte_level.h"
#include "tokenizers/hf/hf_pattern.h"

#include <cstdio>

namespace es {
namespace {

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    if (from.empty() || s.find(from) == std::string::npos) return;
    std::string out;
    size_t pos = 0;
    for (size_t k; (k = s.find(from, pos)) != std::string::npos; pos = k + from.size()) out.append(s, pos, k - pos).append(to);
    out.append(s, pos);
    s.swap(out);
}

class ByteLevel final : public HfDecoder {
public:
    // Runs of ordinary tokens become the bytes their GPT-2 characters stand for; a character
    // outside that alphabet stays as it is.
    void decode_chain(std::vector<DecodePiece>& pieces) const override {
        std::vector<DecodePiece> out;
        std::string run;
        bool open = false;
        auto flush = [&] {
            if (open) out.push_back({run, false});
            run.clear(), open = false;
        };
        for (auto& p : pieces) {
            if (p.added) {
                flush();
                out.push_back(std::move(p));
                continue;
            }
            open = true;
            for (size_t i = 0; i < p.text.size();) {
                utf8::CodePoint c = utf8::decode(p.text, i);
                std::string_view ch = std::string_view(p.text).substr(i, c.len);
                auto b = c.valid ? byte_level::unspell(ch) : std::nullopt;
                run += b ? *b : std::string(ch);
                i += c.len;
            }
        }
        flush();
        pieces.swap(out);
    }
};

class Metaspace final : public HfDecoder {
public:
    explicit Metaspace(const HfJson& c) {
        c.only({"type", "replacement", "str_rep", "add_prefix_space", "prepend_scheme", "split"});
        replacement_ = c.str("replacement", "\xE2\x96\x81");
        if (auto s = c.opt("prepend_scheme")) strip_first_ = s->str() != "never";
        else strip_first_ = c.boolean("add_prefix_space", true);
        c.boolean("split", true);
    }
    void decode_chain(std::vector<DecodePiece>& pieces) const override {
        for (size_t i = 0; i < pieces.size(); ++i) {
            replace_all(pieces[i].text, replacement_, " ");
            if (i == 0 && strip_first_ && !pieces[i].text.empty() && pieces[i].text[0] == ' ') pieces[i].text.erase(0, 1);
        }
    }

private:
    std::string replacement_;
    bool strip_first_;
};

// The clean-up of Hugging Face's decoders: no space before punctuation and contractions.
void clean_up(std::string& s) {
    static const std::pair<std::string_view, std::string_view> rules[] = {
        {" .", "."}, {" ?", "?"}, {" !", "!"}, {" ,", ","}, {" ' ", "'"}, {" n't", "n't"},
        {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
    for (const auto& [from, to] : rules) replace_all(s, from, to);
}

class WordPiece final : public HfDecoder {
public:
    explicit WordPiece(const HfJson& c) {
        c.only({"type", "prefix", "cleanup"});
        prefix_ = c.str("prefix", "##");
        cleanup_ = c.boolean("cleanup", true);
    }
    void decode_chain(std::vector<DecodePiece>& pieces) const override {
        for (size_t i = 0; i < pieces.size(); ++i) {
            std::string& t = pieces[i].text;
            if (i != 0) {
                if (!prefix_.empty() && t.rfind(prefix_, 0) == 0) t.erase(0, prefix_.size());
                else t = std::string(1, ' ').append(t);
            }
            if (cleanup_) clean_up(t);
        }
    }

private:
    std::string prefix_;
    bool cleanup_;
};

class ByteFallback final : public HfDecoder {
public:
    // Runs of <0xNN> tokens become their bytes; bytes that are not valid UTF-8 become one
    // U+FFFD each, as Hugging Face does.
    void decode_chain(std::vector<DecodePiece>& pieces) const override {
        std::vector<DecodePiece> out;
        std::string bytes;
        size_t count = 0;
        auto flush = [&] {
            if (!count) return;
            if (utf8::is_valid(bytes)) {
                out.push_back({bytes, false});
            } else {
                std::string r;
                for (size_t i = 0; i < count; ++i) r += "\xEF\xBF\xBD";
                out.push_back({r, false});
            }
            bytes.clear(), count = 0;
        };
        for (auto& p : pieces) {
            unsigned b;
            char tail;
            if (p.text.size() == 6 && std::sscanf(p.text.c_str(), "<0x%2X%c", &b, &tail) == 2 && tail == '>') {
                bytes += char(b), ++count;
                continue;
            }
            flush();
            out.push_back(std::move(p));
        }
        flush();
        pieces.swap(out);
    }
};

class Fuse final : public HfDecoder {
public:
    void decode_chain(std::vector<DecodePiece>& pieces) const override {
        std::string all;
        for (const auto& p : pieces) all += p.text;
        pieces.assign(1, {all, false});
    }
};

class Strip final : public HfDecoder {
public:
    explicit Strip(const HfJson& c) {
        c.only({"type", "content", "start", "stop"});
        content_ = c.at("content").str();
        start_ = c.at("start").u32();
        stop_ = c.at("stop").u32();
    }
    void decode_chain(std::vector<DecodePiece>& pieces) const override {
        for (auto& p : pieces) {
            std::string& t = p.text;
            size_t a = 0, b = t.size();
            for (uint32_t i = 0; i < start_ && t.compare(a, content_.size(), content_) == 0 && a < b; ++i) a += content_.size();
            for (uint32_t i = 0; i < stop_ && b >= a + content_.size() && t.compare(b - content_.size(), content_.size(), content_) == 0; ++i)
                b -= content_.size();
            t = t.substr(a, b - a);
        }
    }

private:
    std::string content_;
    uint32_t start_, stop_;
};

class Replace final : public HfDecoder {
public:
    explicit Replace(const HfJson& c) : pattern_(c.at("pattern")), content_(c.at("content").str()) { c.only({"type", "pattern", "content"}); }
    void decode_chain(std::vector<DecodePiece>& pieces) const override {
        for (auto& p : pieces) p.text = pattern_.replace_all(p.text, content_);
    }

private:
    HfPattern pattern_;
    std::string content_;
};

class BpeSuffix final : public HfDecoder {
public:
    explicit BpeSuffix(const HfJson& c) {
        c.only({"type", "suffix"});
        suffix_ = c.str("suffix", "</w>");
    }
    void decode_chain(std::vector<DecodePiece>& pieces) const override {
        for (size_t i = 0; i < pieces.size(); ++i) replace_all(pieces[i].text, suffix_, i + 1 == pieces.size() ? "" : " ");
    }

private:
    std::string suffix_;
};

class Sequence final : public HfDecoder {
public:
    explicit Sequence(std::vector<std::unique_ptr<HfDecoder>> d) : d_(std::move(d)) {}
    void decode_chain(std::vector<DecodePiece>& pieces) const override {
        for (const auto& d : d_) d->decode_chain(pieces);
    }

private:
    std::vector<std::unique_ptr<HfDecoder>> d_;
};

} // namespace

std::unique_ptr<HfDecoder> make_hf_decoder(const HfJson& c) {
    const std::string type = c.type();
    if (type == "ByteLevel") {
        c.only({"type", "add_prefix_space", "trim_offsets", "use_regex"});
        return std::make_unique<ByteLevel>();
    }
    if (type == "Metaspace") return std::make_unique<Metaspace>(c);
    if (type == "WordPiece") return std::make_unique<WordPiece>(c);
    if (type == "ByteFallback") {
        c.only({"type"});
        return std::make_unique<ByteFallback>();
    }
    if (type == "Fuse") {
        c.only({"type"});
        return std::make_unique<Fuse>();
    }
    if (type == "Strip") return std::make_unique<Strip>(c);
    if (type == "Replace") return std::make_unique<Replace>(c);
    if (type == "BPEDecoder") return std::make_unique<BpeSuffix>(c);
    if (type == "Sequence") {
        c.only({"type", "decoders"});
        HfJson list = c.at("decoders");
        std::vector<std::unique_ptr<HfDecoder>> d;
        for (size_t i = 0; i < list.size(); ++i) d.push_back(make_hf_decoder(list[i]));
        return std::make_unique<Sequence>(std::move(d));
    }
    c.at("type").fail("unsupported decoder \"" + type + "\"");
}

} // namespace es
