// tokenizer.json normalizers: Sequence, NFC, NFD, NFKC, NFKD (ICU), Lowercase, StripAccents,
// Strip, Replace, Prepend, BertNormalizer. Each rewrites an AlignedText, keeping every byte's
// input span. Bytes that are not valid UTF-8 pass through unchanged.
#pragma once
#include "text/aligned_text.h"
#include "tokenizers/hf/hf_json.h"

#include <memory>

namespace es {

class HfNormalizer {
public:
    virtual ~HfNormalizer() = default;
    virtual void normalize(AlignedText& text) const = 0;
    // The normalized form of a plain string (added tokens marked "normalized").
    std::string normalize_string(std::string_view s) const {
        AlignedText t = AlignedText::identity(s, 0);
        normalize(t);
        return t.text;
    }
};

// Throws es::Error naming the file and JSON path of anything malformed or unsupported.
std::unique_ptr<HfNormalizer> make_hf_normalizer(const HfJson& config);

} // namespace es
