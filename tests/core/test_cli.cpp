// The command line's contract: exit codes, one-line errors naming the input, JSON shapes.
#include "base/data_paths.h"
#include "support/cli_process.h"
#include "vectors/esv_format.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QFile>
#include <QtTest>

using namespace es;


class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString small;

private slots:
    void initTestCase() {
        small = dir.path() + "/small.esv";
        std::vector<std::string> words{"apple", "banana", "cherry", "car", "truck"};
        std::vector<float> data{1, 0.1f, 0, 0.9f, 0.2f, 0, 0.8f, 0.3f, 0, 0, 0, 1, 0, 0.1f, 0.9f};
        write_esv(small.toStdString(), words, data, 3);
    }

    void helpAndVersion() {
        for (QStringList a : {QStringList{"--help"}, QStringList{"--version"}, QStringList{"neighbors", "--help"},
                              QStringList{"tokenize", "--version"}}) {
            test::CliRun r = test::run_embedscope(a);
            QCOMPARE(r.code, 0);
            QVERIFY(!r.out.isEmpty());
        }
    }

    void usageErrorsExitTwo() {
        for (QStringList a : {QStringList{"frobnicate"}, QStringList{"neighbors"}, QStringList{"neighbors", "a", "-k", "x"},
                              QStringList{"neighbors", "a", "--bogus"}, QStringList{"neighbors", "a", "--metric", "manhattan"}}) {
            test::CliRun r = test::run_embedscope(a);
            QVERIFY2(r.code == 2, qPrintable(a.join(' ') + " → " + QString::number(r.code)));
            QVERIFY(!r.err.isEmpty());
        }
    }

    // Asked of the CLI with what looked fine and was not: each is refused with a line that names it.
    void quietMistakesAreRefused_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("mention");
        const QString folder = dir.path();
        QTest::newRow("restrict 1") << QStringList{"neighbors", "apple", "--restrict", "1", "--vectors", small} << 2 << "--restrict 1 leaves no word";
        QTest::newRow("analogy restrict 3") << QStringList{"analogy", "apple", "banana", "cherry", "--restrict", "3", "--vectors", small} << 2
                                            << "--restrict 3 leaves no word";
        QTest::newRow("tokenize a folder") << QStringList{"tokenize", "--tokenizer", "gpt2", "--file", folder} << 1 << "is a folder, not a file";
        QTest::newRow("eval a folder") << QStringList{"eval", "analogies", folder, "--vectors", small} << 1 << "is a folder, not a file";
        QTest::newRow("epsilon underflow") << QStringList{"analogy", "apple", "banana", "cherry", "--epsilon", "1e-400", "--vectors", small} << 2
                                           << "--epsilon takes a number";
        QTest::newRow("vocab for glove") << QStringList{"import", small, "--format", "glove", "--vocab", small, "--out", folder + "/x.esv"} << 2
                                         << "--vocab names the words of a safetensors matrix";
        QTest::newRow("unknown extension") << QStringList{"neighbors", "apple", "--vectors", folder + "/table.xyz"} << 1 << "cannot tell the format";
    }
    void quietMistakesAreRefused() {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, mention);
        if (args.contains(dir.path() + "/table.xyz")) {
            QFile f(dir.path() + "/table.xyz");
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("apple 1 2 3\n");
        }
        const test::CliRun r = test::run_embedscope(args);
        QCOMPARE(r.code, code);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains(mention), qPrintable(err));
        QVERIFY2(!err.contains("give --format"), qPrintable(err));  // an option neighbors does not have
        QVERIFY(r.out.isEmpty());
    }
    void repeatedFlagIsAccepted() {
        const test::CliRun r = test::run_embedscope({"neighbors", "apple", "--json", "--json", "-k", "1", "--vectors", small});
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["neighbors"].toArray().size(), 1);
    }

    void neighboursJson() {
        test::CliRun r = test::run_embedscope({"neighbors", "apple", "-k", "2", "--json", "--vectors", small});
        QCOMPARE(r.code, 0);
        QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["query"].toString(), QString("apple"));
        QCOMPARE(o["metric"].toString(), QString("cosine"));
        QJsonArray n = o["neighbors"].toArray();
        QCOMPARE(n.size(), 2);
        QCOMPARE(n[0].toObject()["word"].toString(), QString("banana"));  // the closest direction
        QVERIFY(n[0].toObject()["score"].toDouble() > n[1].toObject()["score"].toDouble());
        // Case: as typed, then lower-cased.
        QCOMPARE(test::run_embedscope({"neighbors", "APPLE", "--vectors", small}).code, 0);
    }

    void otherFormatsOpenDirectly() {
        QFile f(dir.path() + "/small.txt");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("3 2\nsun 1 0.1\nmoon 0.9 0.2\nrain 0 1\n");
        f.close();
        test::CliRun r = test::run_embedscope({"neighbors", "sun", "-k", "1", "--json", "--vectors", f.fileName()});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["neighbors"].toArray()[0].toObject()["word"].toString(),
                 QString("moon"));
        test::CliRun missing = test::run_embedscope({"neighbors", "sun", "--vectors", dir.path() + "/absent.esv"});
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.contains("absent.esv") && !missing.err.contains("not installed"), missing.err.constData());
    }

    void unknownWordNamesIt() {
        test::CliRun r = test::run_embedscope({"neighbors", "durian", "--vectors", small});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("durian"));
        QCOMPARE(r.err.count('\n'), 1);
    }

    void damagedFileOneLine() {
        QFile f(dir.path() + "/cut.esv");
        QFile src(small);
        QVERIFY(src.open(QIODevice::ReadOnly) && f.open(QIODevice::WriteOnly));
        f.write(src.read(src.size() - 7));
        f.close();
        for (QStringList a : {QStringList{"verify", f.fileName()}, QStringList{"neighbors", "apple", "--vectors", f.fileName()},
                              QStringList{"neighbors", "apple", "--json", "--vectors", dir.path() + "/none.esv"}}) {
            test::CliRun r = test::run_embedscope(a);
            QCOMPARE(r.code, 1);
            QCOMPARE(r.err.count('\n'), 1);
            QVERIFY2(r.err.contains(".esv"), r.err.constData());
        }
    }

    void missingDefaultDataSaysHowToFetch() {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("EMBEDSCOPE_DATA", dir.path() + "/empty");
        test::CliRun r = test::run_embedscope({"neighbors", "king"}, 120000, env);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("scripts/setup"), r.err.constData());
    }

    void tokenizeOnDefaultTable() {
        test::CliRun r = test::run_embedscope({"tokenize", "--json", "The king didn't go to Zzyzxqq."});
        QCOMPARE(r.code, 0);
        QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QJsonArray t = o["tokens"].toArray();
        QCOMPARE(o["count"].toInt(), t.size());
        QStringList pieces;
        for (auto v : t) pieces << v.toObject()["piece"].toString();
        QCOMPARE(pieces, (QStringList{"the", "king", "did", "n't", "go", "to", "zzyzxqq", "."}));
        QCOMPARE(t[0].toObject()["id"].toInt(), 0);  // "the" is GloVe's most frequent word
        QVERIFY(t[6].toObject()["id"].isNull());     // not in the vocabulary
        QCOMPARE(t[1].toObject()["start"].toInt(), 4);
        QCOMPARE(t[1].toObject()["end"].toInt(), 8);
        QCOMPARE(test::run_embedscope({"tokenize", "--count", "a b c"}).out.trimmed(), QByteArray("3"));
    }

    void defaultTableIsComplete() {
        test::CliRun r = test::run_embedscope({"verify", QString::fromStdString(default_table_path()), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["rows"].toInt(), 341479);
        QCOMPARE(o["dim"].toInt(), 100);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
