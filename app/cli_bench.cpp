// embedscope bench vectors|tokenize|encode|render [--json]: each benchmark lives in its own
// bench_*.cpp; this file only dispatches.
#include "cli.h"

#include <map>

namespace es::cli {

int cmd_bench(Args& args) {
    static const std::map<std::string, int (*)(Args&)> benches = {
        {"encode", bench_encode},
        {"vectors", bench_vectors},
        {"tokenize", bench_tokenize},
#ifdef EMBEDSCOPE_WITH_UI
        {"render", bench_render},
#endif
    };
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
