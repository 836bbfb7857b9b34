// embedscope verify FILE.esv [--json]: the structure every open checks, then every vector, norm
// and word (esv_verify.h). Exit 1 with one line per problem (the first 20) when the file is not sound.
#include "cli.h"

#include "vectors/esv_verify.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace es::cli {

int cmd_verify(Args& args) {
    bool json = args.flag("--json");
    auto pos = args.positionals();
    if (pos.size() != 1) throw UsageError{"name one .esv file"};
    const EsvVerification v = verify_esv(pos[0]);
    const bool ok = v.problem_count == 0;
    if (json) {
        std::printf("%s\n", nlohmann::json{{"file", pos[0]}, {"rows", v.rows}, {"dim", v.dim}, {"ok", ok},
                                           {"problems", v.problems}, {"problem_count", v.problem_count}}
                                .dump()
                                .c_str());
    } else if (ok) {
        std::printf("%s: ok, %zu rows × %u\n", pos[0].c_str(), v.rows, v.dim);
    }
    if (ok) return 0;
    for (const std::string& p : v.problems) std::fprintf(stderr, "embedscope verify: %s: %s\n", pos[0].c_str(), p.c_str());
    if (v.problem_count > v.problems.size())
        std::fprintf(stderr, "embedscope verify: %s: … and %zu more problems\n", pos[0].c_str(), v.problem_count - v.problems.size());
    return kExitError;
}

} // namespace es::cli
