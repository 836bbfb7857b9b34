// The GL backend on a machine with a GPU but no display and no Qt (a headless server): EGL
// (libEGL.so.1, opened at run time) gives a surfaceless OpenGL 4.3 core context whose
// eglGetProcAddress feeds the backend. Compares every op with the CPU backend, the reference
// models (when their folder is given) with PyTorch's outputs, and times a BERT-base-shaped pass
// on both backends. Exit status 0 only when everything agrees within DESIGN.md's tolerance.
// usage: gl_egl_check [REFERENCE_MODELS_DIR]
#include "encoder/cpu_backend.h"
#include "encoder/encoder_model.h"
#include "base/error.h"
#include "encoder/gl/gl_backend.h"
#include "encoder/random_model.h"
#include "encoder/safetensors_file.h"
#include "testing/reference_agreement.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>

using namespace es;

namespace {

int failures = 0;

void check(const std::vector<float>& ours, const std::vector<float>& ref, const std::string& what) {
    const es::test::ReferenceAgreement a = es::test::measure_agreement(ours, ref);
    const bool ok = a.within_tolerance();
    if (!ok) ++failures;
    std::printf("%-4s %-48s max diff %.3g (max |ref| %.3g)\n", ok ? "ok" : "FAIL", what.c_str(), a.max_diff, a.max_ref);
}

struct Egl {
    void* lib = nullptr;
    EGLDisplay display = EGL_NO_DISPLAY;
    PFNEGLGETPROCADDRESSPROC get_proc = nullptr;

