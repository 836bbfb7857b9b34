// The built-in demonstration encoder on the real GloVe table: each layer against its closed
// form, positions as defined, and a word's vector moving with its context.
#include "encoder/builtin_encoder.h"
#include "encoder/cpu_backend.h"
#include "base/data_paths.h"
#include "base/error.h"
#include "encoder/pooling.h"
#include "testing/reference_agreement.h"
#include "vectors/vector_table.h"

#include <QTest>

#include <cmath>

using namespace es;

namespace {

std::vector<int64_t> rows(const VectorTable& t, std::initializer_list<const char*> words) {
    std::vector<int64_t> ids;
    for (const char* w : words) ids.push_back(*t.lookup(w));
    return ids;
}

double cosine(const float* a, const float* b, int64_t d) {
    double ab = 0, aa = 0, bb = 0;
    for (int64_t i = 0; i < d; ++i) ab += a[i] * b[i], aa += a[i] * a[i], bb += b[i] * b[i];
    return ab / std::sqrt(aa * bb);
}

// One identity-attention layer in double precision: x + softmax(x·xᵀ/√d)·x.
std::vector<float> closed_form_layer(const std::vector<float>& x, int64_t n, int64_t d) {
    std::vector<float> out(x);
    for (int64_t i = 0; i < n; ++i) {
        std::vector<double> w(static_cast<size_t>(n));
        double m = -INFINITY, sum = 0;
        for (int64_t j = 0; j < n; ++j) {
            double s = 0;
            for (int64_t k = 0; k < d; ++k) s += double(x[size_t(i * d + k)]) * x[size_t(j * d + k)];
            w[size_t(j)] = s / std::sqrt(double(d));
            m = std::max(m, w[size_t(j)]);
        }
        for (double& v : w) sum += (v = std::exp(v - m));
        for (int64_t k = 0; k < d; ++k) {
            double acc = 0;
            for (int64_t j = 0; j < n; ++j) acc += w[size_t(j)] / sum * x[size_t(j * d + k)];
            out[size_t(i * d + k)] += float(acc);
        }
    }
    return out;
}

} // namespace

class TestBuiltinEncoder : public QObject {
    Q_OBJECT
    std::shared_ptr<const VectorTable> table;
    std::shared_ptr<CpuBackend> cpu = std::make_shared<CpuBackend>(2);

private slots:
    void initTestCase() { table = VectorTable::open_esv(default_table_path()); }

