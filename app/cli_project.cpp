// embedscope project [--method pca|axes] [--components K=2] [--axis A:B ...] [--fit-top N]
//                    [--top N | --words FILE] [--out FILE.tsv] [--json]
// Coordinates go to --out as TSV (word, then one column per component), or to stdout without
// --out and --json.
#include "cli.h"

#include "base/error.h"
#include "base/text_lines.h"
#include "projection/axes_projection.h"
#include "projection/pca.h"
#include "vectors/vector_table.h"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

namespace es::cli {
namespace {

std::vector<uint32_t> side_rows(const VectorTable& table, const std::string& side) {
    std::vector<uint32_t> rows;
    size_t i = 0;
    while (i <= side.size()) {
        size_t j = side.find(',', i);
        if (j == std::string::npos) j = side.size();
        const std::string w = side.substr(i, j - i);
        if (w.empty()) throw UsageError{"--axis: an empty word in '" + side + "'"};
        rows.push_back(lookup_or_explain(table, w));
        i = j + 1;
    }
    return rows;
}

} // namespace

int cmd_project(Args& args) {
    const bool json = args.flag("--json");
    const std::string method = args.option("--method").value_or("pca");
    if (method != "pca" && method != "axes") throw UsageError{"--method takes pca or axes, not '" + method + "'"};
    const long long fit_top = args.integer("--fit-top", 0, 0, 1LL << 40);
    const long long top = args.integer("--top", 0, 0, 1LL << 40);
    const auto words_file = args.option("--words");
    const auto out_path = args.option("--out");
    const auto axis_args = args.options("--axis");
    if (top && words_file) throw UsageError{"give --top or --words, not both"};
    long long components = 2;
    if (method == "pca") components = args.integer("--components", 2, 1, 65536);
    else if (axis_args.empty()) throw UsageError{"--method axes needs at least one --axis A:B"};
    auto table = open_table(args);
    args.positionals();

    std::vector<uint32_t> rows;
    if (words_file) {
        const std::string text = read_text_file(*words_file);
        TextLines lines(text);
        std::string_view line;
        while (lines.next(line)) {
            if (line.empty()) continue;
            auto r = table->lookup(line);
            if (!r) throw Error(text_position(*words_file, lines.line(), lines.offset()) + ": '" + std::string(line) +
                                "' is not in the vocabulary of " + table->source());
            rows.push_back(*r);
        }
    } else {
        const size_t n = top ? std::min<size_t>(size_t(top), table->rows()) : table->rows();
        rows.resize(n);
        for (size_t i = 0; i < n; ++i) rows[i] = uint32_t(i);
    }

    PcaModel model;
    if (method == "pca") {
        if (size_t(components) > table->dim())
            throw UsageError{"--components " + std::to_string(components) + " exceeds the table's dimension " + std::to_string(table->dim())};
        model = fit_pca(*table, size_t(components), size_t(fit_top));
    } else {
        std::vector<AxisSpec> axes;
        for (const std::string& a : axis_args) {
            const size_t colon = a.find(':');
            if (colon == std::string::npos || a.find(':', colon + 1) != std::string::npos)
                throw UsageError{"--axis takes A:B (a side may be a group: he,him:she,her), not '" + a + "'"};
            axes.push_back({side_rows(*table, a.substr(0, colon)), side_rows(*table, a.substr(colon + 1))});
        }
        model = fit_axes(*table, axes, size_t(fit_top));
    }
    const size_t k = model.components;
    std::vector<float> coords(rows.size() * k);
    bool contiguous = words_file ? false : true;
    if (contiguous && method == "pca") project_rows(model, *table, rows.size(), coords.data());
    else project_row_list(model, *table, rows, coords.data());

    if (out_path || !json) {
        FILE* f = out_path ? std::fopen(out_path->c_str(), "wb") : stdout;
        if (!f) throw Error(*out_path + ": cannot write");
        std::fprintf(f, "word");
        for (size_t c = 0; c < k; ++c) std::fprintf(f, "\t%s%zu", method == "pca" ? "pc" : "axis", c + 1);
        std::fprintf(f, "\n");
        for (size_t i = 0; i < rows.size(); ++i) {
            const std::string_view w = table->word(rows[i]);
            std::fwrite(w.data(), 1, w.size(), f);
            for (size_t c = 0; c < k; ++c) std::fprintf(f, "\t%.9g", coords[i * k + c]);
            std::fputc('\n', f);
        }
        if (out_path && std::fclose(f) != 0) throw Error(*out_path + ": write failed");
    }
    if (json)
        std::printf("%s\n", nlohmann::json{{"rows", rows.size()}, {"method", method}, {"components", k},
                                           {"fitted_rows", model.fitted_rows},
                                           {"explained_variance_ratio", model.explained_variance_ratio}}
                                .dump()
                                .c_str());
    return 0;
}

} // namespace es::cli
