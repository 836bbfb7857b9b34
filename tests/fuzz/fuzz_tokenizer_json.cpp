// A Hugging Face tokenizer.json (every model, normalizer, pre-tokenizer, post-processor and
// decoder kind Embedscope runs), loaded and then run on a sample text.
#include "fuzz_input.h"
#include "tokenizer_invariants.h"

#include "tokenizers/tokenizer_registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace es;
    const std::string path = fuzz::scratch_file("tokenizer.json", fuzz::bytes_of(data, size));
    fuzz::expect_only_es_errors("tokenizer_json", [&] {
        const auto tokenizer = make_tokenizer(path);
        fuzz::check_tokenizer_on("tokenizer_json", *tokenizer, fuzz::kSampleText, false);
    });
    return 0;
}
