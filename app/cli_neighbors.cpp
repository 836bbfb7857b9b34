// embedscope neighbors WORD [-k N=10] [--metric cosine|dot|euclidean] [--restrict N] [--json]
#include "cli.h"

#include "search/neighbours.h"
#include "vectors/vector_table.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace es::cli {

int cmd_neighbors(Args& args) {
    const auto [json, k, restrict_rows] = search_args(args);
    Metric metric = Metric::Cosine;
    if (auto m = args.option("--metric"); m && !parse_metric(*m, metric))
        throw UsageError{"--metric takes cosine, dot or euclidean, not '" + *m + "'"};
    auto table = open_table(args);
    auto pos = args.positionals();
    if (pos.size() != 1) throw UsageError{"name one WORD"};
    const uint32_t self = lookup_or_explain(*table, pos[0]);
    auto hits = nearest(*table, {table->row(self), table->dim()}, k, metric, restrict_rows, {&self, 1});
    if (hits.empty())
        throw UsageError{"--restrict " + std::to_string(restrict_rows) + " leaves no word to rank once '" + pos[0] + "' itself is left out"};
    if (json) {
        nlohmann::json out{{"query", std::string(table->word(self))}, {"metric", metric_name(metric)}};
        auto& list = out["neighbors"] = nlohmann::json::array();
        for (const Neighbour& n : hits) list.push_back({{"word", std::string(table->word(n.row))}, {"score", n.score}});
        std::printf("%s\n", out.dump().c_str());
    } else {
        for (const Neighbour& n : hits) std::printf("%-24s %.6f\n", std::string(table->word(n.row)).c_str(), n.score);
    }
    return 0;
}

} // namespace es::cli
