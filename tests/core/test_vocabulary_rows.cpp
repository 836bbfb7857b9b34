// What the explorer asks of the vocabulary's rows, computed in core/ and checked on the real
// GloVe table (wink's 341k words, nearly all ASCII): word search (agreeing with Qt's QRegularExpression, which the search box used
// before, over every word), the row of each token, the colour values of rank and metadata, and a
// word's trajectory labels and projected paths.
#include "analysis/contextual_trajectories.h"
#include "base/data_paths.h"
#include "base/utf8_text.h"
#include "render/row_colouring.h"
#include "search/word_search.h"
#include "tokenizers/tokenizer_registry.h"
#include "vectors/token_rows.h"
#include "vectors/vector_table.h"

#include <QRegularExpression>
#include <QtTest>

#include <cmath>

using namespace es;

namespace {

// The rows Qt's PCRE2 wrapper finds, the way the search box called it.
std::vector<uint32_t> qt_matches(const VectorTable& table, const QString& pattern, bool regex) {
    const QRegularExpression re(regex ? pattern : QRegularExpression::escape(pattern),
                                QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    std::vector<uint32_t> out;
    for (size_t r = 0; r < table.rows(); ++r) {
        const std::string_view w = table.word(r);
        if (re.match(QString::fromUtf8(w.data(), qsizetype(w.size()))).hasMatch()) out.push_back(uint32_t(r));
    }
    return out;
}

} // namespace

class TestVocabularyRows : public QObject {
    Q_OBJECT
    std::shared_ptr<const VectorTable> table_;

private slots:
    void initTestCase() { table_ = VectorTable::open_esv(default_table_path()); }

    void wordSearchAgreesWithQt_data() {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<bool>("regex");
        QTest::newRow("ascii substring") << "NESS" << false;
        QTest::newRow("ascii dash is literal") << "-1" << false;
        QTest::newRow("non-ascii literal") << "€" << false;
        QTest::newRow("anchored") << "^un.*ness$" << true;
        QTest::newRow("digits") << "^mid-\\d{4}s$" << true;
        QTest::newRow("currency") << "^\\p{Sc}$" << true;
        QTest::newRow("quotes") << "[“”‘’]" << true;
        QTest::newRow("upper in pattern") << "^H\\dN\\d$" << true;
        QTest::newRow("not letters") << "^[^\\p{L}\\p{N}]+$" << true;
        QTest::newRow("alternation") << "^(king|queen)s?$" << true;
    }
    void wordSearchAgreesWithQt() {
        QFETCH(QString, pattern);
        QFETCH(bool, regex);
        const WordPattern p(pattern.toStdString(), regex);
        QVERIFY2(p.valid(), p.error().c_str());
        const std::vector<uint32_t> ours = find_words(*table_, p);
        const std::vector<uint32_t> qt = qt_matches(*table_, pattern, regex);
        QVERIFY2(!qt.empty(), "a pattern that finds nothing checks nothing");
        QCOMPARE(ours.size(), qt.size());
        QVERIFY(ours == qt);
    }

    void invalidRegexSaysWhereAndWhy() {
        const WordPattern p("ab(c", true);
        QVERIFY(!p.valid());
        const QRegularExpression re("ab(c");
        QCOMPARE(QString::fromStdString(p.error()), QStringLiteral("%1 (at character %2)").arg(re.errorString()).arg(re.patternErrorOffset() + 1));
        // Offsets count characters, not bytes.
        const WordPattern accented("éé[", true);
        QVERIFY2(QString::fromStdString(accented.error()).endsWith("(at character 4)"), accented.error().c_str());
    }

    void staleStopsTheScan() {
        const WordPattern p("e", true);
        int asked = 0;
        const auto rows = find_words(*table_, p, [&asked] { return ++asked > 2; });
        QCOMPARE(asked, 3);
        QVERIFY(rows.size() < 3 * 4096);
    }

