#include "tokenizers/sentencepiece_tokenizer.h"

#include "tokenizers/invalid_utf8.h"

#include "base/error.h"
#include "base/utf8_text.h"

#include <sentencepiece_processor.h>

#include <filesystem>

namespace es {

SentencePieceTokenizer::SentencePieceTokenizer(const std::string& path)
    : name_(std::filesystem::path(path).stem().string()), sp_(std::make_unique<sentencepiece::SentencePieceProcessor>()) {
    sentencepiece::util::Status status;
    try {
        status = sp_->Load(path);
    } catch (const std::exception& e) {  // the library's own structures throw on some damage (an empty piece)
        throw Error(path + ": not a SentencePiece model this build reads (" + e.what() + ")");
    }
    if (!status.ok()) throw Error(path + ": not a SentencePiece model this build reads (" + status.ToString() + ")");
}

SentencePieceTokenizer::~SentencePieceTokenizer() = default;

std::vector<Token> SentencePieceTokenizer::encode(std::string_view text) const {
    std::vector<Token> out;
    if (text.empty()) return out;
    // The valid text, with where each of its bytes came from in the input.
    std::string clean;
    std::vector<uint32_t> origin;
    clean.reserve(text.size());
    origin.reserve(text.size() + 1);
    for (size_t i = 0; i < text.size();) {
        utf8::CodePoint c = utf8::decode(text, i);
        size_t before = clean.size();
        if (c.valid) clean.append(text.substr(i, c.len));
        else utf8::append(clean, 0xFFFD);
        for (size_t k = before; k < clean.size(); ++k) origin.push_back(static_cast<uint32_t>(i));
        i += c.len;
    }
    origin.push_back(static_cast<uint32_t>(text.size()));
    sentencepiece::ImmutableSentencePieceText spt;
    if (!sp_->Encode(clean, spt.mutable_proto()).ok()) return out;
    for (const auto& p : spt.pieces()) {
        Token t;
        t.id = p.id();
        t.piece = p.piece();
        const uint32_t b = std::min<uint32_t>(p.begin(), static_cast<uint32_t>(clean.size()));
        const uint32_t e = std::min<uint32_t>(std::max(p.end(), p.begin()), static_cast<uint32_t>(clean.size()));
        t.start = origin[b];
        t.end = std::max(origin[b], e == b ? origin[b] : origin[e - 1] + 1);
        if (e > 0 && e < clean.size() && origin[e] == origin[e - 1]) t.partial_utf8 = true;  // inside a U+FFFD
        std::string_view bytes = text.substr(*t.start, *t.end - *t.start);
        t.partial_utf8 = t.partial_utf8 || !utf8::is_valid(bytes) || sp_->IsByte(p.id());
        t.text = sp_->IsByte(p.id()) ? p.piece() : utf8::display(bytes);
        out.push_back(std::move(t));
    }
    flag_invalid_utf8(text, out);
    return out;
}

std::string SentencePieceTokenizer::decode(std::span<const int64_t> ids) const {
    std::vector<int> v;
    const int size = sp_->GetPieceSize();
    for (int64_t id : ids) {
        if (id < 0 || id >= size) throw Error(name_ + ": no token has id " + std::to_string(id));
        v.push_back(static_cast<int>(id));
    }
    std::string out;
    if (!sp_->Decode(v, &out).ok()) throw Error(name_ + ": cannot decode these ids");
    return out;
}

} // namespace es
