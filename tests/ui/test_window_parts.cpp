// The window's parts that need no window: token spans on real tokenizers' output (UTF-8 byte
// spans onto the UTF-16 text, characters split by byte-level BPE), session files (round trip,
// damaged files named clearly), the TSV/CSV export, and the autosave's crash marker.
#include "persistence/autosave.h"
#include "base/data_paths.h"
#include "persistence/session_file.h"
#include "scatter/camera_state.h"
#include "panels/token_strip.h"
#include "tokenizers/tokenizer_registry.h"
#include "window/view_export.h"
#include "window/window_options.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace es;
using namespace es::ui;

namespace {

std::vector<Token> encode(const std::string& tokenizer, const QString& text) {
    const QByteArray utf8 = text.toUtf8();
    return make_tokenizer(tokenizer)->encode(std::string_view(utf8.constData(), size_t(utf8.size())));
}

// The UTF-16 length of the characters wholly before byte `b`, and of those up to the end of the
// character holding byte b−1 — decoded with Qt's own codec, one prefix at a time.
qsizetype chars_before(const QByteArray& utf8, size_t b) {
    size_t k = b;
    while (k > 0 && (uchar(utf8[qsizetype(k)]) & 0xC0) == 0x80 && k < size_t(utf8.size())) --k;
    return QString::fromUtf8(utf8.left(qsizetype(k))).size();
}
qsizetype chars_through(const QByteArray& utf8, size_t e) {
    size_t k = e;
    while (k < size_t(utf8.size()) && (uchar(utf8[qsizetype(k)]) & 0xC0) == 0x80) ++k;
    return QString::fromUtf8(utf8.left(qsizetype(k))).size();
}

SessionFile sample_session() {
    SessionFile s;
    s.text = QStringLiteral("the king and the queen — “déjà vu” 🙂");
    s.tokenizer = QStringLiteral("cl100k_base");
    s.source = QJsonObject{{"kind", "table"}, {"path", QString::fromStdString(es::default_table_path())}};  // a file that is there
    s.projection = QJsonObject{{"kind", "pca"}, {"components", QJsonArray{2, 0, 1}}, {"three_d", true}};
    CameraState camera;
    camera.three_d = true, camera.yaw_deg = 12.5, camera.pitch_deg = -3.25, camera.distance = 7.0;
    s.camera = camera.toJson();
    s.selection = {QStringLiteral("king"), QStringLiteral("queen"), QStringLiteral("a,b\"c")};
    s.current = QStringLiteral("queen");
    s.panels = QJsonObject{{"analogy", QJsonObject{{"a", "man"}, {"b", "king"}, {"c", "woman"}}}};
    s.search = QJsonObject{{"pattern", "^qu"}, {"regex", true}};
    s.view = QStringLiteral("attention");
    return s;
}

} // namespace

