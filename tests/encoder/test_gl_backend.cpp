// The GL compute backend against the CPU backend (after ggml's test-backend-ops): every op on
// random inputs of awkward shapes, then whole models against PyTorch's outputs, all within
// DESIGN.md's tolerance. Runs on whatever GL 4.3 there is — Mesa's llvmpipe under Xvfb in CI.
#include "encoder/builtin_encoder.h"
#include "encoder/cpu_backend.h"
#include "base/data_paths.h"
#include "encoder/encoder_model.h"
#include "encoder/gl/gl_backend.h"
#include "gl/gl_compute_context.h"
#include "support/cli_process.h"
#include "support/reference_models.h"
#include "testing/json_numbers.h"
#include "testing/synthetic_data.h"
#include "vectors/vector_table.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <random>

using namespace es;

namespace {

// The same tensor on both backends.
struct Pair {
    TensorPtr cpu, gpu;
};

} // namespace

class TestGlBackend : public QObject {
    Q_OBJECT
    std::unique_ptr<ui::GlComputeContext> context;
    std::shared_ptr<GlBackend> gl;
    std::shared_ptr<CpuBackend> cpu = std::make_shared<CpuBackend>(2);
    std::mt19937 rng{42};

    Pair make(int64_t rows, int64_t cols, float scale = 1.0f) {
        auto v = test::random_normal_values(size_t(rows * cols), rng, scale);
        return {cpu->from_host(rows, cols, v.data()), gl->from_host(rows, cols, v.data())};
    }
    void expect_same(const Pair& p, const char* what) {
        std::vector<float> a(size_t(p.cpu->size())), b(a.size());
        cpu->download(*p.cpu, a.data());
        gl->download(*p.gpu, b.data());
        std::string why;
        QVERIFY2(test::within_tolerance(b, a, &why), (std::string(what) + ": " + why).c_str());
    }

private slots:
    void initTestCase() {
        context = std::make_unique<ui::GlComputeContext>();
        context->makeCurrent();
        gl = std::make_shared<GlBackend>(context->loader());
        qInfo("GL device: %s", gl->device().c_str());
    }
    void cleanupTestCase() {
        gl.reset();
        context.reset();
    }

