// A BERT vocab.txt (one WordPiece per line), loaded and run on a sample text.
#include "tokenizer_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return es::fuzz::fuzz_tokenizer_file(data, size, "vocab_txt", "vocab.txt", false);
}
