// tokenizer.json decoders: ByteLevel, Metaspace, WordPiece, ByteFallback, Fuse, Strip,
// Replace, BPEDecoder and Sequence, run as Hugging Face chains them over the token strings.
#pragma once
#include "tokenizers/hf/hf_json.h"

#include <memory>
#include <string>
#include <vector>

namespace es {

struct DecodePiece {
    std::string text;
    bool added = false;  // an added token: ByteLevel leaves its text as it is
};

class HfDecoder {
public:
    virtual ~HfDecoder() = default;
    virtual void decode_chain(std::vector<DecodePiece>& pieces) const = 0;
};

std::unique_ptr<HfDecoder> make_hf_decoder(const HfJson& config);

} // namespace es
