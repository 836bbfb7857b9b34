// SentencePiece: a model trained here with spm_train on the repository's corpus; our ids equal
// spm_encode's, spans stay in the input and in order, bad input does not throw.
#include "support/tokenizer_peers.h"

#include "base/error.h"
#include "tokenizers/sentencepiece_tokenizer.h"
#include "tokenizers/tokenizer_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace es;
using namespace es::test;

class TestSentencePiece : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    std::vector<CorpusText> lines() {
        std::vector<CorpusText> out;
        for (const auto& t : corpus())
            if (t.label.find(':') != std::string::npos && t.text.find('\r') == std::string::npos) out.push_back(t);
        return out;
    }

    QString train(const QString& type) {
        QString input = dir_.filePath("train.txt");
        {
            std::ofstream f(input.toStdString(), std::ios::binary);
            for (const auto& t : lines()) f << t.text << '\n';
        }
        QString prefix = dir_.filePath(type);
        QProcess p;
        p.start("spm_train", {"--input=" + input, "--model_prefix=" + prefix, "--model_type=" + type,
                              "--vocab_size=700", "--character_coverage=0.98", "--hard_vocab_limit=false",
                              "--byte_fallback=true"});
        p.waitForFinished(120000);
        if (p.exitCode() != 0) return {};
        return prefix + ".model";
    }

    std::vector<std::vector<int64_t>> spm_encode(const QString& model, const std::vector<CorpusText>& texts) {
        QProcess p;
        p.start("spm_encode", {"--model=" + model, "--output_format=id"});
        p.waitForStarted();
        for (const auto& t : texts) p.write((t.text + "\n").c_str());
        p.closeWriteChannel();
        p.waitForFinished(60000);
        std::vector<std::vector<int64_t>> out;
        for (const QByteArray& line : p.readAllStandardOutput().split('\n')) {
            std::vector<int64_t> ids;
            for (const QByteArray& x : line.split(' '))
                if (!x.isEmpty()) ids.push_back(x.toLongLong());
            out.push_back(ids);
        }
        return out;
    }

private slots:
    void initTestCase() {
        if (QStandardPaths::findExecutable("spm_train").isEmpty()) QFAIL("spm_train not installed (Debian's sentencepiece)");
        QVERIFY(dir_.isValid());
    }

    void matchesSpmEncode_data() {
        QTest::addColumn<QString>("type");
        QTest::newRow("unigram") << "unigram";
        QTest::newRow("bpe") << "bpe";
    }
    void matchesSpmEncode() {
        QFETCH(QString, type);
        QString model = train(type);
        QVERIFY2(!model.isEmpty(), "spm_train failed");
        auto tok = make_tokenizer(model.toStdString());
        auto texts = lines();
        auto theirs = spm_encode(model, texts);
        QVERIFY(theirs.size() >= texts.size());
        for (size_t i = 0; i < texts.size(); ++i) {
            const std::string& text = texts[i].text;
            auto tokens = tok->encode(text);
            std::vector<int64_t> ids;
            size_t last = 0;
            for (const Token& t : tokens) {
                ids.push_back(t.id);
                QVERIFY(t.start && t.end);
                QVERIFY(*t.start >= last || *t.start == *t.end || *t.start + 1 >= last);
                QVERIFY(*t.end <= text.size());
                last = *t.end;
            }
            if (ids != theirs[i])
                QFAIL(qPrintable(QString("%1:\n ours   %2\n theirs %3")
                                     .arg(QString::fromStdString(texts[i].label), show_ids(ids), show_ids(theirs[i]))));
        }
        // Bad input: no exception, the valid text around it still tokenized.
        auto bad = tok->encode(std::string("ab \xff\xfe cd \xe2\x82", 11));
        QVERIFY(!bad.empty());
        QVERIFY(tok->encode("").empty());
        QVERIFY_THROWS_EXCEPTION(Error, tok->decode(std::vector<int64_t>{100000}));
        QCOMPARE(tok->decode(tok->encode_ids("hello world")), std::string("hello world"));
    }

    void badModelFile() {
        QString path = dir_.filePath("broken.model");
        std::ofstream(path.toStdString()) << "not a model";
        try {
            SentencePieceTokenizer t(path.toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("broken.model") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestSentencePiece)
#include "test_sentencepiece.moc"