    void linear_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("in");
        QTest::addColumn<int>("out");
        QTest::addColumn<bool>("bias");
        QTest::newRow("1x1x1") << 1 << 1 << 1 << true;
        QTest::newRow("7x33x17") << 7 << 33 << 17 << true;
        QTest::newRow("16x16x16 no bias") << 16 << 16 << 16 << false;
        QTest::newRow("45x100x130") << 45 << 100 << 130 << true;
        QTest::newRow("128x768x96") << 128 << 768 << 96 << true;
    }
    void linear() {
        QFETCH(int, n);
        QFETCH(int, in);
        QFETCH(int, out);
        QFETCH(bool, bias);
        Pair x = make(n, in), w = make(out, in, 0.1f), b = make(1, out), y = make(n, out);
        cpu->linear(*x.cpu, *w.cpu, bias ? b.cpu.get() : nullptr, *y.cpu);
        gl->linear(*x.gpu, *w.gpu, bias ? b.gpu.get() : nullptr, *y.gpu);
        expect_same(y, "linear");
    }
    void elementwise() {
        for (int64_t cols : {1, 5, 300, 1031}) {
            Pair a = make(3, cols), y = make(3, cols), c = make(3, cols);
            cpu->add(*a.cpu, *y.cpu);
            gl->add(*a.gpu, *y.gpu);
            expect_same(y, "add");
            cpu->copy(*a.cpu, *c.cpu);
            gl->copy(*a.gpu, *c.gpu);
            expect_same(c, "copy");
            for (Gelu kind : {Gelu::Erf, Gelu::Tanh}) {
                Pair g = make(3, cols, 4.0f);
                cpu->gelu(*g.cpu, kind);
                gl->gelu(*g.gpu, kind);
                expect_same(g, kind == Gelu::Erf ? "gelu erf" : "gelu tanh");
            }
            Pair gate = make(3, cols, 5.0f), up = make(3, cols);
            cpu->silu_mul(*gate.cpu, *up.cpu);
            gl->silu_mul(*gate.gpu, *up.gpu);
            expect_same(up, "silu_mul");
        }
    }
    void norms() {
        for (int64_t cols : {1, 7, 256, 300, 768}) {
            Pair x = make(5, cols, 3.0f), g = make(1, cols), b = make(1, cols), y = make(5, cols), z = make(5, cols);
            cpu->layer_norm(*x.cpu, *g.cpu, *b.cpu, 1e-5f, *y.cpu);
            gl->layer_norm(*x.gpu, *g.gpu, *b.gpu, 1e-5f, *y.gpu);
            expect_same(y, "layer_norm");
            cpu->rms_norm(*x.cpu, *g.cpu, 1e-6f, *z.cpu);
            gl->rms_norm(*x.gpu, *g.gpu, 1e-6f, *z.gpu);
            expect_same(z, "rms_norm");
        }
    }
    void rope() {
        for (int64_t half : {1, 4, 50, 64}) {
            const int64_t rows = 9, heads = 3;
            Pair x = make(rows, heads * 2 * half), c = make(rows, half), s = make(rows, half);
            cpu->rope(*x.cpu, heads, *c.cpu, *s.cpu);
            gl->rope(*x.gpu, heads, *c.gpu, *s.gpu);
            expect_same(x, "rope");
        }
    }
    void attention_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("kv_heads");
        QTest::addColumn<int>("head_dim");
        QTest::addColumn<bool>("causal");
        QTest::newRow("1 token") << 1 << 1 << 1 << 4 << false;
        QTest::newRow("bidirectional") << 19 << 4 << 4 << 8 << false;
        QTest::newRow("causal gqa") << 23 << 6 << 2 << 16 << true;
        QTest::newRow("long rows") << 300 << 2 << 1 << 64 << true;
    }
    void attention() {
        QFETCH(int, n);
        QFETCH(int, heads);
        QFETCH(int, kv_heads);
        QFETCH(int, head_dim);
        QFETCH(bool, causal);
        AttentionShape s{n, heads, kv_heads, head_dim, float(1.0 / std::sqrt(head_dim)), causal};
        Pair q = make(n, heads * head_dim), k = make(n, kv_heads * head_dim), v = make(n, kv_heads * head_dim);
        Pair scores = make(heads * n, n), out = make(n, heads * head_dim);
        cpu->attention_scores(*q.cpu, *k.cpu, s, *scores.cpu);
        gl->attention_scores(*q.gpu, *k.gpu, s, *scores.gpu);
        if (!causal) expect_same(scores, "attention_scores");  // causal rows hold −inf
        cpu->softmax_rows(*scores.cpu);
        gl->softmax_rows(*scores.gpu);
        expect_same(scores, "softmax_rows");
        cpu->attention_context(*scores.cpu, *v.cpu, s, *out.cpu);
        gl->attention_context(*scores.gpu, *v.gpu, s, *out.gpu);
        expect_same(out, "attention_context");
    }

    void models_agree_with_pytorch_data() {
        test::add_reference_model_rows();
    }
    void models_agree_with_pytorch() {
        QFETCH(QString, model);
        const std::string dir = (test::reference_models_dir() + "/" + model).toStdString();
        auto enc = EncoderModel::load(dir, gl);
        auto ref = test::read_reference(dir);
        QCOMPARE(size_t(test::compare_with_reference(*enc, ref, model.toStdString())), ref.arrays.size());
    }

    void cli_gpu_matches_cpu_and_auto_skips_software_renderers() {
        auto encode = [](const QString& backend) {
            return nlohmann::json::parse(
                test::embedscope_stdout({"encode", "--model", "builtin", "--backend", backend, "--json", "the river bank"})
                    .toStdString());
        };
        auto gpu = encode("gpu"), cpu_run = encode("cpu"), automatic = encode("auto");
        QCOMPARE(gpu["backend"].get<std::string>(), std::string("gpu"));
        QCOMPARE(cpu_run["backend"].get<std::string>(), std::string("cpu"));
        QCOMPARE(automatic["backend"].get<std::string>(), std::string(gl->software_renderer() ? "cpu" : "gpu"));
        std::string why;
        QVERIFY2(test::within_tolerance(test::flat_numbers(gpu["hidden_states"].back()),
                                        test::flat_numbers(cpu_run["hidden_states"].back()), &why), why.c_str());
    }
    void builtin_encoder_agrees_with_cpu() {
        auto table = VectorTable::open_esv(default_table_path());
        std::vector<int64_t> ids;
        for (const char* w : {"the", "river", "bank", "was", "muddy", "after", "rain"}) ids.push_back(*table->lookup(w));
        for (PositionScheme p : {PositionScheme::None, PositionScheme::Sinusoidal, PositionScheme::Rope}) {
            BuiltinEncoder on_cpu(table, cpu, {p, 2}), on_gl(table, gl, {p, 2});
            auto a = on_cpu.run(ids, {true, true}), b = on_gl.run(ids, {true, true});
            std::string why;
            for (size_t l = 0; l < a.hidden_states.size(); ++l)
                QVERIFY2(test::within_tolerance(b.hidden_states[l], a.hidden_states[l], &why), why.c_str());
            for (size_t l = 0; l < a.attentions.size(); ++l)
                QVERIFY2(test::within_tolerance(b.attentions[l], a.attentions[l], &why), why.c_str());
        }
    }
};

QTEST_MAIN(TestGlBackend)
#include "test_gl_backend.moc"
