// Every import format read back equal to the real rows it was written from (the first rows of
// the default GloVe table, written here by hand in each format), the exporters round-trip, and
// every kind of damaged file is refused with an error naming the file and the line or byte.
#include "base/data_paths.h"
#include "base/error.h"
#include "base/progress.h"
#include "testing/esv_damage.h"
#include "testing/test_files.h"
#include "vectors/esv_verify.h"
#include "vectors/quantized_rows.h"
#include "vectors/vector_export.h"
#include "vectors/vector_import.h"
#include "vectors/vector_table.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cstdio>
#include <cstring>
#include <filesystem>

using namespace es;

class TestVectorImport : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::shared_ptr<const VectorTable> glove;
    const size_t n = 300;

    std::string path(const std::string& name) { return (dir.path() + "/").toStdString() + name; }
    static std::string num(float v) {
        char b[32];
        std::snprintf(b, sizeof b, "%.9g", double(v));
        return b;
    }
    std::string text_rows(size_t rows, char sep, bool with_words) {
        std::string s;
        for (size_t r = 0; r < rows; ++r) {
            if (with_words) s += std::string(glove->word(r)) + sep;
            for (uint32_t j = 0; j < glove->dim(); ++j) {
                if (j) s += sep;
                s += num(glove->row(r)[j]);
            }
            s += "\n";
        }
        return s;
    }
    std::string binary_rows(size_t rows) {
        std::string s = std::to_string(rows) + " " + std::to_string(glove->dim()) + "\n";
        for (size_t r = 0; r < rows; ++r) {
            s += std::string(glove->word(r)) + " ";
            s.append(reinterpret_cast<const char*>(glove->row(r)), glove->dim() * 4);
            s += "\n";
        }
        return s;
    }
    void expect_equal(const LoadedVectors& v, size_t rows, bool check_words = true) {
        QCOMPARE(v.words.size(), rows);
        QCOMPARE(v.dim, glove->dim());
        for (size_t r = 0; r < rows; ++r) {
            if (check_words) QCOMPARE(v.words[r], std::string(glove->word(r)));
            QVERIFY(std::memcmp(v.data.data() + r * v.dim, glove->row(r), v.dim * 4) == 0);  // bit-exact
        }
    }
    QString error_of(const std::string& p, VectorFormat f, ImportOptions opt = {}) {
        try {
            read_vectors(p, f, opt);
        } catch (const Error& e) {
            return QString::fromStdString(e.what());
        }
        return {};
    }
    void expect_error(const std::string& p, VectorFormat f, const QString& place, const QString& what, ImportOptions opt = {}) {
        const QString e = error_of(p, f, opt);
        QVERIFY2(!e.isEmpty(), qPrintable("accepted " + QString::fromStdString(p)));
        QVERIFY2(e.contains(QString::fromStdString(p)) || e.contains(QString::fromStdString(opt.metadata)), qPrintable(e));
        QVERIFY2(e.contains(place), qPrintable(e + " — missing " + place));
        QVERIFY2(e.contains(what), qPrintable(e + " — missing " + what));
    }
    // Writes `bytes` as `name`, then expects reading it as `f` to fail as expect_error says.
    void expect_damaged(const std::string& name, const std::string& bytes, VectorFormat f, const QString& place,
                        const QString& what) {
        test::write_file(path(name), bytes);
        expect_error(path(name), f, place, what);
    }

