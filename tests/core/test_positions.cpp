// Positional encodings against their closed forms: the sinusoidal table, its similarity matrix
// (a function of the distance only), the PCA path, and a model's learned positions.
#include "base/error.h"
#include "encoder/model_config.h"
#include "encoder/positional_encodings.h"
#include "encoder/random_model.h"
#include "encoder/safetensors_file.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

using namespace es;

class TestPositions : public QObject {
    Q_OBJECT
private slots:
    void sinusoidal_table_matches_the_formula() {
        const int64_t n = 64, d = 32;
        const auto t = sinusoidal_table(n, d);
        QCOMPARE(t.values.size(), size_t(n * d));
        for (int64_t p = 0; p < n; ++p)
            for (int64_t i = 0; i < d / 2; ++i) {
                const double w = 1.0 / std::pow(10000.0, 2.0 * double(i) / double(d));
                QVERIFY(std::fabs(t.row(p)[2 * i] - std::sin(double(p) * w)) < 1e-6);
                QVERIFY(std::fabs(t.row(p)[2 * i + 1] - std::cos(double(p) * w)) < 1e-6);
            }
    }
    void similarity_depends_only_on_distance() {
        const int64_t n = 50, d = 16;
        const auto t = sinusoidal_table(n, d);
        const auto sim = position_similarity(t, false);
        // PE(p)·PE(q) = Σᵢ cos((p − q)·ωᵢ): the closed form, whatever p is.
        for (int64_t p = 0; p < n; ++p)
            for (int64_t q = 0; q < n; ++q) {
                double want = 0;
                for (int64_t i = 0; i < d / 2; ++i)
                    want += std::cos(double(p - q) / std::pow(10000.0, 2.0 * double(i) / double(d)));
                QVERIFY2(std::fabs(sim[size_t(p * n + q)] - want) < 1e-4, qPrintable(QString("%1 %2").arg(p).arg(q)));
            }
        const auto cos = position_similarity(t, true);
        for (int64_t p = 0; p < n; ++p) QVERIFY(std::fabs(cos[size_t(p * n + p)] - 1.0f) < 1e-5);
    }
    void pca_path_is_an_orthogonal_projection() {
        const int64_t n = 100, d = 24, k = 3;
        const auto t = sinusoidal_table(n, d);
        const auto path = position_pca_path(t, k);
        QCOMPARE(path.coords.size(), size_t(n * k));
        // Each component's scores: mean zero, variance = ratio × total variance, uncorrelated.
        double total = 0;
        for (int64_t j = 0; j < d; ++j) {
            double m = 0, v = 0;
            for (int64_t p = 0; p < n; ++p) m += t.row(p)[j] / double(n);
            for (int64_t p = 0; p < n; ++p) v += std::pow(t.row(p)[j] - m, 2);
            total += v;
        }
        double previous = 2;
        for (int64_t c = 0; c < k; ++c) {
            double m = 0, v = 0;
            for (int64_t p = 0; p < n; ++p) m += path.coords[size_t(p * k + c)];
            for (int64_t p = 0; p < n; ++p) v += std::pow(path.coords[size_t(p * k + c)], 2);
            QVERIFY(std::fabs(m) < 1e-3);
            QVERIFY(std::fabs(v / total - path.explained_ratio[size_t(c)]) < 1e-4);
            QVERIFY(path.explained_ratio[size_t(c)] <= previous);
            previous = path.explained_ratio[size_t(c)];
        }
        double cross = 0;
        for (int64_t p = 0; p < n; ++p) cross += path.coords[size_t(p * k)] * path.coords[size_t(p * k + 1)];
        QVERIFY(std::fabs(cross) < 1e-3 * total);
    }
    void learned_positions_of_a_bert_folder() {
        QTemporaryDir dir;
        RandomBertShape shape{2, 32, 4, 64, 50, 40};
        write_random_bert(dir.path().toStdString(), shape, 3);
        const auto t = learned_positions(dir.path().toStdString());
        QVERIFY(t.has_value());
        QCOMPARE(t->positions, int64_t(40));
        QCOMPARE(t->dim, int64_t(32));
        SafetensorsFile f(dir.path().toStdString() + "/model.safetensors");
        const TensorInfo* info = f.find(t->source);
        QVERIFY(info);
        std::vector<float> raw(size_t(info->elements()));
        f.read_f32(*info, raw.data());
        QVERIFY(raw == t->values);
    }
    void rope_models_have_no_learned_positions() {
        QTemporaryDir dir;
        std::ofstream(dir.filePath("config.json").toStdString())
            << R"({"model_type": "llama", "hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2,
                  "intermediate_size": 16, "vocab_size": 10, "max_position_embeddings": 16})";
        QVERIFY(!learned_positions(dir.path().toStdString()).has_value());
        QVERIFY_THROWS_EXCEPTION(Error, learned_positions(dir.filePath("absent").toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestPositions)
#include "test_positions.moc"
