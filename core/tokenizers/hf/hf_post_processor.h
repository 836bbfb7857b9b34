// tokenizer.json post-processors for one sequence: TemplateProcessing, BertProcessing,
// RobertaProcessing, ByteLevel (adds nothing) and Sequence. They give the special tokens put
// before and after the text's tokens when special tokens are added.
#pragma once
#include "tokenizers/hf/hf_json.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace es {

struct SpecialPiece {
    uint32_t id;
    std::string piece;
};

class HfPostProcessor {
public:
    virtual ~HfPostProcessor() = default;
    // Wraps: before = own before + before, after = after + own after.
    virtual void wrap(std::vector<SpecialPiece>& before, std::vector<SpecialPiece>& after) const = 0;
};

// `known(id)`: whether the tokenizer has that id (a template naming another is an error).
std::unique_ptr<HfPostProcessor> make_hf_post_processor(const HfJson& config, const std::function<bool(uint32_t)>& known);

} // namespace es
