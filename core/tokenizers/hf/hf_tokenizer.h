// A Hugging Face tokenizer.json: added tokens, normalizer, pre-tokenizer, model (BPE,
// WordPiece, Unigram), post-processor and decoder, run as the tokenizers library runs them.
// Spans are input bytes; tokens the post-processor adds have none. Special added tokens are
// recognised in the text only with allow_special (hf_added_tokens.h); decode() leaves them out.
// Truncation is applied; padding is read and checked but not applied (it only evens out
// batches, and padded positions are masked out anyway).
#pragma once
#include "tokenizers/hf/hf_added_tokens.h"
#include "tokenizers/hf/hf_decoder.h"
#include "tokenizers/hf/hf_model.h"
#include "tokenizers/hf/hf_normalizer.h"
#include "tokenizers/hf/hf_post_processor.h"
#include "tokenizers/hf/hf_pre_tokenizer.h"
#include "tokenizers/tokenizer.h"

#include <memory>

namespace es {

class HfTokenizer final : public Tokenizer {
public:
    // Reads `path`; throws es::Error naming the file and the JSON path of anything malformed or
    // unsupported. `name` defaults to the folder the file is in.
    explicit HfTokenizer(const std::string& path, std::string name = "");
    ~HfTokenizer() override;

    std::string name() const override { return name_; }
    std::vector<Token> encode(std::string_view text) const override { return encode(text, {}); }
    std::vector<Token> encode(std::string_view text, const EncodeOptions& options) const override;
    std::vector<int64_t> encode_ids(std::string_view text, const EncodeOptions& options = {}) const override;
    std::string decode(std::span<const int64_t> ids) const override;

    const HfModel& model() const { return *model_; }
    const HfAddedTokens& added_tokens() const { return *added_; }

private:
    struct Item {
        uint32_t id;
        uint32_t start, end;  // input bytes; start == end == UINT32_MAX: no span
        const std::string* piece;
    };
    std::vector<Item> run(std::string_view text, const EncodeOptions& options) const;
    void encode_section(std::string_view text, size_t base, bool allow_special, std::vector<Item>& out) const;

    std::string name_;
    std::unique_ptr<HfNormalizer> normalizer_;
    std::unique_ptr<HfPreTokenizer> pre_tokenizer_;
    std::unique_ptr<HfModel> model_;
    std::unique_ptr<HfAddedTokens> added_;
    std::vector<SpecialPiece> before_, after_;  // what the post-processor adds
    std::unique_ptr<HfDecoder> decoder_;
    bool byte_level_ = false;
    size_t truncate_to_ = 0;  // 0: no truncation
    bool truncate_left_ = false;
};

} // namespace es
