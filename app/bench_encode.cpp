// embedscope bench encode [--json] [--smoke] [--runs N=5] [--no-torch] [--no-gl]
// A BERT-base-shaped model (12 layers, 768 wide, 12 heads, random weights, written as
// safetensors and loaded like any folder) on 128 tokens: load time, a pass on the CPU backend
// without and with attention capture, the GL backend (on whatever renderer there is), peak
// memory — and PyTorch's torch.nn.TransformerEncoder of the same shape on the same number of
// threads, run in the same run by tests/bench/torch_encoder_bench.py.
#include "cli.h"

#include "base/error.h"
#include "encoder/cpu_backend.h"
#include "encoder/encoder_model.h"
#include "encoder/random_model.h"
#include "encoder_choice.h"
#ifdef EMBEDSCOPE_WITH_UI
#include "encoder/gl/gl_backend.h"
#endif

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/resource.h>
#include <unistd.h>

namespace es::cli {
namespace {

struct Shape {
    int64_t layers, hidden, heads, ffn, vocab, positions, tokens;
};

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

double peak_rss_mib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

struct Timing {
    double median_s = 0, min_s = 0;
};

Timing time_passes(Encoder& enc, const std::vector<int64_t>& ids, bool attentions, int runs, bool warm_up = true) {
    if (warm_up) enc.run(ids, {attentions, false});
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        enc.run(ids, {attentions, false});
        t.push_back(seconds_since(start));
    }
    return {median(t), *std::min_element(t.begin(), t.end())};
}

nlohmann::json run_torch(const Shape& s, int threads, int runs) {
    std::string script;
    try {
        script = bench_source_dir("the PyTorch peer (tests/bench/torch_encoder_bench.py)") + "/tests/bench/torch_encoder_bench.py";
    } catch (const Error& e) {
        return {{"error", e.what()}};
    }
    if (!std::filesystem::exists(script)) return {{"error", script + " not found"}};
    const std::string cmd = "/usr/bin/python3 '" + script + "' --layers " + std::to_string(s.layers) + " --hidden " +
                            std::to_string(s.hidden) + " --heads " + std::to_string(s.heads) + " --ffn " +
                            std::to_string(s.ffn) + " --tokens " + std::to_string(s.tokens) + " --threads " +
                            std::to_string(threads) + " --runs " + std::to_string(runs) + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return {{"error", "cannot run /usr/bin/python3"}};
    std::string out;
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    const int rc = pclose(p);
    const size_t brace = out.rfind('{');
    if (rc != 0 || brace == std::string::npos) return {{"error", "PyTorch benchmark failed: " + out.substr(0, 300)}};
    try {
        return nlohmann::json::parse(out.substr(brace));
    } catch (const std::exception&) {
        return {{"error", "PyTorch benchmark printed no JSON: " + out.substr(0, 300)}};
    }
}

} // namespace

