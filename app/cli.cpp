#include "cli.h"

#include "base/data_paths.h"
#include "base/error.h"
#include "tokenizers/token.h"
#include "vectors/open_vector_file.h"
#include "vectors/vector_table.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

namespace es::cli {
namespace {

struct Command {
    int (*run)(Args&);
    const char* usage;
    const char* summary;
};

const std::map<std::string, Command>& commands() {
    static const std::map<std::string, Command> table = {
        {"analogy", {cmd_analogy,
                     "embedscope analogy A B C [--method 3cosadd|3cosmul] [--epsilon E] [-k N=10] [--restrict N] "
                     "[--vectors PATH] [--json]",
                     "A is to B as C is to ? — ranked candidates with their arithmetic"}},
        {"bench", {cmd_bench, "embedscope bench vectors|tokenize|encode|render [--source-dir DIR] [--json]",
                   "measure this machine: search, tokenizers, the encoder, rendering (peer scripts, corpus and "
                   "evaluation sets from the source checkout: --source-dir or $EMBEDSCOPE_SOURCE_DIR)"}},
        {"encode", {cmd_encode,
                    "embedscope encode --model DIR|builtin [--backend auto|cpu|gpu] [--pooling cls|mean|last] "
                    "[--positions none|sinusoidal|rope] [--layers N=2] [--json] (TEXT | --ids 1,2,3)",
                    "every layer's hidden states and every head's attention from an encoder"}},
        {"eval", {cmd_eval, "embedscope eval analogies|pairs FILE [--restrict N=300000] [--vectors PATH] [--json]",
                  "word-vector benchmarks with gensim's policies (Google analogies, WordSim-353, SimLex-999)"}},
        {"export", {cmd_export, "embedscope export [--vectors PATH] --format word2vec|tsv --out PATH",
                    "write a table as word2vec text or TensorFlow Projector's vectors.tsv + metadata.tsv"}},
        {"import", {cmd_import,
                    "embedscope import SOURCE [--format glove|word2vec|word2vec-bin|fasttext|tsv|wink|safetensors] "
                    "[--metadata FILE] [--vocab FILE] [--tensor NAME] --out FILE.esv",
                    "convert a vector file into Embedscope's memory-mappable format"}},
        {"neighbors", {cmd_neighbors,
                       "embedscope neighbors WORD [-k N=10] [--metric cosine|dot|euclidean] [--restrict N] "
                       "[--vectors PATH] [--json]",
                       "the nearest words to WORD, exact over the whole table"}},
        {"project", {cmd_project,
                     "embedscope project [--method pca|axes] [--components K=2] [--axis A:B ...] [--fit-top N] "
                     "[--top N | --words FILE] [--out FILE.tsv] [--vectors PATH] [--json]",
                     "coordinates of the words on principal components or custom axes"}},
        {"tokenize", {cmd_tokenize,
                      "embedscope tokenize [--tokenizer NAME|PATH] [--allow-special | --no-special] [--json | --count | --ids] (TEXT | --file F)",
                      "the tokens a tokenizer cuts from a text"}},
        {"verify", {cmd_verify, "embedscope verify FILE.esv [--json]",
                    "check an Embedscope vector file: header, bounds, checksums, then every vector, norm and word"}},
    };
    return table;
}

} // namespace

bool Args::flag(const std::string& name) {
    // A flag given twice (--json --json) means what it means once.
    const auto given = std::erase(args_, name);
    return given > 0;
}

std::optional<std::string> Args::option(const std::string& name) {
    auto all = options(name);
    if (all.empty()) return std::nullopt;
    return all.back();
}

std::vector<std::string> Args::options(const std::string& name) {
    std::vector<std::string> out;
    for (size_t i = 0; i < args_.size();) {
        if (args_[i] == "--") break;
        if (args_[i] == name) {
            if (i + 1 >= args_.size()) throw UsageError{name + " needs a value"};
            out.push_back(args_[i + 1]);
            args_.erase(args_.begin() + i, args_.begin() + i + 2);
        } else if (args_[i].rfind(name + "=", 0) == 0) {
            out.push_back(args_[i].substr(name.size() + 1));
            args_.erase(args_.begin() + i);
        } else {
            ++i;
        }
    }
    return out;
}

long long Args::integer(const std::string& name, long long fallback, long long min, long long max) {
    auto v = option(name);
    if (!v) return fallback;
    char* end = nullptr;
    errno = 0;
    long long x = std::strtoll(v->c_str(), &end, 10);
    if (v->empty() || *end != 0 || errno != 0 || x < min || x > max)
        throw UsageError{name + " takes a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                         ", not '" + *v + "'"};
    return x;
}

std::optional<std::string> Args::shift() {
    if (args_.empty() || (args_[0].size() > 1 && args_[0][0] == '-')) return std::nullopt;
    std::string first = args_.front();
    args_.erase(args_.begin());
    return first;
}

std::vector<std::string> Args::positionals() {
    std::vector<std::string> out;
    bool rest = false;
    for (const std::string& a : args_) {
        if (!rest && a == "--") { rest = true; continue; }
        if (!rest && a.size() > 1 && a[0] == '-' && !(a.size() > 1 && std::isdigit(static_cast<unsigned char>(a[1]))))
            throw UsageError{"unknown option '" + a + "'"};
        out.push_back(a);
    }
    args_.clear();
    return out;
}

SearchArgs search_args(Args& args) {
    const bool json = args.flag("--json");
    const long long k = args.integer("-k", 10, 1, 1000000);
    const long long restrict_rows = args.integer("--restrict", 0, 0, 1LL << 40);
    return {json, size_t(k), size_t(restrict_rows)};
}

std::shared_ptr<const VectorTable> open_table(Args& args) {
    const auto given = args.option("--vectors");
    const std::string path = given.value_or(default_table_path());
    if (!given && !std::filesystem::exists(path))
        throw Error(path + ": the default vectors are not installed; run " + std::string(kSetupCommand) +
                    " (it fetches and converts them)");
    return open_vector_file(path);
}

nlohmann::json token_json(const Token& t) {
    auto span = [](const std::optional<size_t>& b) { return b ? nlohmann::json(*b) : nlohmann::json(nullptr); };
    nlohmann::json j{{"id", t.id >= 0 ? nlohmann::json(t.id) : nlohmann::json(nullptr)},
                     {"text", t.text},
                     {"piece", t.piece},
                     {"start", span(t.start)},
                     {"end", span(t.end)}};
    if (t.invalid_utf8) j["invalid_utf8"] = true;
    return j;
}

bool is_subcommand(const std::string& word) { return commands().count(word) > 0; }

void print_top_help() {
    std::printf("embedscope %s — see how language models read text\n\n", EMBEDSCOPE_VERSION);
    std::printf("Usage:\n  embedscope [--vectors PATH | --model DIR|builtin] [--session FILE] [--text TEXT]\n"
                "             [--view scatter|tokens|positions|rope|attention] [--screenshot OUT.png [--size WxH]]   (the window)\n");
    std::printf("      --screenshot writes the window as a PNG and exits: 0 when the data was drawn, 1 when the\n"
                "      vectors could not be opened (the picture then shows the message).\n"
                "      EMBEDSCOPE_POINTS=cpu|gpu|auto: who draws the scatter's points (auto: the CPU on a software GL).\n");
    for (const auto& [name, c] : commands()) std::printf("  %s\n", c.usage);
    std::printf("\nCommands:\n");
    for (const auto& [name, c] : commands()) std::printf("  %-10s %s\n", name.c_str(), c.summary);
    std::printf("\nEvery command takes --help and --version. Data directory: %s\n", data_dir().c_str());
}

int run(int argc, char** argv) {
    std::string first = argc > 1 ? argv[1] : "";
    if (first == "--version" || first == "-V") {
        std::printf("embedscope %s\n", EMBEDSCOPE_VERSION);
        return 0;
    }
    if (first == "--help" || first == "-h" || first == "help") {
        print_top_help();
        return 0;
    }
    auto it = commands().find(first);
    if (it == commands().end()) {
        std::fprintf(stderr, "embedscope: unknown command '%s' (see embedscope --help)\n", first.c_str());
        return kExitUsage;
    }
    std::vector<std::string> rest(argv + 2, argv + argc);
    Args args(first, rest);
    try {
        if (args.flag("--help") || args.flag("-h")) {
            std::printf("Usage: %s\n\n%s\n", it->second.usage, it->second.summary);
            return 0;
        }
        if (args.flag("--version")) {
            std::printf("embedscope %s\n", EMBEDSCOPE_VERSION);
            return 0;
        }
        return it->second.run(args);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "embedscope %s: %s\nUsage: %s\n", first.c_str(), e.message.c_str(), it->second.usage);
        return kExitUsage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "embedscope %s: %s\n", first.c_str(), e.what());
        return kExitError;
    }
}

} // namespace es::cli
