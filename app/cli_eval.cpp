// embedscope eval analogies FILE [--restrict N=300000] [--json]
// embedscope eval pairs FILE [--restrict N=300000] [--json]
#include "cli.h"

#include "search/word_evaluation.h"
#include "vectors/vector_table.h"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace es::cli {

int cmd_eval(Args& args) {
    auto what = args.shift();
    if (!what || (*what != "analogies" && *what != "pairs")) throw UsageError{"say what to evaluate: analogies or pairs"};
    const bool json = args.flag("--json");
    const long long restrict_rows = args.integer("--restrict", 300000, 1, 1LL << 40);
    auto table = open_table(args);
    auto pos = args.positionals();
    if (pos.size() != 1) throw UsageError{"name one FILE"};
    const auto t0 = std::chrono::steady_clock::now();
    if (*what == "analogies") {
        const AnalogyEvaluation ev = evaluate_analogies(*table, pos[0], size_t(restrict_rows));
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (json) {
            nlohmann::json out{{"accuracy", ev.accuracy}, {"correct", ev.correct}, {"incorrect", ev.incorrect},
                               {"oov", ev.oov}, {"questions", ev.questions}, {"near_ties", ev.near_ties},
                               {"seconds", s}};
            auto& secs = out["sections"] = nlohmann::json::array();
            for (const auto& sec : ev.sections)
                secs.push_back({{"name", sec.name}, {"correct", sec.correct}, {"incorrect", sec.incorrect}});
            std::printf("%s\n", out.dump().c_str());
        } else {
            for (const auto& sec : ev.sections) {
                const size_t n = sec.correct + sec.incorrect;
                std::printf("%-28s %6.2f%%  (%zu/%zu)\n", sec.name.c_str(), n ? 100.0 * double(sec.correct) / double(n) : 0.0,
                            sec.correct, n);
            }
            std::printf("%-28s %6.2f%%  (%zu/%zu), %zu OOV, %zu near ties, %.2f s\n", "total", 100 * ev.accuracy, ev.correct,
                        ev.correct + ev.incorrect, ev.oov, ev.near_ties, s);
        }
    } else {
        const PairEvaluation ev = evaluate_pairs(*table, pos[0], size_t(restrict_rows));
        if (json)
            std::printf("%s\n", nlohmann::json{{"pearson", ev.pearson}, {"spearman", ev.spearman}, {"oov_ratio", ev.oov_ratio},
                                               {"pairs", ev.pairs}}.dump().c_str());
        else
            std::printf("pearson %.6f  spearman %.6f  oov %.2f%%  pairs %zu\n", ev.pearson, ev.spearman, ev.oov_ratio, ev.pairs);
    }
    return 0;
}

} // namespace es::cli
