// Every named tokenizer (tiktoken encodings, GPT-2, BERT, GloVe's words, Llama 3's and Qwen 3's
// tokenizer.json) on arbitrary bytes. Needs the data directory scripts/setup --test fills;
// without it the harness says so and exits 1 before fuzzing.
#include "fuzz_input.h"
#include "tokenizer_invariants.h"

#include "base/data_paths.h"
#include "tokenizers/tokenizer_registry.h"
#include "vectors/vector_table.h"

#include <filesystem>

namespace {

struct Named {
    std::shared_ptr<const es::Tokenizer> tokenizer;
    bool byte_level;
};

const std::vector<Named>& tokenizers() {
    static const std::vector<Named> all = [] {
        std::vector<Named> out;
        try {
            for (const char* name : {"r50k_base", "p50k_base", "cl100k_base", "o200k_base", "gpt2"})
                out.push_back({es::make_tokenizer(name), true});
            out.push_back({es::make_tokenizer("bert-base-uncased"), false});
            out.push_back({es::make_tokenizer("glove", es::VectorTable::open_esv(es::default_table_path())), false});
            for (const char* folder : {"llama3", "qwen3"})
                out.push_back({es::make_tokenizer(es::tokenizer_data_path(folder) + "/tokenizer.json"), false});
        } catch (const es::Error& e) {
            std::fprintf(stderr, "tokenizers_text: %s (run ./scripts/setup --test first)\n", e.what());
            std::exit(1);
        }
        return out;
    }();
    return all;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)tokenizers();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = es::fuzz::bytes_of(data, size);
    for (const Named& n : tokenizers())
        es::fuzz::expect_only_es_errors("tokenizers_text", [&] {
            es::fuzz::check_tokenizer_on("tokenizers_text", *n.tokenizer, text, n.byte_level);
        });
    return 0;
}
