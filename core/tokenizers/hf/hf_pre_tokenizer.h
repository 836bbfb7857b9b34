// tokenizer.json pre-tokenizers: Sequence, Split (String/Regex pattern, every behaviour,
// invert), ByteLevel, Whitespace, WhitespaceSplit, BertPreTokenizer, Metaspace, Digits,
// Punctuation. They cut an AlignedText into the pieces the model sees; Metaspace and ByteLevel's
// prefix space also rewrite it. ByteLevel marks the model as byte-level (it then works on the
// raw bytes; the GPT-2 alphabet is only the vocabulary's spelling).
#pragma once
#include "text/aligned_text.h"
#include "tokenizers/hf/hf_json.h"

#include <memory>
#include <utility>
#include <vector>

namespace es {

struct PreTokenized {
    AlignedText text;
    std::vector<std::pair<uint32_t, uint32_t>> splits;  // byte ranges of text, in order, non-empty
};

class HfPreTokenizer {
public:
    virtual ~HfPreTokenizer() = default;
    virtual void pre_tokenize(PreTokenized& p) const = 0;
    virtual bool byte_level() const { return false; }
};

std::unique_ptr<HfPreTokenizer> make_hf_pre_tokenizer(const HfJson& config);

} // namespace es
