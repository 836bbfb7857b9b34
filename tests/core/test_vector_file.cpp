// The .esv file: round trip, and every kind of damage rejected with a message naming it.
#include "base/error.h"
#include "vectors/esv_format.h"
#include "testing/synthetic_data.h"
#include "testing/test_files.h"
#include "vectors/vector_table.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <random>

using namespace es;

class TestVectorFile : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::vector<std::string> words{"the", "King", "queen", "paris", "naïve", "x"};
    std::vector<float> data;
    const uint32_t dim = 7;

    std::string path(const char* name) { return (dir.path() + "/" + name).toStdString(); }
    QString error_of(const std::string& p) {
        try {
            VectorTable::open_esv(p);
        } catch (const Error& e) {
            return QString::fromStdString(e.what());
        }
        return {};
    }

private slots:
    void initTestCase() {
        std::mt19937 rng(7);
        data = test::random_normal_values(words.size() * dim, rng);
        write_esv(path("t.esv"), words, data, dim);
    }

    void roundTrip() {
        auto t = VectorTable::open_esv(path("t.esv"));
        QCOMPARE(t->rows(), words.size());
        QCOMPARE(t->dim(), dim);
        QVERIFY(t->stride() % 16 == 0);
        QVERIFY(reinterpret_cast<uintptr_t>(t->row(1)) % 64 == 0);
        for (size_t r = 0; r < words.size(); ++r) {
            QCOMPARE(std::string(t->word(r)), words[r]);
            double n = 0;
            for (uint32_t j = 0; j < dim; ++j) {
                QCOMPARE(t->row(r)[j], data[r * dim + j]);
                n += double(data[r * dim + j]) * data[r * dim + j];
            }
            QVERIFY(std::abs(t->norms()[r] - std::sqrt(n)) < 1e-5);
            QCOMPARE(t->find_exact(words[r]).value(), uint32_t(r));
        }
    }

    void lookupLowerCasesWhenAbsent() {
        auto t = VectorTable::open_esv(path("t.esv"));
        QCOMPARE(t->lookup("King").value(), 1u);
        QVERIFY(!t->find_exact("king"));
        QCOMPARE(t->lookup("PARIS").value(), 3u);
        QCOMPARE(t->lookup("NAÏVE").value(), 4u);
        QVERIFY(!t->lookup("london"));
        QVERIFY(!t->lookup(""));
    }

    void truncatedFileIsRejected() {
        std::string b = test::read_file(path("t.esv"));
        for (size_t cut : {size_t(0), size_t(10), size_t(100), b.size() / 2, b.size() - 1}) {
            test::write_file(path("cut.esv"), b.substr(0, cut));
            QString e = error_of(path("cut.esv"));
            QVERIFY2(!e.isEmpty(), qPrintable(QString("cut at %1 accepted").arg(cut)));
            QVERIFY2(e.contains("cut.esv"), qPrintable(e));
            if (cut >= 128) QVERIFY2(e.contains("truncated"), qPrintable(e));
        }
    }

    void foreignFileIsRejected() {
        test::write_file(path("foreign.esv"), std::string(4096, 'x'));
        QString e = error_of(path("foreign.esv"));
        QVERIFY2(e.contains("not an Embedscope vector file"), qPrintable(e));
        QVERIFY2(error_of(path("missing.esv")).contains("cannot open"), "missing file");
    }

    void damagedBytesAreDetected() {
        std::string b = test::read_file(path("t.esv"));
        // A flipped byte anywhere — header, section table, vocabulary, vectors — is caught.
        for (size_t at : {size_t(20), size_t(130), b.size() - 40, b.size() / 2}) {
            std::string d = b;
            d[at] = char(d[at] ^ 0x5a);
            test::write_file(path("bad.esv"), d);
            QString e = error_of(path("bad.esv"));
            QVERIFY2(!e.isEmpty(), qPrintable(QString("flip at %1 accepted").arg(at)));
        }
    }

    void newerVersionIsRefused() {
        std::string b = test::read_file(path("t.esv"));
        b[8] = 2;
        test::write_file(path("v2.esv"), b);
        QVERIFY(error_of(path("v2.esv")).contains("version 2"));
    }

    void writeIsAtomic() {
        // A failed write leaves the old file whole.
        QVERIFY_THROWS_EXCEPTION(Error, write_esv(path("t.esv"), words, std::span<const float>(data).first(5), dim));
        QCOMPARE(VectorTable::open_esv(path("t.esv"))->rows(), words.size());
        QVERIFY(!QFile::exists(QString::fromStdString(path("t.esv.partial"))));
    }
};

QTEST_GUILESS_MAIN(TestVectorFile)
#include "test_vector_file.moc"
