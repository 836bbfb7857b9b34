// A .tiktoken rank file (base64 token, space, rank per line), loaded and run on a sample text:
// a byte-level encoding decodes to the text it encoded.
#include "fuzz_input.h"
#include "tokenizer_invariants.h"

#include "tokenizers/tokenizer_registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace es;
    const std::string path = fuzz::scratch_file("ranks.tiktoken", fuzz::bytes_of(data, size));
    fuzz::expect_only_es_errors("tiktoken_file", [&] {
        const auto tokenizer = make_tokenizer(path);
        fuzz::check_tokenizer_on("tiktoken_file", *tokenizer, fuzz::kSampleText, true);
    });
    return 0;
}
