// embedscope tokenize [--tokenizer NAME|PATH] [--allow-special | --no-special] [--json | --count | --ids] (TEXT | --file F)
#include "cli.h"

#include "base/error.h"
#include "base/text_lines.h"
#include "tokenizers/tokenizer_registry.h"
#include "vectors/vector_table.h"

#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace es::cli {
namespace {

// The ids separated by spaces and a newline at the end, formatted into a block that is written
// each time it fills: not printf per id (a 6 MB text has two million), nor one 13 MB string.
void write_ids_line(const std::vector<int64_t>& ids, std::FILE* out) {
    char block[1 << 16];
    size_t used = 0;
    for (size_t i = 0; i < ids.size(); ++i) {
        if (used + 24 > sizeof block) std::fwrite(block, 1, used, out), used = 0;
        if (i) block[used++] = ' ';
        used = static_cast<size_t>(std::to_chars(block + used, block + sizeof block, ids[i]).ptr - block);
    }
    block[used++] = '\n';
    std::fwrite(block, 1, used, out);
}

} // namespace

int cmd_tokenize(Args& args) {
    const bool json = args.flag("--json");
    const bool count = args.flag("--count");
    const bool ids_only = args.flag("--ids");
    const bool allow_special = args.flag("--allow-special");
    const bool no_special = args.flag("--no-special");
    if (allow_special && no_special) throw UsageError{"--allow-special and --no-special say opposite things: give one"};
    if (int(json) + int(count) + int(ids_only) > 1) throw UsageError{"give one of --json, --count and --ids"};
    const std::string name = args.option("--tokenizer").value_or("glove");
    auto file = args.option("--file");
    std::shared_ptr<const VectorTable> table;
    if (name == "glove") table = open_table(args);
    auto pos = args.positionals();
    std::string text;
    if (file) {
        if (!pos.empty()) throw UsageError{"give TEXT or --file, not both"};
        text = read_text_file(*file);
    } else {
        if (pos.size() != 1) throw UsageError{"give one TEXT argument (quote it) or --file F"};
        text = pos[0];
    }
    auto tok = make_tokenizer(name, table);
    const EncodeOptions options{.allow_special = allow_special, .special_as_text = no_special};
    if (count) {
        std::printf("%zu\n", tok->count(text, options));
        return 0;
    }
    if (ids_only) {
        write_ids_line(tok->encode_ids(text, options), stdout);
        return 0;
    }
    auto tokens = tok->encode(text, options);
    if (json) {
        nlohmann::json arr = nlohmann::json::array();
        for (const Token& t : tokens) arr.push_back(token_json(t));
        std::printf("%s\n", nlohmann::json{{"tokenizer", tok->name()}, {"count", tokens.size()}, {"tokens", arr}}
                                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                                .c_str());
    } else {
        for (const Token& t : tokens) std::printf("%s\t%lld\n", t.piece.c_str(), (long long)t.id);
    }
    return 0;
}

} // namespace es::cli
