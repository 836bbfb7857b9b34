// embedscope bench vectors|tokenize|encode|render [--json]: each benchmark lives in its own
// bench_*.cpp; this file only dispatches.
#include "cli.h"

#include "base/error.h"

#include <cstdlib>
#include <filesystem>
#include <map>

namespace es::cli {

std::string bench_source_dir(const std::string& needed_for) {
    const char* env = std::getenv("EMBEDSCOPE_SOURCE_DIR");
    const std::string dir = env ? env : "";
    if (dir.empty())
        throw Error(needed_for + " is read from the source checkout: give --source-dir DIR or set EMBEDSCOPE_SOURCE_DIR");
    if (!std::filesystem::is_directory(dir)) throw Error(dir + ": the source checkout (--source-dir, EMBEDSCOPE_SOURCE_DIR) is not a folder");
    return dir;
}

std::string bench_eval_dir() {
    if (const char* env = std::getenv("EMBEDSCOPE_EVAL_DIR"); env && *env) return env;
    return (std::filesystem::path(bench_source_dir("the evaluation data (or EMBEDSCOPE_EVAL_DIR)")) / ".." / "shared" / "data" / "eval")
        .lexically_normal()
        .string();
}

int cmd_bench(Args& args) {
    static const std::map<std::string, int (*)(Args&)> benches = {
        {"encode", bench_encode},
        {"vectors", bench_vectors},
        {"tokenize", bench_tokenize},
#ifdef EMBEDSCOPE_WITH_UI
        {"render", bench_render},
#endif
    };
    // --source-dir, valid for every benchmark, travels to them as the environment variable.
    if (auto dir = args.option("--source-dir")) setenv("EMBEDSCOPE_SOURCE_DIR", dir->c_str(), 1);
    auto name = args.shift();
    if (!name) throw UsageError{"name one benchmark"};
    auto it = benches.find(*name);
    if (it == benches.end()) {
        std::string names;
        for (const auto& [n, f] : benches) names += (names.empty() ? "" : ", ") + n;
        throw UsageError{"unknown benchmark '" + *name + "' (this build has: " + (names.empty() ? "none" : names) + ")"};
    }
    return it->second(args);
}

} // namespace es::cli
