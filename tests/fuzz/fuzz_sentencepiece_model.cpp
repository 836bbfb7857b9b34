// A SentencePiece .model (protobuf, read by libsentencepiece), loaded and run on a sample text.
#include "fuzz_input.h"
#include "tokenizer_invariants.h"

#include "tokenizers/tokenizer_registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace es;
    const std::string path = fuzz::scratch_file("spm.model", fuzz::bytes_of(data, size));
    fuzz::expect_only_es_errors("sentencepiece_model", [&] {
        const auto tokenizer = make_tokenizer(path);
        fuzz::check_tokenizer_on("sentencepiece_model", *tokenizer, fuzz::kSampleText, false);
    });
    return 0;
}