    void is_labelled_untrained() {
        BuiltinEncoder enc(table, cpu);
        QVERIFY(!enc.trained());
        QVERIFY(enc.name().find("untrained") != std::string::npos);
    }
    void layers_match_the_closed_form() {
        const auto ids = rows(*table, {"the", "cat", "sat", "on", "the", "mat"});
        BuiltinEncoder enc(table, cpu, {PositionScheme::None, 3});
        auto out = enc.run(ids);
        const int64_t n = int64_t(ids.size()), d = table->dim();
        QCOMPARE(out.hidden_states.size(), size_t(4));
        for (int64_t t = 0; t < n; ++t)
            for (int64_t k = 0; k < d; ++k)
                QCOMPARE(out.hidden_states[0][size_t(t * d + k)], table->row(size_t(ids[size_t(t)]))[k]);
        for (size_t l = 1; l < out.hidden_states.size(); ++l) {
            std::string why;
            QVERIFY2(test::within_tolerance(out.hidden_states[l], closed_form_layer(out.hidden_states[l - 1], n, d), &why),
                     why.c_str());
        }
        for (const auto& a : out.attentions)
            for (int64_t i = 0; i < n; ++i) {
                double row = 0;
                for (int64_t j = 0; j < n; ++j) row += a[size_t(i * n + j)];
                QVERIFY(std::fabs(row - 1.0) < 1e-5);
            }
    }
    void sinusoidal_positions_are_added() {
        const auto ids = rows(*table, {"one", "two", "three"});
        BuiltinEncoder enc(table, cpu, {PositionScheme::Sinusoidal, 1});
        auto out = enc.run(ids);
        const int64_t d = table->dim();
        for (int64_t p = 0; p < 3; ++p)
            for (int64_t i = 0; i < d; ++i) {
                const double angle = double(p) / std::pow(10000.0, double(2 * (i / 2)) / double(d));
                const double pe = i % 2 == 0 ? std::sin(angle) : std::cos(angle);
                QVERIFY(std::fabs(out.hidden_states[0][size_t(p * d + i)] -
                                  (table->row(size_t(ids[size_t(p)]))[i] + pe)) < 1e-5);
            }
    }
    void rope_rotates_queries_and_keys_by_position() {
        const auto ids = rows(*table, {"king", "queen", "king", "queen"});
        BuiltinEncoder enc(table, cpu, {PositionScheme::Rope, 1});
        auto out = enc.run(ids, {true, true});
        const int64_t d = table->dim(), half = d / 2;
        const auto& pre = out.queries_before_rope[0];
        const auto& post = out.queries[0];
        for (int64_t p = 0; p < 4; ++p) {
            double n0 = 0, n1 = 0;
            for (int64_t i = 0; i < d; ++i) n0 += pre[size_t(p * d + i)] * pre[size_t(p * d + i)], n1 += post[size_t(p * d + i)] * post[size_t(p * d + i)];
            QVERIFY(std::fabs(n0 - n1) < 1e-4 * n0);  // a rotation keeps lengths
        }
        for (int64_t i = 0; i < d; ++i) QCOMPARE(post[size_t(i)], pre[size_t(i)]);  // position 0 is not turned
        // Rotate-half pairing: at position 2, dimension 0 turns with dimension `half` by angle 2.
        const double a = pre[size_t(2 * d)], b = pre[size_t(2 * d + half)];
        QVERIFY(std::fabs(post[size_t(2 * d)] - (a * std::cos(2.0) - b * std::sin(2.0))) < 1e-5);
        QVERIFY(std::fabs(post[size_t(2 * d + half)] - (b * std::cos(2.0) + a * std::sin(2.0))) < 1e-5);
        // Scores depend on relative position only: king→queen at (0, 1) equals king→queen at (2, 3).
        const auto& k = out.keys[0];
        auto dot = [&](int64_t i, int64_t j) {
            double acc = 0;
            for (int64_t x = 0; x < d; ++x) acc += double(post[size_t(i * d + x)]) * k[size_t(j * d + x)];
            return acc;
        };
        QVERIFY(std::fabs(dot(0, 1) - dot(2, 3)) < 1e-4 * std::fabs(dot(0, 1)));
    }
    void a_word_moves_with_its_context() {
        BuiltinEncoder enc(table, cpu, {PositionScheme::None, 2});
        auto river = enc.run(rows(*table, {"the", "river", "bank", "flooded"}));
        auto money = enc.run(rows(*table, {"the", "money", "bank", "loans"}));
        const int64_t d = table->dim();
        const float* bank_river = river.hidden_states.back().data() + 2 * d;
        const float* bank_money = money.hidden_states.back().data() + 2 * d;
        const float* water = table->row(*table->lookup("water"));
        const float* cash = table->row(*table->lookup("cash"));
        QVERIFY(cosine(bank_river, water, d) > cosine(bank_money, water, d));
        QVERIFY(cosine(bank_money, cash, d) > cosine(bank_river, cash, d));
    }
    void unknown_words_enter_as_zero_and_bad_ids_are_errors() {
        BuiltinEncoder enc(table, cpu, {PositionScheme::None, 1});
        std::vector<int64_t> ids = {-1, *table->lookup("cat")};
        auto out = enc.run(ids);
        for (int64_t k = 0; k < table->dim(); ++k) QCOMPARE(out.hidden_states[0][size_t(k)], 0.0f);
        ids = {int64_t(table->rows())};
        QVERIFY_THROWS_EXCEPTION(Error, enc.run(ids));
    }
    void pooling_follows_its_definition() {
        const std::vector<float> h = {1, 2, 3, 4, 5, 6};  // 3 tokens × 2
        QCOMPARE(pool(h, 3, 2, Pooling::Cls), (std::vector<float>{1, 2}));
        QCOMPARE(pool(h, 3, 2, Pooling::Last), (std::vector<float>{5, 6}));
        QCOMPARE(pool(h, 3, 2, Pooling::Mean), (std::vector<float>{3, 4}));
    }
};

QTEST_GUILESS_MAIN(TestBuiltinEncoder)
#include "test_builtin_encoder.moc"
