// `embedscope verify` against .esv files damaged on purpose with their checksums made to agree
// again (a changed dimension, moved vectors, a NaN vector, a negative norm, a word twice, a word
// that is not UTF-8): each is named by row and word; the real GloVe table and a fresh file pass.
#include "base/data_paths.h"
#include "base/error.h"
#include "support/cli_process.h"
#include "testing/esv_damage.h"
#include "testing/test_files.h"
#include "vectors/esv_format.h"
#include "vectors/esv_verify.h"
#include "vectors/vector_table.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>

using namespace es;

namespace {

// Four rows of dimension 3 (stride 16 floats: 52 bytes of zero padding per row).
const std::vector<std::string> kWords = {"apple", "banana", "cherry", "car"};
const std::vector<float> kData = {1, 0.1f, 0, 0.9f, 0.2f, 0, 0.8f, 0.3f, 0, 0, 0, 1};

bool mentions(const EsvVerification& v, const std::string& text) {
    for (const std::string& p : v.problems)
        if (p.find(text) != std::string::npos) return true;
    return false;
}

std::string joined(const EsvVerification& v) {
    std::string s;
    for (const std::string& p : v.problems) s += p + " | ";
    return s;
}

} // namespace

class TestEsvVerify : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    std::string fresh(const char* name, const std::vector<std::string>& words = kWords, const std::vector<float>& data = kData) {
        const std::string path = dir_.filePath(name).toStdString();
        write_esv(path, words, data, 3);
        return path;
    }

private slots:
    void soundFilesPass() {
        const EsvVerification v = verify_esv(fresh("ok.esv"));
        QVERIFY2(v.problem_count == 0, joined(v).c_str());
        QCOMPARE(v.rows, size_t(4));
        const EsvVerification glove = verify_esv(default_table_path());
        QVERIFY2(glove.problem_count == 0, joined(glove).c_str());
        QVERIFY(glove.rows > 300000);
        const test::CliRun r = test::run_embedscope({"verify", dir_.filePath("ok.esv")});
        QCOMPARE(r.code, 0);
    }

    void nanVectorAndRepeatedWord() {
        std::vector<float> data = kData;
        data[4] = std::nanf("");
        const EsvVerification nan = verify_esv(fresh("nan.esv", kWords, data));
        QVERIFY2(mentions(nan, "row 1 ('banana'): a value is not finite"), joined(nan).c_str());
        const EsvVerification twice = verify_esv(fresh("twice.esv", {"apple", "banana", "apple", "car"}));
        QVERIFY2(mentions(twice, "row 2 ('apple'): the word of row 0 again"), joined(twice).c_str());
    }

    void negativeNorm() {
        const std::string path = fresh("norm.esv");
        const test::EsvLayout l = test::read_esv_layout(path);
        const float minus = -1.0f;
        test::patch_file(path, l.find(EsvSectionKind::NormsF32)->offset + 4, std::string(reinterpret_cast<const char*>(&minus), 4));
        test::reseal_esv(path, l);
        VectorTable::open_esv(path);  // the structure is sound: it opens
        const EsvVerification v = verify_esv(path);
        QVERIFY2(mentions(v, "row 1 ('banana'): stored norm -1"), joined(v).c_str());
        const test::CliRun r = test::run_embedscope({"verify", QString::fromStdString(path)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("norm.esv: row 1 ('banana'): stored norm"), r.err.constData());
    }

    void changedDimension() {
        const std::string path = fresh("dim.esv");
        test::EsvLayout l = test::read_esv_layout(path);
        l.header.dim = 2;  // the third value of every row now sits in the "padding"
        test::reseal_esv(path, l);
        const EsvVerification v = verify_esv(path);
        QCOMPARE(v.dim, 2u);
        QVERIFY2(mentions(v, "row 3 ('car'): the padding after the 2 values is not zero"), joined(v).c_str());
    }

    void movedVectors() {
        const std::string path = fresh("moved.esv");
        test::EsvLayout l = test::read_esv_layout(path);
        for (EsvSection& s : l.sections)
            if (s.kind == uint32_t(EsvSectionKind::VectorsF32)) s.offset += 64;  // one row later
        test::reseal_esv(path, l);
        const EsvVerification v = verify_esv(path);
        QVERIFY2(mentions(v, "row 0 ('apple'): stored norm"), joined(v).c_str());
    }

    void invalidUtf8IsRefusedAtOpen() {
        const std::string path = fresh("utf8.esv");
        const test::EsvLayout l = test::read_esv_layout(path);
        test::patch_file(path, l.find(EsvSectionKind::VocabBytes)->offset + 5, "\xC3");  // "b…" of banana → C3 'a'
        test::reseal_esv(path, l);
        try {
            VectorTable::open_esv(path);
            QFAIL("opened");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("damaged vocabulary: word 1 (vocabulary bytes 5..11) is not valid UTF-8") != std::string::npos, e.what());
        }
        const test::CliRun r = test::run_embedscope({"verify", QString::fromStdString(path)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("not valid UTF-8"), r.err.constData());
    }

    // Found by fuzz_esv: a section table offset near 2^64 wrapped the bounds check around and
    // the table was copied from outside the map (before any checksum could refuse it).
    void sectionTableOffsetThatWrapsIsRefused() {
        const std::string path = fresh("wrap.esv");
        const uint64_t near_end = ~uint64_t(0) - 0x7F;  // + 5 sections × 32 bytes wraps to 0x20
        test::patch_file(path, offsetof(EsvHeader, section_table_offset),
                         std::string(reinterpret_cast<const char*>(&near_end), 8));
        std::string what;
        QVERIFY(test::throws_error_containing([&] { VectorTable::open_esv(path); }, "section table out of bounds", what));
    }
};

QTEST_GUILESS_MAIN(TestEsvVerify)
#include "test_esv_verify.moc"
