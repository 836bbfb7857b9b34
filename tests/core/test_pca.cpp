// PCA recovers components and variances built into a matrix by construction.
#include "projection/pca.h"
#include "vectors/vector_table.h"

#include <Eigen/Dense>
#include <QtTest>
#include <random>

using namespace es;

class TestPca : public QObject {
    Q_OBJECT
private slots:
    void recoversKnownComponents() {
        const int n = 3000, d = 12;
        std::mt19937 rng(1);
        std::normal_distribution<double> nd;
        Eigen::MatrixXd r(d, d), a(n, d);
        for (int i = 0; i < d; ++i) for (int j = 0; j < d; ++j) r(i, j) = nd(rng);
        for (int i = 0; i < n; ++i) for (int j = 0; j < d; ++j) a(i, j) = nd(rng);
        Eigen::MatrixXd basis = Eigen::HouseholderQR<Eigen::MatrixXd>(r).householderQ();  // orthonormal columns
        a.rowwise() -= a.colwise().mean();
        Eigen::MatrixXd qa = Eigen::HouseholderQR<Eigen::MatrixXd>(a).householderQ() * Eigen::MatrixXd::Identity(n, d);
        Eigen::VectorXd sigma(d);
        for (int j = 0; j < d; ++j) sigma[j] = 10.0 / (j + 1);  // distinct variances, descending
        Eigen::MatrixXd coeff = qa * std::sqrt(double(n - 1)) * sigma.asDiagonal();  // covariance exactly diag(σ²)
        Eigen::RowVectorXd mean = Eigen::RowVectorXd::LinSpaced(d, -3, 5);
        Eigen::MatrixXd x = (coeff * basis.transpose()).rowwise() + mean;

        std::vector<std::string> words;
        std::vector<float> data;
        for (int i = 0; i < n; ++i) {
            words.push_back("r");
            words.back() += std::to_string(i);
            for (int j = 0; j < d; ++j) data.push_back(float(x(i, j)));
        }
        auto table = VectorTable::from_rows(words, data, d, "constructed");
        PcaModel m = fit_pca(*table, 4);
        QCOMPARE(m.components, size_t(4));
        const double total = sigma.squaredNorm();
        for (int c = 0; c < 4; ++c) {
            double dot = 0;
            for (int j = 0; j < d; ++j) dot += m.basis[c * d + j] * basis(j, c);
            QVERIFY2(std::abs(std::abs(dot) - 1.0) < 1e-4, qPrintable(QString("component %1: |cos| = %2").arg(c).arg(dot)));
            QVERIFY(std::abs(m.explained_variance[c] - sigma[c] * sigma[c]) < 1e-3 * sigma[c] * sigma[c]);
            QVERIFY(std::abs(m.explained_variance_ratio[c] - sigma[c] * sigma[c] / total) < 1e-4);
        }
        for (int j = 0; j < d; ++j) QVERIFY(std::abs(m.mean[j] - mean[j]) < 1e-3);

        // Projection: the coordinates are the construction's coefficients (up to sign).
        std::vector<float> y(size_t(n) * 4);
        project_rows(m, *table, n, y.data());
        for (int c = 0; c < 4; ++c) {
            double dot = 0;
            for (int j = 0; j < d; ++j) dot += m.basis[c * d + j] * basis(j, c);
            const double sign = dot > 0 ? 1 : -1;
            for (int i : {0, 17, n - 1})
                QVERIFY(std::abs(y[size_t(i) * 4 + c] - sign * coeff(i, c)) < 2e-3 * std::max(1.0, std::abs(coeff(i, c))));
        }
    }

    void fitOnFirstRowsOnly() {
        std::vector<std::string> words{"a", "b", "c", "d"};
        std::vector<float> data{0, 0, 1, 0, 2, 0, 0, 100};  // the last row would dominate the 2nd axis
        auto t = VectorTable::from_rows(words, data, 2, "small");
        PcaModel m = fit_pca(*t, 1, 3);
        QCOMPARE(m.fitted_rows, size_t(3));
        QVERIFY(std::abs(std::abs(m.basis[0]) - 1.0f) < 1e-6f);
        QVERIFY(std::abs(m.explained_variance_ratio[0] - 1.0) < 1e-9);
    }
};

QTEST_GUILESS_MAIN(TestPca)
#include "test_pca.moc"
