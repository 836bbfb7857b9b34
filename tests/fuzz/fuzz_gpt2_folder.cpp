// A GPT-2 folder: encoder.json, then (after the input's first 0xFF byte) vocab.bpe; loaded as
// a folder and run on a sample text, which it must decode back.
#include "fuzz_input.h"
#include "tokenizer_invariants.h"

#include "tokenizers/gpt2_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace es;
    const auto [encoder, merges] = fuzz::split_at_ff(fuzz::bytes_of(data, size));
    fuzz::scratch_file("encoder.json", encoder);
    fuzz::scratch_file("vocab.bpe", merges);
    fuzz::expect_only_es_errors("gpt2_folder", [&] {
        const auto tokenizer = load_gpt2_folder(fuzz::scratch_folder());
        fuzz::check_tokenizer_on("gpt2_folder", *tokenizer, fuzz::kSampleText, true);
    });
    return 0;
}
