// Bytes that are not UTF-8, treated alike by every tokenizer: byte-level BPE keeps them, GloVe
// and WordPiece read U+FFFD (the overlong C0 AF is not "/"), and each token made from them is
// flagged — in the token and in `tokenize --json` — while a character merely split between two
// tokens is not.
#include "support/cli_process.h"
#include "tokenizers/tokenizer.h"
#include "tokenizers/tokenizer_registry.h"
#include "vectors/vector_table.h"
#include "base/data_paths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace es;

namespace {

const std::string kBad("a\xC0\xAF" "b c", 6);  // bytes 1–2: an overlong "/"

} // namespace

class TestInvalidUtf8 : public QObject {
    Q_OBJECT

private slots:
    void everyTokenizerFlagsTheBadBytes_data() {
        QTest::addColumn<QString>("name");
        for (const char* n : {"glove", "bert-base-uncased", "cl100k_base", "o200k_base", "r50k_base", "gpt2"}) QTest::newRow(n) << n;
    }
    void everyTokenizerFlagsTheBadBytes() {
        QFETCH(QString, name);
        const auto table = name == "glove" ? VectorTable::open_esv(default_table_path()) : nullptr;
        const auto tok = make_tokenizer(name.toStdString(), table);
        const std::vector<Token> tokens = tok->encode(kBad);
        size_t flagged = 0;
        for (const Token& t : tokens) {
            if (!t.start) continue;  // [CLS], [SEP]
            const bool covers_bad = *t.start < 3 && *t.end > 1;
            QCOMPARE(t.invalid_utf8, covers_bad);
            flagged += t.invalid_utf8;
            if (t.invalid_utf8) {
                QVERIFY2(t.text.find("\\xC0") != std::string::npos || t.text.find("\\xAF") != std::string::npos, t.text.c_str());
                QVERIFY(t.piece != "/");  // never read as the character the overlong form spells
            }
        }
        QVERIFY(flagged >= 1);
        // The same text without the bad bytes: nothing flagged.
        for (const Token& t : tok->encode("ab c")) QVERIFY(!t.invalid_utf8);
    }

    void gloveReadsReplacementCharacter() {
        const auto table = VectorTable::open_esv(default_table_path());
        const auto tokens = make_tokenizer("glove", table)->encode(kBad);
        bool replacement = false;
        for (const Token& t : tokens) replacement |= t.piece.find("\xEF\xBF\xBD") != std::string::npos;
        QVERIFY(replacement);
        for (const Token& t : tokens) QVERIFY(t.piece != "/" && t.id != int64_t(*table->find_exact("/")));
    }

    void aSplitCharacterIsNotInvalid() {
        // cl100k cuts some CJK characters into byte tokens: partial, but valid input.
        const auto tokens = make_tokenizer("cl100k_base")->encode("\xE9\xBE\x98\xE9\xBE\x98");
        bool partial = false;
        for (const Token& t : tokens) {
            partial |= t.partial_utf8;
            QVERIFY(!t.invalid_utf8);
        }
        QVERIFY(partial);
    }

    void jsonSaysSo() {
        // Through a file: a command-line argument reaches the program re-encoded as UTF-8.
        QTemporaryDir dir;
        QFile f(dir.filePath("bad.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kBad.data(), qint64(kBad.size()));
        f.close();
        const test::CliRun r = test::run_embedscope({"tokenize", "--tokenizer", "gpt2", "--json", "--file", f.fileName()});
        QCOMPARE(r.code, 0);
        const QJsonArray tokens = QJsonDocument::fromJson(r.out).object()["tokens"].toArray();
        int flagged = 0;
        for (const QJsonValue& t : tokens) flagged += t.toObject()["invalid_utf8"].toBool();
        QCOMPARE(flagged, 2);  // Ã€ and ¯: one byte each
        QVERIFY(!tokens[0].toObject().contains("invalid_utf8"));  // only where true
    }
};

QTEST_GUILESS_MAIN(TestInvalidUtf8)
#include "test_invalid_utf8.moc"
