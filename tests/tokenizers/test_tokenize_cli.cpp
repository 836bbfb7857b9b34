// `embedscope tokenize`: the JSON of DESIGN.md with the core's ids and spans, --count,
// --file, --allow-special, and the error convention.
#include "support/cli_process.h"
#include "support/tokenizer_peers.h"

#include "tokenizers/tokenizer_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace es;
using namespace es::test;

namespace {

// `embedscope tokenize args…`.
CliRun run(const QStringList& args) { return run_embedscope(QStringList{"tokenize"} + args, 60000); }

} // namespace

class TestTokenizeCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        if (!QFileInfo::exists(EMBEDSCOPE_BINARY)) QFAIL("embedscope is not built (EMBEDSCOPE_BUILD_UI=OFF)");
        if (!std::filesystem::exists(tokenizer_data_path("cl100k_base"))) QFAIL("tokenizer files not unpacked: run scripts/setup");
    }

    void jsonMatchesCore() {
        const std::string text = "darkness and brightness <|endoftext|> 😀 \xF0\x9F";
        QTemporaryDir dir;
        QString file = dir.filePath("in.txt");
        std::ofstream(file.toStdString(), std::ios::binary) << text;
        for (bool special : {false, true}) {
            QStringList args{"--tokenizer", "cl100k_base", "--json", "--file", file};
            if (special) args << "--allow-special";
            CliRun r = run(args);
            QCOMPARE(r.code, 0);
            QJsonObject o = QJsonDocument::fromJson(r.out).object();
            auto tokens = make_tokenizer("cl100k_base")->encode(text, {.allow_special = special});
            QJsonArray arr = o["tokens"].toArray();
            QCOMPARE(o["count"].toInt(), int(tokens.size()));
            QCOMPARE(arr.size(), qsizetype(tokens.size()));
            for (qsizetype i = 0; i < arr.size(); ++i) {
                QJsonObject t = arr[i].toObject();
                QCOMPARE(t["id"].toInteger(), tokens[i].id);
                QCOMPARE(t["start"].toInteger(), qint64(*tokens[i].start));
                QCOMPARE(t["end"].toInteger(), qint64(*tokens[i].end));
                QCOMPARE(t["piece"].toString(), QString::fromStdString(tokens[i].piece));
                QCOMPARE(t["text"].toString(), QString::fromStdString(tokens[i].text));
            }
            QCOMPARE(arr.last().toObject()["text"].toString(), QString("\\xF0\\x9F"));  // a split character as escapes
        }
    }

    // --ids: the ids alone on one line, for every tokenizer kind (the heavy-input benchmark's output).
    void idsLine() {
        const std::string text = "Hello, world! It's 2026 — ça va? 東京 <|endoftext|>";
        for (const char* name : {"cl100k_base", "gpt2", "bert-base-uncased"}) {
            CliRun r = run({"--tokenizer", name, "--ids", QString::fromStdString(text)});
            QCOMPARE(r.code, 0);
            QVERIFY(r.out.endsWith('\n') && r.out.count('\n') == 1);
            std::vector<int64_t> got;
            for (const QByteArray& f : r.out.trimmed().split(' ')) got.push_back(f.toLongLong());
            QCOMPARE(got, make_tokenizer(name)->encode_ids(text));
        }
        QCOMPARE(run({"--tokenizer", "gpt2", "--ids", "--json", "x"}).code, 2);
        QCOMPARE(run({"--tokenizer", "gpt2", "--ids", ""}).out, QByteArray("\n"));
    }

    void countAndBert() {
        CliRun r = run({"--tokenizer", "bert-base-uncased", "--count", "Hello, world!"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out.trimmed().toInt(), int(make_tokenizer("bert-base-uncased")->count("Hello, world!")));
        CliRun j = run({"--tokenizer", "bert-base-uncased", "--json", "Hello"});
        QJsonArray arr = QJsonDocument::fromJson(j.out).object()["tokens"].toArray();
        QCOMPARE(arr.first().toObject()["piece"].toString(), QString("[CLS]"));
        QVERIFY(arr.first().toObject()["start"].isNull());
    }

    // An empty text gives what the post-processor adds; a special typed in the text is one token
    // for BERT unless --no-special, and tiktoken's stay text unless --allow-special.
    void emptyTextAndSpecials() {
        CliRun empty = run({"--tokenizer", "bert-base-uncased", "--count", ""});
        QCOMPARE(empty.code, 0);
        QCOMPARE(empty.out.trimmed().toInt(), 2);  // [CLS] [SEP]
        CliRun mask = run({"--tokenizer", "bert-base-uncased", "--count", "[MASK]"});
        QCOMPARE(mask.out.trimmed().toInt(), 3);
        CliRun text = run({"--tokenizer", "bert-base-uncased", "--count", "--no-special", "[MASK]"});
        QVERIFY(text.out.trimmed().toInt() > 3);
        CliRun eot = run({"--tokenizer", "cl100k_base", "--count", "<|endoftext|>"});
        QVERIFY(eot.out.trimmed().toInt() > 1);
        CliRun allowed = run({"--tokenizer", "cl100k_base", "--count", "--allow-special", "<|endoftext|>"});
        QCOMPARE(allowed.out.trimmed().toInt(), 1);
        CliRun both = run({"--tokenizer", "cl100k_base", "--allow-special", "--no-special", "x"});
        QCOMPARE(both.code, 2);
    }

    void errors() {
        CliRun unknown = run({"--tokenizer", "no-such-tokenizer", "x"});
        QCOMPARE(unknown.code, 1);
        QVERIFY(unknown.err.contains("no-such-tokenizer"));
        QCOMPARE(unknown.err.count('\n'), 1);
        CliRun usage = run({"--tokenizer", "gpt2"});
        QCOMPARE(usage.code, 2);
        CliRun both = run({"--tokenizer", "gpt2", "--json", "--count", "x"});
        QCOMPARE(both.code, 2);
        CliRun missing = run({"--tokenizer", "gpt2", "--file", "/nonexistent/file.txt"});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.contains("/nonexistent/file.txt"));
    }
};

QTEST_GUILESS_MAIN(TestTokenizeCli)
#include "test_tokenize_cli.moc"