int bench_encode(Args& args) {
    const bool json = args.flag("--json");
    const bool smoke = args.flag("--smoke");
    const bool no_torch = args.flag("--no-torch");
    const bool no_gl = args.flag("--no-gl");
    const int runs = int(args.integer("--runs", smoke ? 1 : 5, 1, 100));
    const int threads = int(args.integer("--threads", 2, 1, 256));
    args.positionals();
    const Shape s = smoke ? Shape{2, 64, 4, 256, 1000, 64, 16} : Shape{12, 768, 12, 3072, 30522, 512, 128};

    char tmpl[] = "/tmp/embedscope-bench-XXXXXX";
    if (!mkdtemp(tmpl)) throw Error("bench encode: cannot make a temporary folder in /tmp");
    const std::filesystem::path dir(tmpl);
    struct Cleanup {
        std::filesystem::path d;
        ~Cleanup() { std::error_code e; std::filesystem::remove_all(d, e); }
    } cleanup{dir};
    write_random_bert(dir.string(), {s.layers, s.hidden, s.heads, s.ffn, s.vocab, s.positions});
    std::vector<int64_t> ids(size_t(s.tokens));
    for (size_t i = 0; i < ids.size(); ++i) ids[i] = int64_t((i * 7919 + 101) % size_t(s.vocab));

    nlohmann::json r = {{"model", "BERT-base shape, random F32 weights"}, {"layers", s.layers}, {"hidden", s.hidden},
                        {"heads", s.heads}, {"ffn", s.ffn}, {"tokens", s.tokens}, {"runs", runs}, {"threads", threads}};
    {
        auto start = std::chrono::steady_clock::now();
        auto cpu = std::make_shared<CpuBackend>(threads);
        auto enc = EncoderModel::load(dir.string(), cpu);
        r["load_s"] = seconds_since(start);
        r["cpu_device"] = cpu->device();
        Timing plain = time_passes(*enc, ids, false, runs);
        Timing captured = time_passes(*enc, ids, true, runs);
        r["cpu_pass_s"] = plain.median_s;
        r["cpu_pass_s_min"] = plain.min_s;
        r["cpu_pass_with_attentions_s"] = captured.median_s;
        r["cpu_tokens_per_s"] = double(s.tokens) / plain.median_s;
    }
    r["peak_rss_mib"] = peak_rss_mib();
#ifdef EMBEDSCOPE_WITH_UI
    if (!no_gl) {
        try {
            BackendChoice gl = choose_backend("gpu");
            auto start = std::chrono::steady_clock::now();
            auto enc = EncoderModel::load(dir.string(), gl.backend);
            r["gl_load_s"] = seconds_since(start);
            r["gl_device"] = gl.backend->device();
            // A software renderer takes minutes a pass: one pass, no warm-up, for information.
            auto* glb = dynamic_cast<GlBackend*>(gl.backend.get());
            const bool software = glb && glb->software_renderer();
            Timing t = time_passes(*enc, ids, false, software ? 1 : runs, !software);
            r["gl_pass_s"] = t.median_s;
        } catch (const Error& e) {
            r["gl_error"] = e.what();
        }
    }
#else
    (void)no_gl;
#endif
    if (!no_torch) {
        nlohmann::json t = run_torch(s, threads, runs);
        r["torch"] = t;
        if (t.contains("pass_s_median")) {
            r["torch_pass_s"] = t["pass_s_median"];
            r["cpu_speedup_vs_torch"] = t["pass_s_median"].get<double>() / r["cpu_pass_s"].get<double>();
        }
    }
    if (json) {
        std::printf("%s\n", r.dump().c_str());
        return 0;
    }
    std::printf("encoder benchmark: %s, %lld layers × %lld wide, %lld heads, %lld tokens, %d threads\n",
                r["model"].get<std::string>().c_str(), (long long)s.layers, (long long)s.hidden, (long long)s.heads,
                (long long)s.tokens, threads);
    std::printf("  load                         %8.3f s\n", r["load_s"].get<double>());
    std::printf("  cpu pass                     %8.3f s  (median of %d; %.0f tokens/s)\n", r["cpu_pass_s"].get<double>(),
                runs, r["cpu_tokens_per_s"].get<double>());
    std::printf("  cpu pass, attentions kept    %8.3f s\n", r["cpu_pass_with_attentions_s"].get<double>());
    if (r.contains("torch_pass_s"))
        std::printf("  torch TransformerEncoder     %8.3f s  (ours %.2f× its speed; %s)\n", r["torch_pass_s"].get<double>(),
                    r["cpu_speedup_vs_torch"].get<double>(), r["torch"]["blas"].get<std::string>().c_str());
    else if (r.contains("torch"))
        std::printf("  torch                        %s\n", r["torch"].dump().c_str());
    if (r.contains("gl_pass_s"))
        std::printf("  gl pass                      %8.3f s  (%s)\n", r["gl_pass_s"].get<double>(),
                    r["gl_device"].get<std::string>().c_str());
    else if (r.contains("gl_error"))
        std::printf("  gl                           %s\n", r["gl_error"].get<std::string>().c_str());
    std::printf("  peak memory                  %8.1f MiB\n", r["peak_rss_mib"].get<double>());
    return 0;
}

} // namespace es::cli
