// The command line (DESIGN.md "Command line"): subcommands, their arguments, JSON output and
// the error convention — one line on stderr naming the input and the problem, exit 1 (2 for
// bad usage), never a signal.
#pragma once
#include <cstddef>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace es {
class VectorTable;
struct Token;
}

namespace es::cli {

inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;

// Thrown for bad usage; run() prints it with a hint and exits 2.
struct UsageError {
    std::string message;
};

// A small argument reader: options are taken out by name, what remains are positionals.
class Args {
public:
    Args(std::string command, std::vector<std::string> args) : command_(std::move(command)), args_(std::move(args)) {}
    const std::string& command() const { return command_; }
    bool flag(const std::string& name);                          // --json
    std::optional<std::string> option(const std::string& name);  // --metric cosine, --metric=cosine
    std::vector<std::string> options(const std::string& name);   // repeated: --axis a:b --axis c:d
    long long integer(const std::string& name, long long fallback, long long min, long long max);
    // Removes and returns the first argument when it is not an option (a sub-subcommand's name).
    std::optional<std::string> shift();
    // The remaining arguments; an unknown one that starts with '-' is a usage error.
    std::vector<std::string> positionals();

private:
    std::string command_;
    std::vector<std::string> args_;
};

// The table named by --vectors, or the default one; errors name the file and say how to fix.
std::shared_ptr<const VectorTable> open_table(Args& args);

// The options the word searches share: --json, -k N=10 and --restrict N (0: every row).
struct SearchArgs {
    bool json;
    size_t k;
    size_t restrict_rows;
};
SearchArgs search_args(Args& args);

// A token as DESIGN.md's "A token in JSON": id (null when none), text, piece, start, end, and
// "invalid_utf8": true on a token made from bytes that are not UTF-8.
nlohmann::json token_json(const Token& token);

// The row of WORD (as typed, then lower-cased), or an es::Error naming it with the nearest spellings.
uint32_t lookup_or_explain(const VectorTable& table, const std::string& word);

bool is_subcommand(const std::string& word);
// Runs a subcommand (argv[1]) or top-level --help/--version; returns the exit status.
int run(int argc, char** argv);
void print_top_help();

// Subcommands, one file each.
int cmd_analogy(Args& args);
int cmd_bench(Args& args);
// Where the benchmarks find what is not installed (peer scripts, the tokenizer corpus): the source
// checkout from --source-dir or $EMBEDSCOPE_SOURCE_DIR (./scripts/bench and the tests set it); an
// es::Error naming `needed_for` when neither is given. The evaluation sets: $EMBEDSCOPE_EVAL_DIR,
// else ../shared/data/eval beside the checkout.
std::string bench_source_dir(const std::string& needed_for);
std::string bench_eval_dir();
int cmd_eval(Args& args);
int cmd_export(Args& args);
int cmd_encode(Args& args);
int cmd_import(Args& args);
int cmd_neighbors(Args& args);
int cmd_project(Args& args);
int cmd_tokenize(Args& args);
int cmd_verify(Args& args);

// Benchmarks, one file each (bench_*.cpp).
int bench_encode(Args& args);
int bench_vectors(Args& args);
int bench_tokenize(Args& args);
int bench_render(Args& args);  // only in builds with the UI (EMBEDSCOPE_WITH_UI)

} // namespace es::cli