class TestWindowParts : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void windowOptionsOfTheExplorer() {
        WindowOptions o;
        QString error;
        QVERIFY(parse_window_options({"--session", "s.json", "--view", "rope", "--model", "builtin", "--screenshot", "x.png"}, o, error));
        QCOMPARE(o.session, QString("s.json"));
        QCOMPARE(o.view, QString("rope"));
        QCOMPARE(o.model, QString("builtin"));
        for (const QString& v : window_view_names()) {
            WindowOptions each;
            QVERIFY2(parse_window_options({"--view=" + v}, each, error), qPrintable(error));
            QCOMPARE(each.view, v);
        }
        QVERIFY(!parse_window_options({"--view", "heatmap"}, o, error));
        QVERIFY2(error.contains("heatmap") && error.contains("scatter|tokens|positions|rope|attention"), qPrintable(error));
        QVERIFY(!parse_window_options({"--vectors", "a.esv", "--model", "builtin"}, o, error));
        QVERIFY2(error.contains("--model"), qPrintable(error));
        QVERIFY(!parse_window_options({"--session"}, o, error));
        QVERIFY(error.contains("--session"));
    }

    void tokenSpansCoverTheTextOnRealTokenizers_data() {
        QTest::addColumn<QString>("tokenizer");
        QTest::addColumn<QString>("text");
        const QString mixed = QStringLiteral("Naïve café: “déjà vu” — 日本語 🙂👍🏽 tabs\tand\nlines  x");
        for (const char* t : {"cl100k_base", "o200k_base", "gpt2", "bert-base-uncased"})
            QTest::newRow(t) << QString(t) << mixed;
    }
    void tokenSpansCoverTheTextOnRealTokenizers() {
        QFETCH(QString, tokenizer);
        QFETCH(QString, text);
        const std::vector<Token> tokens = encode(tokenizer.toStdString(), text);
        const QByteArray utf8 = text.toUtf8();
        const std::vector<TokenSpan> spans = token_spans(text, tokens);
        QCOMPARE(spans.size(), tokens.size());
        bool saw_split = false;
        for (size_t i = 0; i < tokens.size(); ++i) {
            const Token& t = tokens[i];
            if (!t.start) {  // [CLS], [SEP]
                QCOMPARE(spans[i].begin, qsizetype(-1));
                QVERIFY(!spans[i].shown.isEmpty());
                continue;
            }
            QCOMPARE(spans[i].begin, chars_before(utf8, *t.start));
            QCOMPARE(spans[i].end, chars_through(utf8, *t.end));
            const bool aligned = QString::fromUtf8(utf8.mid(qsizetype(*t.start), qsizetype(*t.end - *t.start))).toUtf8() ==
                                 utf8.mid(qsizetype(*t.start), qsizetype(*t.end - *t.start));
            QCOMPARE(spans[i].splitsCharacter, !aligned || t.partial_utf8);
            if (spans[i].splitsCharacter) {
                saw_split = true;
                // The character and the token's own bytes, in hex.
                const QByteArray bytes = utf8.mid(qsizetype(*t.start), qsizetype(*t.end - *t.start));
                QVERIFY2(spans[i].shown.contains(QString::fromLatin1(bytes.left(1).toHex()).toUpper()), qPrintable(spans[i].shown));
            } else {
                QCOMPARE(spans[i].shown, visible_whitespace(text.mid(spans[i].begin, spans[i].end - spans[i].begin)));
            }
        }
        if (tokenizer != "bert-base-uncased") {
            // Byte-level BPE: the pieces put back together are the text, and 🏽 or 日 is split.
            QByteArray joined;
            for (const Token& t : tokens) joined += utf8.mid(qsizetype(*t.start), qsizetype(*t.end - *t.start));
            QCOMPARE(joined, utf8);
            QVERIFY(saw_split);
        }
    }

    void whitespaceIsVisible() {
        QCOMPARE(visible_whitespace(QStringLiteral(" a\tb\n")), QStringLiteral("·a→b↵"));
    }

    void stripShowsIdsAndHoverText() {
        const QString text = QStringLiteral("the king 🙂");
        const auto tokens = encode("cl100k_base", text);
        std::vector<std::optional<uint32_t>> rows(tokens.size());
        rows[0] = 0;
        TokenStrip strip;
        strip.resize(600, 100);
        strip.setTokens(text, tokens, rows);
        QCOMPARE(strip.chips().size(), tokens.size());
        QCOMPARE(strip.chips()[0].id, tokens[0].id);
        QVERIFY(strip.describe(0).contains(QString::number(tokens[0].id)));
        QVERIFY(strip.describe(0).contains("row 0"));
        QVERIFY(strip.describe(1).contains("not drawn"));
        const int plain = strip.heightForWidth(600);
        strip.setShowIds(true);
        QVERIFY(strip.heightForWidth(600) > plain);  // a line of ids under the spans
    }

    void sessionFileRoundTrips() {
        const SessionFile s = sample_session();
        const QString path = dir_.filePath("round.json");
        QCOMPARE(write_session_file(path, s), QString());
        QString error;
        const auto back = read_session_file(path, &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QVERIFY(*back == s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(o["format"].toString(), QString("embedscope-session"));
        QCOMPARE(o["version"].toInt(), 1);
        QCOMPARE(o["selection"].toArray().size(), 3);
    }

    void damagedSessionFilesAreNamed_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("mention");
        QTest::newRow("truncated") << QByteArray("{\"format\": \"embedscope-session\", \"vers") << "not valid JSON at byte";
        QTest::newRow("array") << QByteArray("[1,2]") << "not an object";
        QTest::newRow("other format") << QByteArray("{\"format\": \"x\", \"version\": 1}") << "not an Embedscope session";
        QTest::newRow("future") << QByteArray("{\"format\": \"embedscope-session\", \"version\": 7, \"text\": \"\"}") << "version 7";
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0", 11) << "not valid JSON";
    }
    void damagedSessionFilesAreNamed() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, mention);
        const QString path = dir_.filePath("bad.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
        f.close();
        QString error;
        QVERIFY(!read_session_file(path, &error).has_value());
        QVERIFY2(error.contains(mention), qPrintable(error));
        QVERIFY(!error.contains('\n'));
        QVERIFY(!read_session_file(dir_.filePath("none.json"), &error).has_value());
        QVERIFY(!error.isEmpty());
    }

    // A damaged field is left out and named by its path; the rest of the session reads.
    void damagedFieldsAreNamedAndLeftOut_data() {
        QTest::addColumn<QByteArray>("fields");
        QTest::addColumn<QString>("mention");
        QTest::newRow("text type") << QByteArray("\"text\": 3") << "text: must be a string, not a number";
        QTest::newRow("selection") << QByteArray("\"selection\": [\"a\", 2]") << "selection[1]: must be a string";
        QTest::newRow("camera type") << QByteArray("\"camera\": 5") << "camera: must be an object";
        QTest::newRow("pitch") << QByteArray("\"camera\": {\"mode\": \"2d\", \"pitch_deg\": \"x\"}") << "camera.pitch_deg: must be a number, not a string";
        QTest::newRow("huge centre") << QByteArray("\"camera\": {\"mode\": \"2d\", \"centre_x\": 1e308}") << "camera.centre_x: 1e+308 is outside";
        QTest::newRow("view") << QByteArray("\"view\": \"heatmap\"") << "view: 'heatmap' is not one of scatter";
        QTest::newRow("path number") << QByteArray("\"source\": {\"kind\": \"table\", \"path\": 5}") << "source.path: must be a string";
        QTest::newRow("missing path") << QByteArray("\"source\": {\"kind\": \"table\", \"path\": \"/no/such.esv\"}") << "source.path: /no/such.esv does not exist";
        QTest::newRow("source kind") << QByteArray("\"source\": {\"kind\": \"cloud\"}") << "source.kind: 'cloud' is not one of table";
        QTest::newRow("components") << QByteArray("\"projection\": {\"kind\": \"pca\", \"components\": [0, 42]}") << "projection.components";
        QTest::newRow("k") << QByteArray("\"panels\": {\"neighbours\": {\"k\": -3}}") << "panels.neighbours.k: -3 is outside 1";
        QTest::newRow("metric") << QByteArray("\"panels\": {\"neighbours\": {\"metric\": \"manhattan\"}}") << "panels.neighbours.metric";
        QTest::newRow("opacity") << QByteArray("\"panels\": {\"appearance\": {\"opacity\": null, \"point_size\": 1e9}}") << "panels.appearance.point_size";
        QTest::newRow("colour by") << QByteArray("\"search\": {\"colour_by\": 7}") << "search.colour_by: must be a string";
        QTest::newRow("axis") << QByteArray("\"projection\": {\"kind\": \"axes\", \"axes\": [{\"from\": [\"he\"]}, 3]}") << "projection.axes[1]: must be an object";
        QTest::newRow("unknown") << QByteArray("\"colour\": \"red\"") << "colour: unknown field";
        QTest::newRow("tokenizer") << QByteArray("\"tokenizer\": \"/no/such/tokenizer.json\"") << "tokenizer: /no/such/tokenizer.json does not exist";
    }
    void damagedFieldsAreNamedAndLeftOut() {
        QFETCH(QByteArray, fields);
        QFETCH(QString, mention);
        const QString path = dir_.filePath("fields.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\"format\": \"embedscope-session\", \"version\": 1, \"current\": \"queen\", " + fields + "}");
        f.close();
        QString error;
        QStringList problems;
        const auto s = read_session_file(path, &error, &problems);
        QVERIFY2(s.has_value(), qPrintable(error));
        QVERIFY2(problems.size() == 1 && problems[0].startsWith(mention), qPrintable(problems.join(" | ")));
        QCOMPARE(s->current, std::optional<QString>(QStringLiteral("queen")));  // the rest still reads
        QVERIFY(s->camera.isEmpty() || !fields.contains("camera"));
    }

    void projectionTablesAsTsvAndCsv() {
        const std::vector<float> points = {1.5f, -2.0f, 0.25f, 3.0f, 4.0f, 5.0f, -0.125f, 1e-3f, 7.0f};
        const QStringList words = {"king", "a,b\"c", "tab\there"};
        auto word = [&](uint32_t r) { return words[qsizetype(r)]; };
        const QString csv = dir_.filePath("p.csv"), tsv = dir_.filePath("p.tsv");
        QCOMPARE(table_format_for(csv), TableFormat::Csv);
        QCOMPARE(table_format_for(tsv), TableFormat::Tsv);
        QCOMPARE(write_projection_table(csv, TableFormat::Csv, points, false, {"PC1 (9.1 %)", "PC2"}, word), QString());
        QCOMPARE(write_projection_table(tsv, TableFormat::Tsv, points, true, {"he → she", "x", "PC3"}, word), QString());
        QFile c(csv), t(tsv);
        QVERIFY(c.open(QIODevice::ReadOnly) && t.open(QIODevice::ReadOnly));
        const QStringList cl = QString::fromUtf8(c.readAll()).split('\n', Qt::SkipEmptyParts);
        const QStringList tl = QString::fromUtf8(t.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(cl, QStringList({"word,PC1 (9.1 %),PC2", "king,1.5,-2", "\"a,b\"\"c\",3,4", "tab\there,-0.125,0.001"}));
        QCOMPARE(tl, QStringList({"word\the → she\tx\tPC3", "king\t1.5\t-2\t0.25", "a,b\"c\t3\t4\t5", "tab\\there\t-0.125\t0.001\t7"}));
        QVERIFY(!write_projection_table("/nonexistent-dir/p.tsv", TableFormat::Tsv, points, false, {}, word).isEmpty());
    }

    void autosaveDebouncesAndNoticesACrash() {
        const QString d = dir_.filePath("config");
        int captures = 0;
        {
            Autosave a(d, [&] { ++captures; return sample_session(); });
            QVERIFY(!a.previousRunCrashed());
            a.setDebounceMs(50);
            a.start();
            QVERIFY(QFile::exists(a.markerPath()));
            for (int i = 0; i < 10; ++i) a.changed();  // a burst of changes: one save
            QTRY_COMPARE(a.saves(), 1);
            QTest::qWait(120);
            QCOMPARE(a.saves(), 1);
            QCOMPARE(captures, 1);
            QString error;
            const auto saved = read_session_file(a.filePath(), &error);
            QVERIFY2(saved && *saved == sample_session(), qPrintable(error));
            // This process holds the marker: not a crash.
            QVERIFY(!a.previousRunCrashed());
            a.finish();
            QVERIFY(!QFile::exists(a.markerPath()));
        }
        // A marker left by a process that is gone: the next start offers the autosave.
        QProcess gone;
        gone.start("sleep", {"0"});
        QVERIFY(gone.waitForStarted());
        const qint64 dead = gone.processId();
        QVERIFY(gone.waitForFinished());
        QFile marker(d + "/running.pid");
        QVERIFY(marker.open(QIODevice::WriteOnly));
        marker.write(QByteArray::number(dead > 0 ? dead : 999999));
        marker.close();
        Autosave next(d, [] { return SessionFile{}; });
        QVERIFY(next.previousRunCrashed());
        QFile::remove(next.filePath());
        QVERIFY(!next.previousRunCrashed());  // nothing to restore
    }
};

QTEST_MAIN(TestWindowParts)
#include "test_window_parts.moc"
