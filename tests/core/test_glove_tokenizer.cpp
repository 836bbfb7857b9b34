// The GloVe tokenizer follows the Stanford conventions of GloVe's corpus.
#include "tokenizers/glove_tokenizer.h"

#include <QtTest>

using namespace es;

namespace {
QStringList pieces(std::string_view text) {
    QStringList out;
    for (const Token& t : GloveTokenizer().encode(text)) out << QString::fromStdString(t.piece);
    return out;
}
}

class TestGloveTokenizer : public QObject {
    Q_OBJECT
private slots:
    void conventions_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("lower") << "The King" << QStringList{"the", "king"};
        QTest::newRow("nt") << "don't" << QStringList{"do", "n't"};
        QTest::newRow("cant") << "Can't" << QStringList{"ca", "n't"};
        QTest::newRow("s") << "it's" << QStringList{"it", "'s"};
        QTest::newRow("clitics") << "we'll they're I'd you've I'm" << QStringList{"we", "'ll", "they", "'re", "i", "'d", "you", "'ve", "i", "'m"};
        QTest::newRow("curly") << "it\u2019s" << QStringList{"it", "'s"};
        QTest::newRow("punct") << "Hello, world!" << QStringList{"hello", ",", "world", "!"};
        QTest::newRow("numbers") << "3.5 and 1,000." << QStringList{"3.5", "and", "1,000", "."};
        QTest::newRow("hyphen") << "cross-country" << QStringList{"cross-country"};
        QTest::newRow("abbrev") << "the U.S. army" << QStringList{"the", "u.s.", "army"};
        QTest::newRow("ellipsis") << "wait... now" << QStringList{"wait", "...", "now"};
        QTest::newRow("quotes") << "\"quoted\" (paren)" << QStringList{"\"", "quoted", "\"", "(", "paren", ")"};
        QTest::newRow("unicode") << "Café ÉCOLE" << QStringList{"café", "école"};
        QTest::newRow("dash") << "yes--no" << QStringList{"yes", "--", "no"};
        QTest::newRow("oneill") << "O'Neill" << QStringList{"o'neill"};
        QTest::newRow("empty") << "" << QStringList{};
        QTest::newRow("spaces") << " \t\n " << QStringList{};
    }
    void conventions() {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        QCOMPARE(pieces(text.toStdString()), expected);
    }

    void spansCoverTheInput() {
        std::string text = "Don't  panic, naïve café-goers!";
        auto tokens = GloveTokenizer().encode(text);
        size_t prev = 0;
        for (const Token& t : tokens) {
            QVERIFY(t.start && t.end && *t.start < *t.end && *t.end <= text.size());
            QVERIFY(*t.start >= prev);
            QCOMPARE(t.text, text.substr(*t.start, *t.end - *t.start));
            prev = *t.end;
        }
        QCOMPARE(tokens.front().text, std::string("Do"));
        QCOMPARE(tokens.front().piece, std::string("do"));
    }

    void invalidUtf8DoesNotCrash() {
        std::string bad = "ok \xff\xfe bad \xc3 end";
        auto tokens = GloveTokenizer().encode(bad);
        QVERIFY(!tokens.empty());
        QCOMPARE(tokens.back().piece, std::string("end"));
        std::string big(1 << 20, 'a');
        QCOMPARE(GloveTokenizer().encode(big).size(), size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestGloveTokenizer)
#include "test_glove_tokenizer.moc"
