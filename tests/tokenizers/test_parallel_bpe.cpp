// Long texts are cut at line breaks and encoded on several threads (text/line_cuts.h): the
// tokens must be exactly those of one serial pass, for every tiktoken pattern, on text built to
// stress the cuts (whitespace and punctuation around line breaks, CRLF, Unicode spaces, digits,
// contractions, invalid bytes) and on the tokenizer corpus — none of it repeated.
#include "text/line_cuts.h"
#include "tokenizers/bpe_tokenizer.h"
#include "tokenizers/tokenizer_registry.h"

#include "support/tokenizer_peers.h"

#include <QtTest>

#include <random>

using namespace es;

namespace {

// About `bytes` of text from fragments chosen at random: every neighbour pair of fragments
// occurs, so every kind of character sits on each side of many line breaks.
std::string stress_text(size_t bytes, unsigned seed) {
    static const char* const fragments[] = {
        "x", "Y", "q", "Word", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "'s", "'LL", "123", "4567", "!!", ".",
        "?\n", ")", "(", "-", "_", "é", "東京", "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\xA8", "😀", "\xC0\xAF",
        "\xFF", "<|endoftext|>", "/", "#", "ǅ", "Ω", "\u0301"};
    std::mt19937 rng(seed);
    std::uniform_int_distribution<size_t> pick(0, std::size(fragments) - 1);
    std::string text;
    while (text.size() < bytes) {
        text += fragments[pick(rng)];
        text += std::to_string(rng() % 1000);  // numbers make every stretch of text differ
    }
    return text;
}

} // namespace

class TestParallelBpe : public QObject {
    Q_OBJECT

    // The property the threads rely on: encoding the parts that line_cuts gives one by one is
    // encoding the whole text (whatever the machine's core count); then the tokenizer as loaded
    // (which cuts when it has cores to) against the same pattern and table never cut.
    void compare(const std::string& name, const std::string& text, bool spans) {
        const auto loaded = std::dynamic_pointer_cast<const BpeTokenizer>(make_tokenizer(name));
        QVERIFY2(loaded, name.c_str());
        const BpeTokenizer serial(name, loaded->pattern(), loaded->table(), loaded->specials(), false);
        const std::vector<int64_t> whole = serial.encode_ids(text);
        std::vector<int64_t> by_parts;
        const std::vector<size_t> cuts = line_cuts(text, 16);
        QVERIFY(cuts.size() > 8);
        for (size_t k = 0; k + 1 < cuts.size(); ++k) {
            const std::vector<int64_t> part = serial.encode_ids(std::string_view(text).substr(cuts[k], cuts[k + 1] - cuts[k]));
            by_parts.insert(by_parts.end(), part.begin(), part.end());
        }
        QCOMPARE(by_parts.size(), whole.size());
        QVERIFY2(by_parts == whole, name.c_str());
        EncodeOptions allow;
        allow.allow_special = true;
        QVERIFY2(loaded->encode_ids(text) == whole, name.c_str());
        QVERIFY2(loaded->encode_ids(text, allow) == serial.encode_ids(text, allow), name.c_str());
        if (!spans) return;
        const std::vector<Token> a = loaded->encode(text), b = serial.encode(text);
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i)
            if (a[i].start != b[i].start || a[i].end != b[i].end || a[i].id != b[i].id)
                QFAIL(qPrintable(QString("%1: token %2 differs").arg(name.c_str()).arg(i)));
    }

private slots:
    void cutsAreLineBreaksBetweenPrintableCharacters() {
        const std::string text = stress_text(1 << 20, 7);
        const std::vector<size_t> cuts = line_cuts(text, 8);
        QVERIFY(cuts.size() >= 3);
        QCOMPARE(cuts.front(), size_t(0));
        QCOMPARE(cuts.back(), text.size());
        for (size_t k = 1; k + 1 < cuts.size(); ++k) {
            const size_t p = cuts[k];
            QVERIFY(p > cuts[k - 1]);
            QCOMPARE(text[p - 1], '\n');
            QVERIFY(text[p - 2] > ' ' && text[p - 2] < 0x7F && text[p] > ' ' && text[p] < 0x7F);
        }
        // A text without such a break stays whole.
        QCOMPARE(line_cuts(std::string(3 << 20, 'a'), 4).size(), size_t(2));
        QCOMPARE(line_cuts("", 4), (std::vector<size_t>{0, 0}));
    }

    void stressTextAsOneSerialPass_data() {
        QTest::addColumn<QString>("name");
        for (const char* n : {"r50k_base", "p50k_base", "cl100k_base", "o200k_base", "gpt2"}) QTest::newRow(n) << n;
    }
    void stressTextAsOneSerialPass() {
        QFETCH(QString, name);
        compare(name.toStdString(), stress_text(3 << 19, qHash(name)), name == "cl100k_base");
    }

    void corpusAsOneSerialPass() {
        std::string text;
        for (const test::CorpusText& t : test::corpus())
            if (t.label.find(':') == std::string::npos) text += t.text + "\n";  // the whole files
        std::string big;
        for (int copy = 0; big.size() < (3u << 19); ++copy)  // each copy numbered: no two lines alike
            for (size_t at = 0; at < text.size();) {
                const size_t eol = std::min(text.find('\n', at), text.size());
                big += std::to_string(copy) + " " + text.substr(at, eol - at) + "\n";
                at = eol + 1;
            }
        compare("cl100k_base", big, false);
        compare("o200k_base", big, false);
    }
};

QTEST_GUILESS_MAIN(TestParallelBpe)
#include "test_parallel_bpe.moc"
