// embedscope export [--vectors PATH] --format word2vec|tsv --out PATH
// tsv writes PATH (vectors) and the metadata file beside it, as TensorFlow Projector loads them.
#include "cli.h"

#include "vectors/vector_export.h"
#include "vectors/vector_table.h"

#include <cstdio>

namespace es::cli {

int cmd_export(Args& args) {
    auto format = args.option("--format");
    auto out = args.option("--out");
    auto table = open_table(args);
    args.positionals();
    if (!format || (*format != "word2vec" && *format != "tsv")) throw UsageError{"--format takes word2vec or tsv"};
    if (!out) throw UsageError{"--out PATH is required"};
    if (*format == "word2vec") {
        export_word2vec_text(*table, *out);
        std::fprintf(stderr, "wrote %s (%zu words × %u)\n", out->c_str(), table->rows(), table->dim());
    } else {
        const std::string meta = export_projector_tsv(*table, *out);
        std::fprintf(stderr, "wrote %s and %s (%zu words × %u)\n", out->c_str(), meta.c_str(), table->rows(), table->dim());
    }
    return 0;
}

} // namespace es::cli