    template <class F>
    F fn(const char* name) {
        auto f = reinterpret_cast<F>(dlsym(lib, name));
        if (!f) throw Error(std::string("libEGL.so.1 lacks ") + name);
        return f;
    }
    void open() {
        lib = dlopen("libEGL.so.1", RTLD_NOW | RTLD_GLOBAL);
        if (!lib) throw Error(std::string("cannot open libEGL.so.1: ") + dlerror());
        get_proc = fn<PFNEGLGETPROCADDRESSPROC>("eglGetProcAddress");
        auto query_devices = reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(get_proc("eglQueryDevicesEXT"));
        auto platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(get_proc("eglGetPlatformDisplayEXT"));
        EGLDeviceEXT devices[8];
        EGLint count = 0;
        if (query_devices && platform_display && query_devices(8, devices, &count) && count > 0)
            display = platform_display(EGL_PLATFORM_DEVICE_EXT, devices[0], nullptr);
        if (display == EGL_NO_DISPLAY) display = fn<PFNEGLGETDISPLAYPROC>("eglGetDisplay")(EGL_DEFAULT_DISPLAY);
        EGLint major = 0, minor = 0;
        if (!fn<PFNEGLINITIALIZEPROC>("eglInitialize")(display, &major, &minor)) throw Error("eglInitialize failed");
        if (!fn<PFNEGLBINDAPIPROC>("eglBindAPI")(EGL_OPENGL_API)) throw Error("eglBindAPI(OpenGL) failed");
        const EGLint config_attrs[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_NONE};
        EGLConfig config;
        EGLint n = 0;
        if (!fn<PFNEGLCHOOSECONFIGPROC>("eglChooseConfig")(display, config_attrs, &config, 1, &n) || n == 0)
            throw Error("no EGL config for desktop OpenGL");
        const EGLint ctx_attrs[] = {EGL_CONTEXT_MAJOR_VERSION, 4, EGL_CONTEXT_MINOR_VERSION, 3,
                                    EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
        EGLContext ctx = fn<PFNEGLCREATECONTEXTPROC>("eglCreateContext")(display, config, EGL_NO_CONTEXT, ctx_attrs);
        if (ctx == EGL_NO_CONTEXT) throw Error("cannot create an OpenGL 4.3 core context through EGL");
        if (!fn<PFNEGLMAKECURRENTPROC>("eglMakeCurrent")(display, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx))
            throw Error("eglMakeCurrent without a surface failed (EGL_KHR_surfaceless_context)");
    }
};

double seconds(const std::function<void()>& f) {
    auto t = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void compare_ops(ComputeBackend& cpu, ComputeBackend& gl) {
    std::mt19937 rng(3);
    std::normal_distribution<float> nd;
    auto both = [&](int64_t r, int64_t c, float scale = 1.0f) {
        std::vector<float> v(size_t(r * c));
        for (float& x : v) x = nd(rng) * scale;
        return std::make_pair(cpu.from_host(r, c, v.data()), gl.from_host(r, c, v.data()));
    };
    auto same = [&](const std::pair<TensorPtr, TensorPtr>& p, const std::string& what) {
        std::vector<float> a(size_t(p.first->size())), b(a.size());
        cpu.download(*p.first, a.data());
        gl.download(*p.second, b.data());
        check(b, a, what);
    };
    for (auto [n, in, out] : {std::tuple{7, 33, 17}, {128, 768, 3072}, {128, 3072, 768}, {45, 100, 130}}) {
        auto x = both(n, in), w = both(out, in, 0.05f), b = both(1, out), y = both(n, out);
        cpu.linear(*x.first, *w.first, b.first.get(), *y.first);
        gl.linear(*x.second, *w.second, b.second.get(), *y.second);
        same(y, "linear " + std::to_string(n) + "x" + std::to_string(in) + "x" + std::to_string(out));
    }
    auto x = both(9, 768, 3.0f), g = both(1, 768), bb = both(1, 768), y = both(9, 768);
    cpu.layer_norm(*x.first, *g.first, *bb.first, 1e-12f, *y.first);
    gl.layer_norm(*x.second, *g.second, *bb.second, 1e-12f, *y.second);
    same(y, "layer_norm");
    cpu.rms_norm(*x.first, *g.first, 1e-6f, *y.first);
    gl.rms_norm(*x.second, *g.second, 1e-6f, *y.second);
    same(y, "rms_norm");
    for (Gelu k : {Gelu::Erf, Gelu::Tanh}) {
        auto a = both(4, 1000, 4.0f);
        cpu.gelu(*a.first, k);
        gl.gelu(*a.second, k);
        same(a, k == Gelu::Erf ? "gelu erf" : "gelu tanh");
    }
    auto gate = both(4, 1000, 5.0f), up = both(4, 1000);
    cpu.silu_mul(*gate.first, *up.first);
    gl.silu_mul(*gate.second, *up.second);
    same(up, "silu_mul");
    auto r = both(11, 3 * 128), c = both(11, 64), s = both(11, 64);
    cpu.rope(*r.first, 3, *c.first, *s.first);
    gl.rope(*r.second, 3, *c.second, *s.second);
    same(r, "rope");
    for (bool causal : {false, true}) {
        const int64_t n = 200, h = 8, kv = 2, hd = 64;
        AttentionShape sh{n, h, kv, hd, 0.125f, causal};
        auto q = both(n, h * hd), k = both(n, kv * hd), v = both(n, kv * hd), sc = both(h * n, n), o = both(n, h * hd);
        cpu.attention_scores(*q.first, *k.first, sh, *sc.first);
        gl.attention_scores(*q.second, *k.second, sh, *sc.second);
        cpu.softmax_rows(*sc.first);
        gl.softmax_rows(*sc.second);
        same(sc, causal ? "attention probs (causal, gqa)" : "attention probs");
        cpu.attention_context(*sc.first, *v.first, sh, *o.first);
        gl.attention_context(*sc.second, *v.second, sh, *o.second);
        same(o, causal ? "attention context (causal, gqa)" : "attention context");
    }
}

void compare_reference_models(const std::string& root, std::shared_ptr<ComputeBackend> gl) {
    for (const auto& entry : std::filesystem::directory_iterator(root)) {
        const std::string dir = entry.path().string();
        if (!std::filesystem::exists(entry.path() / "reference.safetensors")) continue;
        SafetensorsFile ref(dir + "/reference.safetensors");
        std::vector<float> idf(size_t(ref.find("ids")->elements()));
        ref.read_f32(*ref.find("ids"), idf.data());
        std::vector<int64_t> ids(idf.begin(), idf.end());
        auto enc = EncoderModel::load(dir, gl);
        auto out = enc->run(ids, {true, true});
        for (const auto& [name, t] : ref.tensors()) {
            if (name == "ids") continue;
            std::vector<float> want(size_t(t.elements()));
            ref.read_f32(t, want.data());
            const std::string kind = name.substr(0, name.rfind('.'));
            const size_t i = std::stoul(name.substr(name.rfind('.') + 1));
            const auto& got = kind == "hidden_states" ? out.hidden_states
                              : kind == "attentions" ? out.attentions
                              : kind == "queries"    ? out.queries
                              : kind == "keys"       ? out.keys
                              : kind == "queries_before_rope" ? out.queries_before_rope
                                                               : out.keys_before_rope;
            check(i < got.size() ? got[i] : std::vector<float>{}, want, entry.path().filename().string() + " " + name);
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    try {
        Egl egl;
        egl.open();
        auto gl = std::make_shared<GlBackend>([&](const char* name) { return reinterpret_cast<void*>(egl.get_proc(name)); });
        auto cpu = std::make_shared<CpuBackend>(2);
        std::printf("GL device: %s (software renderer: %s)\n", gl->device().c_str(), gl->software_renderer() ? "yes" : "no");
        compare_ops(*cpu, *gl);
        if (argc > 1) compare_reference_models(argv[1], gl);

        const std::string dir = "/tmp/gl_egl_check_bert_base";
        write_random_bert(dir, {});
        std::vector<int64_t> ids(128);
        for (size_t i = 0; i < ids.size(); ++i) ids[i] = int64_t((i * 7919 + 101) % 30522);
        for (auto backend : {std::shared_ptr<ComputeBackend>(gl), std::shared_ptr<ComputeBackend>(cpu)}) {
            std::unique_ptr<EncoderModel> enc;
            const double load = seconds([&] { enc = EncoderModel::load(dir, backend); });
            enc->run(ids, {false, false});
            std::vector<double> t;
            for (int r = 0; r < 10; ++r) t.push_back(seconds([&] { enc->run(ids, {false, false}); }));
            std::sort(t.begin(), t.end());
            std::vector<double> tc;
            for (int r = 0; r < 5; ++r) tc.push_back(seconds([&] { enc->run(ids, {true, false}); }));
            std::sort(tc.begin(), tc.end());
            std::printf("BERT-base, 128 tokens, %s: load %.3f s, pass %.4f s median (min %.4f), with attentions %.4f s\n",
                        backend->name().c_str(), load, t[t.size() / 2], t[0], tc[tc.size() / 2]);
            if (backend == gl) {  // the two backends on the full-size model
                auto a = enc->run(ids, {true, false});
                auto c = EncoderModel::load(dir, cpu)->run(ids, {true, false});
                check(a.hidden_states.back(), c.hidden_states.back(), "BERT-base last hidden state, gpu vs cpu");
                check(a.attentions.back(), c.attentions.back(), "BERT-base last attention, gpu vs cpu");
            }
        }
        std::filesystem::remove_all(dir);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gl_egl_check: %s\n", e.what());
        return 1;
    }
    std::printf("%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
