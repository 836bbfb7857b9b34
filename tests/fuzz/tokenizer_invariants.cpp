#include "tokenizer_invariants.h"

#include "fuzz_input.h"

#include "tokenizers/tokenizer_registry.h"

namespace es::fuzz {

void check_tokenizer_on(const char* harness, const Tokenizer& tokenizer, std::string_view text, bool byte_level) {
    for (int mode = 0; mode < 3; ++mode) {
        EncodeOptions options;
        options.allow_special = mode == 1;
        options.special_as_text = mode == 2;
        const std::vector<Token> tokens = tokenizer.encode(text, options);
        const std::vector<int64_t> ids = tokenizer.encode_ids(text, options);
        check(ids.size() == tokens.size(), harness, "encode_ids gives another number of tokens than encode");
        size_t last_start = 0;  // a character a normalizer expands may give several tokens one span
        for (size_t i = 0; i < tokens.size(); ++i) {
            const Token& t = tokens[i];
            check(ids[i] == t.id, harness, "encode_ids gives another id than encode");
            check(t.start.has_value() == t.end.has_value(), harness, "a token with a start but no end");
            if (!t.start) continue;
            check(*t.start <= *t.end && *t.end <= text.size(), harness, "a token's span leaves the text");
            check(*t.start >= last_start, harness, "a token's span starts before the one before it");
            last_start = *t.start;
        }
        check(tokenizer.count(text, options) == ids.size(), harness, "count differs from the ids' number");
        if (byte_level && mode != 1) {
            std::string back;
            try {
                back = tokenizer.decode(ids);
            } catch (const es::Error&) {
                check(false, harness, "decode refuses ids its own encode gave");
            }
            check(back == text, harness, "a byte-level tokenizer does not decode to the text it encoded");
        }
    }
}

int fuzz_tokenizer_file(const uint8_t* data, size_t size, const char* harness, const char* file_name, bool byte_level) {
    const std::string path = scratch_file(file_name, bytes_of(data, size));
    expect_only_es_errors(harness, [&] { check_tokenizer_on(harness, *make_tokenizer(path), kSampleText, byte_level); });
    return 0;
}

} // namespace es::fuzz
