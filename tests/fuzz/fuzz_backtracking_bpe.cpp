// The backtracking encoder against the heap merge on dictionaries the input makes: each new
// token joins two tokens the input picks (over the letters a-d, so tokens meet often), and the
// rest of the input, as those letters, is the text. Wherever the build accepts a dictionary its
// tokens must be the heap merge's, on one thread and on several.
#include "fuzz_input.h"
#include "tokenizers/backtracking_bpe.h"

#include <vector>

namespace {

std::vector<uint32_t> heap_ids(const es::BytePairTable& table, std::string_view text) {
    std::vector<uint32_t> bounds, ids;
    es::byte_pair_merge(table, text, bounds);
    for (size_t k = 0; k + 1 < bounds.size(); ++k) ids.push_back(table.find(text.substr(bounds[k], bounds[k + 1] - bounds[k]))->id);
    return ids;
}

std::vector<uint32_t> backtracking_ids(const es::BacktrackingBpe& bpe, std::string_view text, size_t threads) {
    std::vector<uint32_t> tokens, ids;
    es::fuzz::check(bpe.encode(text, tokens, threads, 2 * es::BacktrackingBpe::kOverlap), "backtracking_bpe",
                    "the search found no encoding for a dictionary the build accepted");
    for (uint32_t t : tokens) ids.push_back(bpe.id(t));
    return ids;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    es::BytePairTable table;
    std::vector<std::string> tokens;
    for (int b = 0; b < 256; ++b) table.add(std::string(1, char(b)), uint32_t(b), uint32_t(b));
    for (char c = 'a'; c <= 'd'; ++c) tokens.push_back(std::string(1, c));
    const size_t count = data[0] % 64;
    size_t at = 1;
    for (size_t k = 0; k < count && at + 1 < size; ++k, at += 2) {
        std::string t = tokens[data[at] % tokens.size()] + tokens[data[at + 1] % tokens.size()];
        if (t.size() > 12) continue;
        if (table.add(t, uint32_t(256 + k), uint32_t(256 + k))) tokens.push_back(t);
    }
    std::string text;
    for (; at < size && text.size() < 4096; ++at) text += char('a' + data[at] % 4);
    const auto bpe = es::BacktrackingBpe::from_table(table);
    if (!bpe || text.empty()) return 0;
    es::fuzz::check(backtracking_ids(*bpe, text, 1) == heap_ids(table, text), "backtracking_bpe",
                    "the backtracking encoder and the heap merge disagree");
    std::string long_text;
    while (long_text.size() < 5 * es::BacktrackingBpe::kOverlap) long_text += text + char('a' + long_text.size() % 3);
    es::fuzz::check(backtracking_ids(*bpe, long_text, 3) == heap_ids(table, long_text), "backtracking_bpe",
                    "the backtracking encoder on threads and the heap merge disagree");
    return 0;
}
