// embedscope bench tokenize [--file F] [--smoke] [--json]: single-thread throughput of the
// cl100k_base and o200k_base encoders, and of Llama 3's tokenizer.json where it is unpacked, on
// a mixed corpus of a few MB (the repository's tokenizer corpus repeated, or F), and the time
// for a million repetitions of one character.
#include "cli.h"

#include "base/error.h"
#include "tokenizers/hf/hf_tokenizer.h"
#include "tokenizers/tokenizer_registry.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace es::cli {
namespace {

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

template <class F>
double best_seconds(int repeats, F&& f) {
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        f();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

} // namespace

int bench_tokenize(Args& args) {
    const bool json = args.flag("--json");
    const bool smoke = args.flag("--smoke");  // a tiny run for the test suite
    auto file = args.option("--file");
    args.positionals();

    std::string text;
    if (file) {
        text = read_all(*file);
    } else {
        const std::string dir = bench_source_dir("the tokenizer corpus (or give --file F)") + "/tests/tokenizers/corpus";
        std::vector<std::filesystem::path> files;
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(dir, ec)) files.push_back(e.path());
        if (ec || files.empty()) throw Error(dir + ": the tokenizer corpus is missing; give --file F");
        std::sort(files.begin(), files.end());
        std::string one;
        for (const auto& f : files) one += read_all(f.string());
        const size_t target = smoke ? 1 : 4u << 20;
        while (text.size() < target) text += one;
    }
    const size_t million = smoke ? 10000 : 1000000;
    const int repeats = smoke ? 1 : 3;

    nlohmann::json out{{"corpus_bytes", text.size()}, {"encodings", nlohmann::json::object()}};
    std::vector<std::string> names = {"cl100k_base", "o200k_base"};
    const std::string llama3 = tokenizer_data_path("llama3") + "/tokenizer.json";
    if (std::filesystem::exists(llama3)) names.push_back("llama3");
    for (const std::string& name : names) {
        auto t0 = std::chrono::steady_clock::now();
        std::shared_ptr<const Tokenizer> tok;
        if (name == "llama3") tok = std::make_shared<HfTokenizer>(llama3);
        else tok = make_tokenizer(name);
        const double load = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        size_t ids = 0, tokens = 0;
        const double s_ids = best_seconds(repeats, [&] { ids = tok->encode_ids(text).size(); });
        const double s_tokens = best_seconds(1, [&] { tokens = tok->encode(text).size(); });
        const std::string same(million, 'a');
        size_t million_ids = 0;
        const double s_million = best_seconds(1, [&] { million_ids = tok->encode_ids(same).size(); });
        out["encodings"][name] = {{"load_ms", load * 1e3},
                                  {"ids", ids},
                                  {"ids_mb_per_s", text.size() / s_ids / 1e6},
                                  {"tokens_mb_per_s", text.size() / s_tokens / 1e6},
                                  {"repeated_char_count", million},
                                  {"repeated_char_ms", s_million * 1e3},
                                  {"repeated_char_ids", million_ids}};
        if (tokens != ids) throw Error(name + ": encode and encode_ids disagree on the corpus");
    }
    if (json) {
        std::printf("%s\n", out.dump().c_str());
    } else {
        std::printf("corpus: %zu bytes, single thread, best of %d\n", text.size(), repeats);
        for (const auto& [name, e] : out["encodings"].items())
            std::printf("%-12s ids %7.1f MB/s   tokens with spans %7.1f MB/s   %zu × 'a': %8.1f ms   load %6.1f ms\n",
                        name.c_str(), e["ids_mb_per_s"].get<double>(), e["tokens_mb_per_s"].get<double>(), million,
                        e["repeated_char_ms"].get<double>(), e["load_ms"].get<double>());
    }
    return 0;
}

} // namespace es::cli
