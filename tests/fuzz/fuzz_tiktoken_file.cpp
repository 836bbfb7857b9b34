// A .tiktoken rank file (base64 token, space, rank per line), loaded and run on a sample text:
// a byte-level encoding decodes to the text it encoded.
#include "tokenizer_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return es::fuzz::fuzz_tokenizer_file(data, size, "tiktoken_file", "ranks.tiktoken", true);
}