    void tokenRows() {
        const auto gpt2 = make_tokenizer("gpt2", nullptr);
        const auto tokens = gpt2->encode("The darkness fell on Paris");
        const auto rows = token_rows(tokens, table_.get(), false);
        QCOMPARE(rows.size(), tokens.size());
        QStringList found;
        for (size_t i = 0; i < rows.size(); ++i)
            if (rows[i]) found << QString::fromUtf8(table_->word(*rows[i]).data(), qsizetype(table_->word(*rows[i]).size()));
        // GPT-2 cuts "darkness" at the start of a word differently; whatever it cuts, each piece is
        // found lower-cased with its marker stripped.
        for (size_t i = 0; i < tokens.size(); ++i)
            if (rows[i]) QCOMPARE(table_->word(*rows[i]), std::string_view(plain_piece(tokens[i])));
        QVERIFY2(found.contains("the") && found.contains("paris") && found.contains("fell"), qPrintable(found.join(',')));
        const auto glove = make_tokenizer("glove", table_);
        const auto own = glove->encode("the king of zzqqxxy");
        const auto own_rows = token_rows(own, table_.get(), true);
        QCOMPARE(*own_rows[0], *table_->lookup("the"));
        QVERIFY(!own_rows[3]);  // not in the vocabulary: id −1
        QVERIFY(!token_rows(own, nullptr, true)[0]);
    }

    void rankShades() {
        const auto s = rank_shades(table_->rows());
        QCOMPARE(s.front(), 0.0f);
        QCOMPARE(s.back(), 1.0f);
        QVERIFY(std::is_sorted(s.begin(), s.end()));
        QVERIFY(s[10000] > 0.7f);  // log scale: the top 10k do not share one colour
        QCOMPARE(rank_shades(1), std::vector<float>{0.0f});
    }

    void metadataCategories() {
        std::vector<std::string> values;
        for (int i = 0; i < 30; ++i)
            for (int k = 0; k <= i; ++k) values.push_back("v" + std::to_string(i));  // v29 most common
        values.insert(values.begin(), "first");  // once, seen first: wins the tie with v0
        const RowCategories c = categorise_rows(values, values.size() + 5, 24);
        QCOMPARE(c.names.size(), size_t(24));
        QCOMPARE(c.names.front(), std::string("v29"));
        QCOMPARE(c.names.back(), std::string("(other)"));
        QCOMPARE(c.index.size(), values.size() + 5);
        QCOMPARE(c.index[values.size() - 1], 0.0f);  // a v29
        QCOMPARE(c.index[0], 23.0f);                 // "first" fell into (other)
        const RowCategories tie = categorise_rows({"b", "a", "a", "b", "c"}, 5, 24);
        QCOMPARE(tie.names, (std::vector<std::string>{"b", "a", "c"}));
    }

    void trajectoryLabels() {
        QCOMPARE(trajectory_label("the bank of the river", "bank", table_.get(), true), std::string("bank … river"));
        QCOMPARE(trajectory_label("money in the bank", "Bank ", table_.get(), true), std::string("money … bank"));
        QCOMPARE(trajectory_label("the river Bank was muddy", "bank", table_.get(), true), std::string("river bank"));
        // Without a frequency-ordered table: the nearest word of four letters or more.
        QCOMPARE(trajectory_label("Über die Bank am Fluss", "bank", nullptr, false), std::string("über … bank"));
        const std::string cut = trajectory_label("a   sentence\twithout the word we follow, long enough", "bank", table_.get(), true);
        QCOMPARE(utf8::length(cut), size_t(28));
        QVERIFY(cut.ends_with("…"));
        QVERIFY(cut.starts_with("a sentence without"));
    }

    void wordPaths() {
        // A plane of the first three coordinates: a path's points are those coordinates.
        PcaModel plane;
        plane.dim = table_->dim();
        plane.components = 3;
        plane.mean.assign(plane.dim, 0.0f);
        plane.basis.assign(3 * plane.dim, 0.0f);
        for (size_t k = 0; k < 3; ++k) plane.basis[k * plane.dim + k] = 1.0f;
        const uint32_t bank = *table_->lookup("bank");
        std::vector<float> v(table_->row(bank), table_->row(bank) + plane.dim);
        std::vector<float> doubled = v;
        for (float& x : doubled) x *= 2;
        const std::vector<std::vector<std::vector<float>>> paths{{v, doubled}};
        const auto raw = project_word_paths(paths, plane, table_.get(), "bank", true);
        QCOMPARE(raw[0][1][0], doubled[0]);
        // Scaled to the static vector's length, both layers land on the word itself.
        const auto scaled = project_word_paths(paths, plane, table_.get(), "bank", false);
        for (size_t k = 0; k < 3; ++k) {
            QVERIFY(std::abs(scaled[0][0][k] - v[k]) < 1e-5f);
            QVERIFY(std::abs(scaled[0][1][k] - v[k]) < 1e-5f);
        }
        QVERIFY(project_word_paths(paths, PcaModel{}, table_.get(), "bank", false).empty());
    }
};

QTEST_GUILESS_MAIN(TestVocabularyRows)
#include "test_vocabulary_rows.moc"
