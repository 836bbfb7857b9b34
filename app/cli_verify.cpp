// embedscope verify FILE.esv [--json]: opens the file with every check the loader makes.
#include "cli.h"
#include "vectors/vector_table.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace es::cli {

int cmd_verify(Args& args) {
    bool json = args.flag("--json");
    auto pos = args.positionals();
    if (pos.size() != 1) throw UsageError{"name one .esv file"};
    auto t = VectorTable::open_esv(pos[0]);
    if (json)
        std::printf("%s\n", nlohmann::json{{"file", pos[0]}, {"rows", t->rows()}, {"dim", t->dim()}, {"ok", true}}.dump().c_str());
    else
        std::printf("%s: ok, %zu rows × %u\n", pos[0].c_str(), t->rows(), t->dim());
    return 0;
}

} // namespace es::cli
