// The int8 scan + exact re-rank returns exactly the brute-force double-precision top k, for
// single queries and batches, with exclusions, restrictions and rows of norm 0; the int8
// sections stored in an .esv equal the copy built in memory.
#include "search/cosine_search.h"
#include "vectors/esv_format.h"
#include "vectors/quantized_rows.h"
#include "testing/synthetic_data.h"
#include "vectors/vector_table.h"

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <random>

using namespace es;

class TestCosineSearch : public QObject {
    Q_OBJECT

    static std::vector<Neighbour> brute(const std::vector<float>& raw, uint32_t dim, size_t rows, const float* q, size_t k,
                                       size_t limit, const std::vector<uint32_t>& ex, bool skip_zero) {
        double qn = 0;
        for (uint32_t j = 0; j < dim; ++j) qn += double(q[j]) * q[j];
        std::vector<std::pair<double, uint32_t>> all;
        for (size_t r = 0; r < std::min(rows, limit ? limit : rows); ++r) {
            if (std::find(ex.begin(), ex.end(), r) != ex.end()) continue;
            double d = 0, n = 0;
            for (uint32_t j = 0; j < dim; ++j) {
                d += double(raw[r * dim + j]) * q[j];
                n += double(raw[r * dim + j]) * raw[r * dim + j];
            }
            if (n == 0 && skip_zero) continue;
            all.push_back({n > 0 ? -d / std::sqrt(n * qn) : 0.0, uint32_t(r)});
        }
        std::sort(all.begin(), all.end());
        std::vector<Neighbour> out;
        for (size_t i = 0; i < std::min(k, all.size()); ++i) out.push_back({all[i].second, float(-all[i].first)});
        return out;
    }

    static void check(const std::vector<Neighbour>& ours, const std::vector<Neighbour>& ref) {
        QCOMPARE(ours.size(), ref.size());
        for (size_t i = 0; i < ref.size(); ++i) {
            if (ours[i].row != ref[i].row)  // only a tie within float rounding may swap
                QVERIFY2(std::abs(ours[i].score - ref[i].score) <= 1e-6f, qPrintable(QString("rank %1").arg(i)));
            QVERIFY(std::abs(ours[i].score - ref[i].score) <= 1e-6f);
        }
    }

private slots:
    void matchesBruteForce_data() {
        QTest::addColumn<int>("dim");
        QTest::addColumn<int>("rows");
        for (int d : {3, 37, 100}) QTest::addRow("dim%d", d) << d << 30011;
    }
    void matchesBruteForce() {
        QFETCH(int, dim);
        QFETCH(int, rows);
        std::mt19937 rng{uint32_t(dim)};
        std::normal_distribution<float> nd;
        std::vector<float> raw;
        // Clustered rows make many near ties; every 97th row is zero.
        for (int r = 0; r < rows; ++r)
            for (int j = 0; j < dim; ++j) raw.push_back(r % 97 == 5 ? 0.0f : nd(rng) + (r % 5 == 0 ? 3.0f * float(j % 2) : 0.0f));
        auto table = VectorTable::from_rows(test::numbered_words(size_t(rows)), raw, uint32_t(dim), "random");
        std::vector<std::vector<float>> qv;
        std::vector<std::vector<uint32_t>> ex;
        std::vector<CosineQuery> qs;
        for (int i = 0; i < 40; ++i) {
            const uint32_t src = uint32_t(i * 701 % rows);
            qv.emplace_back(table->row(src), table->row(src) + dim);
            if (i % 3 == 0) for (float& x : qv.back()) x += nd(rng) * 0.3f;
            ex.push_back({src, uint32_t((src + 1) % rows), 5});
        }
        for (int i = 0; i < 40; ++i) qs.push_back({qv[size_t(i)], ex[size_t(i)]});
        for (size_t k : {1, 10, 50})
            for (size_t limit : {size_t(0), size_t(20000)})
                for (bool skip : {false, true}) {
                    const auto batch = cosine_top_k(*table, qs, k, limit, skip);
                    for (size_t i = 0; i < qs.size(); ++i) {
                        const auto ref = brute(raw, uint32_t(dim), size_t(rows), qv[i].data(), k, limit, ex[i], skip);
                        check(batch[i], ref);
                        if (i < 4) check(cosine_top_k(*table, {&qs[i], 1}, k, limit, skip)[0], ref);  // threads split rows
                    }
                }
        std::vector<float> zero(size_t(dim), 0.0f);
        const CosineQuery zq{zero, {}};
        const auto z = cosine_top_k(*table, {&zq, 1}, 3)[0];
        QCOMPARE(z.size(), size_t(3));
        QCOMPARE(z[0].row, 0u);
        QCOMPARE(z[0].score, 0.0f);
    }

    void storedSectionsEqualBuilt() {
        QTemporaryDir dir;
        std::mt19937 rng(3);
        std::normal_distribution<float> nd;
        const uint32_t dim = 21;
        std::vector<float> raw;
        const std::vector<std::string> words = test::numbered_words(1003);
        for (size_t r = 0; r < words.size(); ++r)
            for (uint32_t j = 0; j < dim; ++j) raw.push_back(nd(rng));
        const std::string path = (dir.path() + "/t.esv").toStdString();
        write_esv(path, words, raw, dim);
        auto mapped = VectorTable::open_esv(path);
        auto owned = VectorTable::from_rows(words, raw, dim, "owned");
        const QuantizedRows &a = mapped->quantized(), &b = owned->quantized();
        QVERIFY(a.own_blocks.empty());  // mapped from the file, not rebuilt
        QCOMPARE(a.blocks.size(), b.blocks.size());
        QVERIFY(std::equal(a.blocks.begin(), a.blocks.end(), b.blocks.begin()));
        QVERIFY(std::equal(a.scale.begin(), a.scale.end(), b.scale.begin()));
        QVERIFY(std::equal(a.err.begin(), a.err.end(), b.err.begin()));
        QVERIFY(std::equal(a.bias.begin(), a.bias.end(), b.bias.begin()));
        // Each stored bound holds: |unit row − scale·q| ≤ err.
        for (size_t r = 0; r < 1003; ++r) {
            double n = 0, e = 0;
            for (uint32_t j = 0; j < dim; ++j) n += double(raw[r * dim + j]) * raw[r * dim + j];
            for (uint32_t j = 0; j < dim; ++j) {
                const int8_t q = a.blocks[(r / 8) * a.block_bytes() + (j / 4) * 32 + (r % 8) * 4 + j % 4];
                const double d = raw[r * dim + j] / std::sqrt(n) - double(a.scale[r]) * q;
                e += d * d;
            }
            QVERIFY(std::sqrt(e) <= a.err[r]);
        }
    }
};

QTEST_GUILESS_MAIN(TestCosineSearch)
#include "test_cosine_search.moc"
