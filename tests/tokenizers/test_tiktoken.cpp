// tiktoken encodings and GPT-2: ids identical to gpt-tokenizer and @dqbd/tiktoken on the
// corpus, round trips, spans, bad input, pathological input, malformed rank files.
#include "support/expected_error.h"
#include "support/tokenizer_peers.h"

#include "tokenizers/bpe_tokenizer.h"
#include "text/byte_level.h"
#include "base/error.h"
#include "tokenizers/gpt2_tokenizer.h"
#include "tokenizers/tiktoken_encoding.h"
#include "tokenizers/tokenizer_registry.h"
#include "base/utf8_text.h"

#include <unordered_map>

#include <QTemporaryDir>
#include <QtTest>

using namespace es;
using namespace es::test;

class TestTiktoken : public QObject {
    Q_OBJECT

    std::shared_ptr<const Tokenizer> get(const std::string& name) {
        try {
            return make_tokenizer(name);
        } catch (const Error& e) {
            return nullptr;
        }
    }
    static bool have_data() {
        return std::filesystem::exists(tokenizer_data_path("o200k_base") + "/o200k_base.tiktoken") &&
               std::filesystem::exists(tokenizer_data_path("gpt2") + "/vocab.bpe");
    }

    // Our ids against each peer's on every text; allow_special compares with tiktoken only
    // (gpt-tokenizer 4.0.0 finds an allowed special token only where a search starts).
    void compare(const std::string& name, const std::vector<CorpusText>& texts, bool allow_special,
                 bool tiktoken_only = false) {
        auto tok = get(name);
        QVERIFY2(tok, name.c_str());
        QJsonObject req{{"encoding", QString::fromStdString(name)}, {"allow_special", allow_special}, {"texts", texts_json(texts)}};
        QString err;
        QJsonObject peers = run_peer("tiktoken_peers.cjs", req, &err);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QStringList which = {"tiktoken"};
        if (!allow_special && !tiktoken_only) which << "gpt-tokenizer";
        for (const QString& peer : which) {
            QJsonArray all = peers[peer].toArray();
            QCOMPARE(all.size(), qsizetype(texts.size()));
            for (size_t i = 0; i < texts.size(); ++i) {
                std::vector<int64_t> ours = tok->encode_ids(texts[i].text, {.allow_special = allow_special});
                std::vector<int64_t> theirs = ids_of(all[qsizetype(i)]);
                if (ours != theirs)
                    QFAIL(qPrintable(QString("%1 vs %2 on %3:\n ours   %4\n theirs %5")
                                         .arg(QString::fromStdString(name), peer, QString::fromStdString(texts[i].label),
                                              show_ids(ours), show_ids(theirs))));
            }
        }
    }

private slots:
    void initTestCase() {
        if (!have_data()) QFAIL("tokenizer files not unpacked: run scripts/setup --test");
    }

    void conformance_data() {
        QTest::addColumn<QString>("name");
        for (const char* n : {"r50k_base", "p50k_base", "cl100k_base", "o200k_base", "gpt2"}) QTest::newRow(n) << n;
    }
    void conformance() {
        QFETCH(QString, name);
        if (!have_peers()) QFAIL("npm peers not installed: run scripts/setup --test");
        compare(name.toStdString(), corpus(), false);
    }

    // JavaScript's \s also matches U+FEFF, so gpt-tokenizer cuts "x\uFEFFy" differently from
    // tiktoken (Rust's \s is Unicode White_Space, as PCRE2's is); we follow tiktoken.
    void byteOrderMarkFollowsTiktoken_data() { conformance_data(); }
    void byteOrderMarkFollowsTiktoken() {
        QFETCH(QString, name);
        if (!have_peers()) QFAIL("npm peers not installed: run scripts/setup --test");
        compare(name.toStdString(),
                {{"bom", "x\uFEFFy \uFEFF z\n\u0085 a\u0085\u0085b\n  \u0085\n\u180E a\u180Eb\n"}, {"bom2", "  \uFEFF\uFEFF"}},
                false, true);
    }

