// embedscope analogy A B C [--method 3cosadd|3cosmul] [--epsilon E] [-k N=10] [--restrict N] [--json]
#include "cli.h"

#include "base/error.h"
#include "search/analogy.h"
#include "vectors/spelling_suggestions.h"
#include "vectors/vector_table.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace es::cli {

uint32_t lookup_or_explain(const VectorTable& table, const std::string& word) {
    if (auto r = table.lookup(word)) return *r;
    std::string msg = "'" + word + "' is not in the vocabulary of " + table.source();
    const auto near = similar_spellings(table, word);
    if (!near.empty()) {
        msg += "; nearest spellings:";
        for (size_t i = 0; i < near.size(); ++i) msg += (i ? ", " : " ") + near[i];
    }
    throw Error(msg);
}

int cmd_analogy(Args& args) {
    const auto [json, k, restrict_rows] = search_args(args);
    AnalogyMethod method = AnalogyMethod::CosAdd;
    if (auto m = args.option("--method"); m && !parse_analogy_method(*m, method))
        throw UsageError{"--method takes 3cosadd or 3cosmul, not '" + *m + "'"};
    double epsilon = 1e-6;
    if (auto e = args.option("--epsilon")) {
        char* end = nullptr;
        errno = 0;
        epsilon = std::strtod(e->c_str(), &end);
        // 1e-400 underflows to 0 (ERANGE): not the number asked for, so refused, not rounded.
        if (e->empty() || *end != 0 || errno == ERANGE || !(epsilon >= 0) || epsilon > 1)
            throw UsageError{"--epsilon takes a number from 0 to 1 (a double's range: 0 or at least 1e-308), not '" + *e + "'"};
    }
    auto table = open_table(args);
    auto pos = args.positionals();
    if (pos.size() != 3) throw UsageError{"name three words: A B C (A is to B as C is to ?)"};
    uint32_t rows[3];
    for (int i = 0; i < 3; ++i) rows[i] = lookup_or_explain(*table, pos[size_t(i)]);
    const Analogy an = solve_analogy(*table, rows[0], rows[1], rows[2], method, k, restrict_rows, epsilon);
    if (an.candidates.empty())
        throw UsageError{"--restrict " + std::to_string(restrict_rows) + " leaves no word to rank once A, B and C are left out"};
    if (json) {
        nlohmann::json out{{"query", {std::string(table->word(an.a)), std::string(table->word(an.b)), std::string(table->word(an.c))}},
                           {"method", analogy_method_name(method)},
                           {"offset", an.offset},
                           {"target", an.target}};
        if (method == AnalogyMethod::CosMul) out["epsilon"] = epsilon;
        auto& list = out["candidates"] = nlohmann::json::array();
        for (const auto& c : an.candidates)
            list.push_back({{"word", std::string(table->word(c.row))}, {"score", c.score}, {"rank", c.rank}});
        std::printf("%s\n", out.dump().c_str());
    } else {
        for (const auto& c : an.candidates)
            std::printf("%3zu  %-24s %.6f\n", c.rank, std::string(table->word(c.row)).c_str(), c.score);
    }
    return 0;
}

} // namespace es::cli
