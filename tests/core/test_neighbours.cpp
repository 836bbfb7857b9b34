// Exact neighbours equal a brute-force reference, for every metric, restriction and exclusion.
#include "search/neighbours.h"
#include "testing/synthetic_data.h"
#include "vectors/vector_table.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <random>

using namespace es;

class TestNeighbours : public QObject {
    Q_OBJECT
    std::shared_ptr<const VectorTable> table;
    std::vector<float> raw;
    const uint32_t dim = 37;
    const size_t rows = 20000;

    std::vector<Neighbour> brute(const float* q, size_t k, Metric m, size_t restrict_rows, std::vector<uint32_t> ex) {
        size_t n = restrict_rows ? std::min(restrict_rows, rows) : rows;
        double qn = 0;
        for (uint32_t j = 0; j < dim; ++j) qn += double(q[j]) * q[j];
        qn = std::sqrt(qn);
        std::vector<std::pair<double, uint32_t>> all;
        for (size_t r = 0; r < n; ++r) {
            if (std::find(ex.begin(), ex.end(), r) != ex.end()) continue;
            const float* v = &raw[r * dim];
            double dot = 0, vn = 0, d2 = 0;
            for (uint32_t j = 0; j < dim; ++j) {
                dot += double(v[j]) * q[j];
                vn += double(v[j]) * v[j];
                d2 += double(v[j] - q[j]) * (v[j] - q[j]);
            }
            double s = m == Metric::Cosine ? dot / (std::sqrt(vn) * qn) : m == Metric::Dot ? dot : std::sqrt(d2);
            all.push_back({m == Metric::Euclidean ? s : -s, uint32_t(r)});
        }
        std::sort(all.begin(), all.end());
        std::vector<Neighbour> out;
        for (size_t i = 0; i < std::min(k, all.size()); ++i)
            out.push_back({all[i].second, float(m == Metric::Euclidean ? all[i].first : -all[i].first)});
        return out;
    }

private slots:
    void initTestCase() {
        std::mt19937 rng(42);
        std::normal_distribution<float> nd;
        for (size_t r = 0; r < rows; ++r)
            for (uint32_t j = 0; j < dim; ++j) raw.push_back(nd(rng) * (1.0f + float(r % 7)));
        table = VectorTable::from_rows(test::numbered_words(rows), raw, dim, "random");
    }

    void matchesBruteForce_data() {
        QTest::addColumn<int>("metric");
        QTest::addColumn<int>("restrictRows");
        QTest::addColumn<int>("k");
        for (int m : {0, 1, 2})
            for (int r : {0, 5000})
                for (int k : {1, 10, 100}) QTest::addRow("%s/restrict%d/k%d", metric_name(Metric(m)), r, k) << m << r << k;
    }
    void matchesBruteForce() {
        QFETCH(int, metric);
        QFETCH(int, restrictRows);
        QFETCH(int, k);
        for (uint32_t qrow : {0u, 777u, 19999u}) {
            std::vector<uint32_t> ex{qrow, 3};
            auto ours = nearest(*table, {table->row(qrow), dim}, size_t(k), Metric(metric), size_t(restrictRows), ex);
            auto ref = brute(table->row(qrow), size_t(k), Metric(metric), size_t(restrictRows), ex);
            QCOMPARE(ours.size(), ref.size());
            for (size_t i = 0; i < ref.size(); ++i) {
                QCOMPARE(ours[i].row, ref[i].row);
                QVERIFY(std::abs(ours[i].score - ref[i].score) <= 1e-4f * std::max(1.0f, std::abs(ref[i].score)));
            }
        }
    }

    void edgeCases() {
        QVERIFY(nearest(*table, {table->row(0), dim}, 0).empty());
        QCOMPARE(nearest(*table, {table->row(0), dim}, 50, Metric::Cosine, 10).size(), size_t(10));
        std::vector<float> zero(dim, 0.0f);
        QCOMPARE(nearest(*table, zero, 5).size(), size_t(5));  // a zero query scores 0 everywhere, no NaN
        std::vector<float> wrong(dim + 1, 1.0f);
        QVERIFY_THROWS_EXCEPTION(std::exception, nearest(*table, wrong, 5));
    }
};

QTEST_GUILESS_MAIN(TestNeighbours)
#include "test_neighbours.moc"