    void allowSpecial_data() { conformance_data(); }
    void allowSpecial() {
        QFETCH(QString, name);
        if (!have_peers()) QFAIL("npm peers not installed: run scripts/setup --test");
        std::vector<CorpusText> texts;
        for (const auto& t : corpus())
            if (t.label.rfind("specials.txt", 0) == 0) texts.push_back(t);
        texts.push_back({"only", "<|endoftext|>"});
        texts.push_back({"twice", "x<|endoftext|><|endoftext|>  y"});
        compare(name.toStdString(), texts, true);
        // Without the option the same text is ordinary text: no special id appears.
        auto tok = get(name.toStdString());
        auto* bpe = dynamic_cast<const BpeTokenizer*>(tok.get());
        QVERIFY(bpe);
        for (const auto& t : texts)
            for (int64_t id : tok->encode_ids(t.text))
                for (const auto& sp : bpe->specials()) QVERIFY(id != sp.id);
    }

    void gpt2EqualsR50k() {
        auto gpt2 = get("gpt2"), r50k = get("r50k_base");
        for (const auto& t : corpus()) QCOMPARE(gpt2->encode_ids(t.text), r50k->encode_ids(t.text));
    }

    // GPT-2's pieces are encoder.json's own keys.
    void gpt2PiecesAreEncoderKeys() {
        auto gpt2 = get("gpt2");
        QFile f(QString::fromStdString(tokenizer_data_path("gpt2") + "/encoder.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject enc = QJsonDocument::fromJson(f.readAll()).object();
        std::unordered_map<int64_t, QString> key_of;
        for (auto it = enc.begin(); it != enc.end(); ++it) key_of[int64_t(it.value().toDouble())] = it.key();
        for (const auto& t : corpus())
            for (const Token& tok : gpt2->encode(t.text)) QCOMPARE(QString::fromStdString(tok.piece), key_of.at(tok.id));
    }

    void roundTripAndSpans_data() { conformance_data(); }
    void roundTripAndSpans() {
        QFETCH(QString, name);
        auto tok = get(name.toStdString());
        std::vector<std::string> texts;
        for (const auto& t : corpus()) texts.push_back(t.text);
        texts.push_back(std::string("bad \xff\xfe utf8 \xe2\x82 cut \xc0\xaf overlong \xed\xa0\x80 surrogate \xf0\x9f", 46));
        texts.push_back(std::string("\x80", 1));
        for (const std::string& text : texts) {
            std::vector<Token> tokens = tok->encode(text);
            std::vector<int64_t> ids;
            size_t pos = 0;
            for (const Token& t : tokens) {
                QVERIFY(t.start && t.end);
                QCOMPARE(*t.start, pos);  // spans tile the input
                QVERIFY(*t.end > *t.start);
                pos = *t.end;
                std::string_view bytes = std::string_view(text).substr(*t.start, *t.end - *t.start);
                QCOMPARE(tok->decode(std::vector<int64_t>{t.id}), std::string(bytes));
                QCOMPARE(t.partial_utf8, !utf8::is_valid(bytes));
                if (!t.partial_utf8) QCOMPARE(t.text, std::string(bytes));
                ids.push_back(t.id);
            }
            QCOMPARE(pos, text.size());
            QCOMPARE(tok->decode(ids), text);
            QCOMPARE(tok->encode_ids(text), ids);
            QCOMPARE(tok->count(text), ids.size());
        }
        QVERIFY(tok->encode("").empty());
        QVERIFY_THROWS_EXCEPTION(Error, tok->decode(std::vector<int64_t>{-5}));
        QVERIFY_THROWS_EXCEPTION(Error, tok->decode(std::vector<int64_t>{999999999}));
    }

    // A million repetitions of one character: one huge piece for the merge (heap path).
    void millionRepetitions_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("unit");
        for (const char* n : {"cl100k_base", "o200k_base", "r50k_base"})
            for (const char* u : {"a", " ", "\n", "7", "!", "中", "😀"}) QTest::newRow((std::string(n) + " " + u).c_str()) << n << u;
    }
    void millionRepetitions() {
        QFETCH(QString, name);
        QFETCH(QString, unit);
        auto tok = get(name.toStdString());
        std::string text;
        std::string u = unit.toStdString();
        for (int i = 0; i < 1000000; ++i) text += u;
        std::vector<int64_t> ids = tok->encode_ids(text);
        QVERIFY(!ids.empty());
        QVERIFY(ids.size() <= text.size());
        QCOMPARE(tok->decode(ids), text);
    }

    void malformedRankFile() {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        auto write = [&](const char* name, const std::string& text) { return write_test_file(folder, name, text); };
        auto expect = [&](const std::string& path, const std::string& where) {
            expect_load_error([&] { read_tiktoken_ranks(path); }, where);
        };
        std::string bad64 = write("bad64.tiktoken", "IQ== 0\nIg== 1\n!!!! 2\n");
        expect(bad64, bad64 + ":3:");
        std::string norank = write("norank.tiktoken", "IQ== 0\nIg==\n");
        expect(norank, norank + ":2:");
        std::string dup = write("dup.tiktoken", "IQ== 0\nIQ== 1\n");
        expect(dup, dup + ":2:");
        std::string duprank = write("duprank.tiktoken", "IQ== 0\nIg== 1\nIw== 1\n");
        expect(duprank, duprank + ":3: rank 1 appears twice (first at line 2)");
        // A named encoding's file cut short (its last lines lost) is refused: the count is known.
        const std::string full = es::test::read_file(tokenizer_data_path("cl100k_base") + "/cl100k_base.tiktoken");
        QVERIFY(full.size() > 1000);
        std::filesystem::create_directory(dir.filePath("cut").toStdString());
        const std::string cut = write("cut/cl100k_base.tiktoken", full.substr(0, full.rfind('\n', full.size() - 2000) + 1));
        expect_load_error([&] { load_tiktoken_encoding("cl100k_base", cut); }, "tokens, cl100k_base has 100256 (truncated");
        expect(dir.filePath("missing.tiktoken").toStdString(), "missing.tiktoken");
        // A file lacking single bytes cannot encode every text: refused at load.
        QVERIFY_THROWS_EXCEPTION(Error, load_tiktoken_file(write("small.tiktoken", "IQ== 0\nIg== 1\n")));
        // GPT-2 folder with a broken merge line.
        std::filesystem::create_directory(dir.filePath("g").toStdString());
        std::filesystem::copy_file(tokenizer_data_path("gpt2") + "/encoder.json", dir.filePath("g/encoder.json").toStdString());
        write("g/vocab.bpe", "#version: 0.2\nĠ t\nnot-a-pair\n");
        try {
            load_gpt2_folder(dir.filePath("g").toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("vocab.bpe:3:") != std::string::npos, e.what());
        }
        // Ranks are ids that index a table: one over 2^24 would ask for gigabytes (fuzz_tiktoken_file).
        std::string huge = write("huge.tiktoken", "IQ== 0\nIg== 99999999\n");
        expect(huge, huge + ":2: the rank is not a number below 16777216");
        // Found by fuzz_gpt2_folder: two tokens with one id were taken, and decoding then gave
        // the other token's bytes. Refused, naming both.
        std::filesystem::create_directory(dir.filePath("d").toStdString());
        std::string encoder = es::test::read_file(tokenizer_data_path("gpt2") + "/encoder.json");
        const size_t at = encoder.find("\"!\": 0");
        QVERIFY(at != std::string::npos);
        encoder.replace(at, 6, "\"!\": 1");  // "!" takes the id of "\""
        write("d/encoder.json", encoder);
        write("d/vocab.bpe", "#version: 0.2\n");
        expect_load_error([&] { load_gpt2_folder(dir.filePath("d").toStdString()); }, "have the same id 1");
    }
};

QTEST_GUILESS_MAIN(TestTiktoken)
#include "test_tiktoken.moc"
