// A Hugging Face tokenizer.json (every model, normalizer, pre-tokenizer, post-processor and
// decoder kind Embedscope runs), loaded and then run on a sample text.
#include "tokenizer_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return es::fuzz::fuzz_tokenizer_file(data, size, "tokenizer_json", "tokenizer.json", false);
}
