// embedscope tokenize [--tokenizer NAME|PATH] [--allow-special | --no-special] [--json | --count] (TEXT | --file F)
#include "cli.h"

#include "base/error.h"
#include "base/text_lines.h"
#include "tokenizers/tokenizer_registry.h"
#include "vectors/vector_table.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace es::cli {

int cmd_tokenize(Args& args) {
    const bool json = args.flag("--json");
    const bool count = args.flag("--count");
    const bool allow_special = args.flag("--allow-special");
    const bool no_special = args.flag("--no-special");
    if (allow_special && no_special) throw UsageError{"--allow-special and --no-special say opposite things: give one"};
    if (json && count) throw UsageError{"give --json or --count, not both"};
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