private slots:
    void initTestCase() {
        if (!std::filesystem::exists(default_table_path())) QFAIL("the default table is not installed");
        glove = VectorTable::open_esv(default_table_path());
    }

    void everyFormat() {
        const uint32_t d = glove->dim();
        const std::string head = std::to_string(n) + " " + std::to_string(d) + "\n";
        test::write_file(path("w2v.txt"), head + text_rows(n, ' ', true));
        test::write_file(path("glove.txt"), text_rows(n, ' ', true));
        test::write_file(path("ft.vec"), head + text_rows(n, ' ', true));
        test::write_file(path("w2v.bin"), binary_rows(n));
        QCOMPARE(guess_vector_format(path("w2v.txt")), VectorFormat::Word2vecText);
        QCOMPARE(guess_vector_format(path("glove.txt")), VectorFormat::GloveText);
        expect_equal(read_vectors(path("w2v.txt"), VectorFormat::Word2vecText), n);
        expect_equal(read_vectors(path("glove.txt"), VectorFormat::GloveText), n);
        expect_equal(read_vectors(path("ft.vec"), VectorFormat::FasttextVec), n);
        expect_equal(read_vectors(path("w2v.bin"), VectorFormat::Word2vecBinary), n);

        // TF Projector: vectors with a header row; metadata with several columns (header, label first).
        std::string header;
        for (uint32_t j = 0; j < d; ++j) {
            if (j) header += '\t';
            header += 'd';
            header += std::to_string(j);
        }
        test::write_file(path("proj_vectors.tsv"), header + "\n" + text_rows(n, '\t', false));
        std::string meta = "word\tcount\n";
        for (size_t r = 0; r < n; ++r) meta += std::string(glove->word(r)) + "\t" + std::to_string(r) + "\n";
        test::write_file(path("proj_metadata.tsv"), meta);
        expect_equal(read_vectors(path("proj_vectors.tsv"), VectorFormat::ProjectorTsv), n);
        // One-column metadata named explicitly, no vector header; and no metadata at all.
        std::string meta1;
        for (size_t r = 0; r < n; ++r) meta1 += std::string(glove->word(r)) + "\n";
        test::write_file(path("labels.tsv"), meta1);
        test::write_file(path("plain.tsv"), text_rows(n, '\t', false));
        expect_equal(read_vectors(path("plain.tsv"), VectorFormat::ProjectorTsv, {path("labels.tsv"), "", ""}), n);
        const auto unnamed = read_vectors(path("plain.tsv"), VectorFormat::ProjectorTsv);
        expect_equal(unnamed, n, false);
        QCOMPARE(unnamed.words[7], std::string("7"));

        // safetensors: one [n, d] float32 tensor plus a second tensor, vocab.txt beside it.
        std::filesystem::create_directories(path("st"));
        std::string data;
        for (size_t r = 0; r < n; ++r) data.append(reinterpret_cast<const char*>(glove->row(r)), d * 4);
        const std::string json = "{\"emb\":{\"dtype\":\"F32\",\"shape\":[" + std::to_string(n) + "," + std::to_string(d) +
                                 "],\"data_offsets\":[0," + std::to_string(data.size()) + "]},\"bias\":{\"dtype\":\"F32\",\"shape\":[2],"
                                 "\"data_offsets\":[" + std::to_string(data.size()) + "," + std::to_string(data.size() + 8) + "]}}";
        std::string st(8, '\0');
        const uint64_t hl = json.size();
        std::memcpy(st.data(), &hl, 8);
        test::write_file(path("st/model.safetensors"), st + json + data + std::string(8, '\0'));
        test::write_file(path("st/vocab.txt"), meta1);
        expect_equal(read_vectors(path("st/model.safetensors"), VectorFormat::Safetensors), n);
        expect_equal(read_vectors(path("st/model.safetensors"), VectorFormat::Safetensors, {"", "", "emb"}), n);

        // import → .esv → the same table.
        import_vectors(path("w2v.bin"), VectorFormat::Word2vecBinary, path("w2v.esv"));
        auto t = VectorTable::open_esv(path("w2v.esv"));
        QCOMPARE(t->rows(), n);
        QCOMPARE(*t->lookup(std::string(glove->word(42))), 42u);
    }

    void exportRoundTrips() {
        std::vector<std::string> words;
        std::vector<float> data;
        for (size_t r = 0; r < n; ++r) {
            words.emplace_back(glove->word(r));
            data.insert(data.end(), glove->row(r), glove->row(r) + glove->dim());
        }
        auto t = VectorTable::from_rows(words, data, glove->dim(), "slice");
        export_word2vec_text(*t, path("out.txt"));
        expect_equal(read_vectors(path("out.txt"), VectorFormat::Word2vecText), n);
        const std::string meta = export_projector_tsv(*t, path("out_vectors.tsv"));
        QCOMPARE(meta, path("out_metadata.tsv"));
        expect_equal(read_vectors(path("out_vectors.tsv"), VectorFormat::ProjectorTsv), n);
    }

    void damagedFiles() {
        const std::string head = "3 4\n";
        expect_damaged("ragged.txt", head + "a 1 2 3 4\nb 1 2 3\nc 1 2 3 4\n",
                       VectorFormat::Word2vecText, ":3 (byte 14)", "3 values, expected 4");
        expect_damaged("wrongdim.txt", "3 5\na 1 2 3 4\nb 1 2 3 4\nc 1 2 3 4\n",
                       VectorFormat::Word2vecText, ":2 (byte 4)", "expected 5");
        expect_damaged("count.txt", "4 4\na 1 2 3 4\nb 1 2 3 4\nc 1 2 3 4\n",
                       VectorFormat::Word2vecText, "header says 4 words", "has 3");
        expect_damaged("nan.txt", "a 1 2 3 4\nb 1 nan 3 4\n", VectorFormat::GloveText, ":2 (byte 10)", "not finite");
        expect_damaged("inf.txt", "a 1 2 3 4\nb 1 2 3 -inf\n", VectorFormat::GloveText, ":2", "not finite");
        expect_damaged("dup.vec", head + "a 1 2 3 4\nb 1 2 3 4\na 5 6 7 8\n",
                       VectorFormat::FasttextVec, ":4 (byte 24)", "duplicate word 'a' (first at");
        expect_damaged("utf8.txt", std::string("a 1 2 3 4\n\xc3\x28 1 2 3 4\n"),
                       VectorFormat::GloveText, ":2 (byte 10)", "not valid UTF-8");
        expect_damaged("word.txt", "a 1 2 x 4\n", VectorFormat::GloveText, ":1 (byte 0)", "'x' is not a number");
        const std::string bin = binary_rows(5);
        // The last vector lacks 2 bytes.
        expect_damaged("trunc.bin", bin.substr(0, bin.size() - 3), VectorFormat::Word2vecBinary, "byte ", "truncated");
        expect_damaged("binhead.bin", "5 100\nthe ",
                       VectorFormat::Word2vecBinary, "ends at byte 10", "header says 5 words");
        std::string nanbin = binary_rows(2);
        const float nanv = std::nanf("");
        std::memcpy(nanbin.data() + nanbin.size() - 5, &nanv, 4);
        expect_damaged("nan.bin", nanbin, VectorFormat::Word2vecBinary, "byte ", "not finite");
        expect_damaged("rag_vectors.tsv", "1\t2\t3\n1\t2\n",
                       VectorFormat::ProjectorTsv, ":2 (byte 6)", "2 values, expected 3");
        test::write_file(path("few_vectors.tsv"), "1\t2\n3\t4\n");
        test::write_file(path("few_metadata.tsv"), "a\n");
        expect_error(path("few_vectors.tsv"), VectorFormat::ProjectorTsv, "few_metadata.tsv", "1 labels for the 2 rows");
        test::write_file(path("st/vocab.txt"), "a\nb\n");
        expect_error(path("st/model.safetensors"), VectorFormat::Safetensors, "tensor 'emb'", "the vocabulary");
        expect_damaged("empty.txt", "", VectorFormat::Word2vecText, "empty", "header");
        // Accepted before, wrongly: a count of 0 with rows after it, fewer counted than present,
        // words that could not be written back, numbers beyond float32.
        std::string zero = binary_rows(3), fewer = zero;  // "3 100\n…": the count is one digit
        zero[0] = '0';
        expect_damaged("zero.bin", zero, VectorFormat::Word2vecBinary, "byte 0", "the header says 0 words");
        fewer[0] = '2';
        expect_damaged("fewer.bin", fewer, VectorFormat::Word2vecBinary, "more data after the 2 words the header counts", "is the count wrong?");
        const std::string two = binary_rows(2);
        const size_t after_the = two.find(' ', two.find('\n') + 2);  // the space after the first word, "the"
        const std::string newline = two.substr(0, after_the) + "\nx" + two.substr(after_the);
        expect_damaged("newline.bin", newline, VectorFormat::Word2vecBinary, "(word 1 of 2)", "contains a line break at its byte 4");
        const std::string nul = two.substr(0, after_the) + std::string("\0y", 2) + two.substr(after_the);
        expect_damaged("nul.bin", nul, VectorFormat::Word2vecBinary, "(word 1 of 2)", "contains a NUL byte");
        expect_damaged("tiny.txt", "a 1 2 3 4\nb 1 1e-400 3 4\n", VectorFormat::GloveText, ":2", "'1e-400' is out of float32's range");
        expect_damaged("huge_vectors.tsv", "1\t2\n3\t1e39\n", VectorFormat::ProjectorTsv, ":2", "value 2 is out of float32's range");
    }

    // A word2vec binary import streams into the .esv (vectors/esv_writer.h): a table past 8 MB is
    // written straight to the disk (O_DIRECT), a small one through the page cache; both give back
    // every word, row, norm and int8 row bit for bit. A damaged file leaves nothing behind.
    void streamedImportGivesTheTableBack() {
        for (const size_t rows : {size_t(700), size_t(30000)}) {
            test::write_file(path("stream.bin"), binary_rows(rows));
            Progress progress;
            import_vectors(path("stream.bin"), VectorFormat::Word2vecBinary, path("stream.esv"), {}, &progress);
            QCOMPARE(progress.fraction.load(), 1.0f);
            const auto t = VectorTable::open_esv(path("stream.esv"));
            QCOMPARE(t->rows(), rows);
            QCOMPARE(t->dim(), glove->dim());
            for (size_t r = 0; r < rows; ++r) {
                QCOMPARE(t->word(r), glove->word(r));
                QVERIFY(std::memcmp(t->row(r), glove->row(r), glove->dim() * 4) == 0);
                QCOMPARE(t->norms()[r], glove->norms()[r]);
            }
            QuantizedRows built;
            build_quantized_rows(*t, built);
            const QuantizedRows& stored = t->quantized();
            QVERIFY(stored.blocks.size() == built.blocks.size() &&
                    std::memcmp(stored.blocks.data(), built.blocks.data(), built.blocks.size()) == 0);
            QVERIFY(std::equal(stored.scale.begin(), stored.scale.end(), built.scale.begin()));
            QVERIFY(std::equal(stored.err.begin(), stored.err.end(), built.err.begin()));
            QVERIFY(std::equal(stored.bias.begin(), stored.bias.end(), built.bias.begin()));
            QVERIFY(verify_esv(path("stream.esv")).problems.empty());
            // Which way it went: direct writes need the sections on 4096-byte boundaries.
            const uint64_t vectors_at = test::read_esv_layout(path("stream.esv")).find(EsvSectionKind::VectorsF32)->offset;
            QCOMPARE(vectors_at, rows > 20000 ? uint64_t(4096) : uint64_t(384));
        }
        // The third word repeats the first: refused, naming both places; no file, no .partial.
        std::string dup = "3 " + std::to_string(glove->dim()) + "\n";
        for (size_t r : {size_t(0), size_t(1), size_t(0)}) {
            dup += std::string(glove->word(r)) + " ";
            dup.append(reinterpret_cast<const char*>(glove->row(r)), glove->dim() * 4);
        }
        test::write_file(path("dup.bin"), dup);
        std::string what;
        QVERIFY(test::throws_error_containing(
            [&] { import_vectors(path("dup.bin"), VectorFormat::Word2vecBinary, path("dup.esv")); },
            "(word 3 of 3): duplicate word 'the' (first at byte 6 (word 1 of 3))", what));
        QVERIFY2(what.find("dup.bin") != std::string::npos, what.c_str());
        QVERIFY(!std::filesystem::exists(path("dup.esv")) && !std::filesystem::exists(path("dup.esv.partial")));
        // Read into memory instead, the same file says the same.
        QVERIFY(test::throws_error_containing([&] { read_vectors(path("dup.bin"), VectorFormat::Word2vecBinary); },
                                              "duplicate word 'the' (first at byte 6 (word 1 of 3))", what));
    }

    void progressAndCancel() {
        const size_t rows = 9000;
        test::write_file(path("big.txt"), text_rows(rows, ' ', true));
        Progress p;
        const auto v = read_vectors(path("big.txt"), VectorFormat::GloveText, {}, &p);
        QCOMPARE(v.words.size(), rows);
        QVERIFY(p.fraction.load() > 0.3f);
        Progress cancel;
        cancel.cancel = true;
        QVERIFY_THROWS_EXCEPTION(Cancelled, read_vectors(path("big.txt"), VectorFormat::GloveText, {}, &cancel));
        QVERIFY_THROWS_EXCEPTION(Cancelled, read_vectors(path("w2v.bin"), VectorFormat::Word2vecBinary, {}, &cancel));
    }
};

QTEST_GUILESS_MAIN(TestVectorImport)
#include "test_vector_import.moc"
