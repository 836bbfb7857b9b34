// `embedscope --text … --screenshot OUT.png` run as a user runs it: the picture has the scatter
// in it; a saved session renders with its words where its projection and camera put them (the
// coordinates from `embedscope project`, a separate path through the core); every --view tab
// renders; a missing table, a damaged session, bad usage and an unwritable path give one-line
// errors, never a crash.
#include "support/cli_process.h"
#include "support/pixel_checks.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using es::test::CliRun;

// `embedscope args…` with `env` ("NAME=value") added to this process's environment.
CliRun run(const QStringList& args, const QStringList& env = {}) {
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const QString& kv : env) e.insert(kv.section('=', 0, 0), kv.section('=', 1));
    return es::test::run_embedscope(args, 180000, e);
}

// Lines of stderr that are ours (Qt's own start-up notes, such as XDG_RUNTIME_DIR, are not).
QStringList our_lines(const QByteArray& err) {
    QStringList out;
    for (const QString& l : QString::fromUtf8(err).split('\n', Qt::SkipEmptyParts))
        if (l.startsWith("embedscope")) out << l;
    return out;
}

// Saturated orange-red pixels: the highlighted words (the bluish scatter has none).
int warm_pixels(const QImage& img) {
    int warm = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QRgb c = img.pixel(x, y);
            warm += qRed(c) > 200 && qGreen(c) < 110 && qBlue(c) < 70;
        }
    return warm;
}

} // namespace

class TestUiScreenshot : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void screenshotHasTheScatter() {
        const QString out = dir_.filePath("window.png");
        const CliRun r = run({"--text", "the king and the queen went to paris", "--screenshot", out, "--size", "1200x760"});
        QVERIFY2(r.status == QProcess::NormalExit && r.code == 0, r.err.constData());
        QImage img(out);
        QVERIFY(!img.isNull());
        QCOMPARE(img.size(), QSize(1200, 760));
        // The plot's paper is the most common colour of the lower half; the scatter inks much of it.
        QHash<QRgb, int> counts;
        for (int y = img.height() / 2; y < img.height() - 40; y += 3)
            for (int x = 40; x < img.width() - 40; x += 3) counts[img.pixel(x, y)]++;
        QRgb paper = 0;
        int most = 0;
        for (auto it = counts.begin(); it != counts.end(); ++it)
            if (it.value() > most) most = it.value(), paper = it.key();
        int inked = 0, total = 0;
        for (int y = img.height() / 2; y < img.height() - 40; y += 3)
            for (int x = 40; x < img.width() - 40; x += 3, ++total)
                inked += es::ui::test::colour_distance(img.pixel(x, y), paper) > 24;
        QVERIFY2(inked > total / 10, qPrintable(QString("%1 of %2 inked").arg(inked).arg(total)));
        // Saturated orange-red points for the seven distinct words (the bluish scatter has none).
        const int warm = warm_pixels(img);
        QVERIFY2(warm > 7 * 40, qPrintable(QString::number(warm)));
    }

    void openGl33FallbackDrawsTheSame() {
        // Mesa offering only 3.3: the window takes a 3.3 core context and still draws the scatter.
        const QString out = dir_.filePath("gl33.png");
        const CliRun r = run({"--text", "the king and the queen went to paris", "--screenshot", out, "--size", "1200x760"},
                          {"MESA_GL_VERSION_OVERRIDE=3.3", "EMBEDSCOPE_TIMING=1"});
        QVERIFY2(r.status == QProcess::NormalExit && r.code == 0, r.err.constData());
        QVERIFY2(r.err.contains("gl-version: OpenGL 3.3"), r.err.constData());
        QVERIFY2(r.err.contains("first-frame-ms: "), r.err.constData());
        QImage img(out);
        QCOMPARE(img.size(), QSize(1200, 760));
        const int warm = warm_pixels(img);
        QVERIFY2(warm > 7 * 40, qPrintable(QString::number(warm)));
    }

    void savedSessionHasItsWordsWhereTheProjectionPutsThem() {
        // PC2 against PC3 fitted on the 10,000 most frequent words, zoomed on a chosen spot.
        // (Not man, king, woman, queen: the analogy panel's example draws over those.)
        const QStringList words = {"paris", "france", "river", "music", "computer"};
        QFile list(dir_.filePath("words.txt"));
        QVERIFY(list.open(QIODevice::WriteOnly));
        list.write(words.join('\n').toUtf8() + '\n');
        list.close();
        const QString coords = dir_.filePath("coords.tsv");
        QProcess project;
        project.start(QStringLiteral(EMBEDSCOPE_BINARY), {"project", "--method", "pca", "--components", "10", "--fit-top", "10000",
                                                          "--words", list.fileName(), "--out", coords});
        QVERIFY(project.waitForFinished(120000));
        QVERIFY2(project.exitCode() == 0, project.readAllStandardError().constData());
        QFile tsv(coords);
        QVERIFY(tsv.open(QIODevice::ReadOnly));
        QHash<QString, QPointF> at;
        for (const QString& line : QString::fromUtf8(tsv.readAll()).split('\n', Qt::SkipEmptyParts)) {
            const QStringList f = line.split('\t');
            if (f.size() >= 4 && words.contains(f[0])) at[f[0]] = QPointF(f[2].toDouble(), f[3].toDouble());
        }
        QCOMPARE(at.size(), words.size());
        double cx = 0, cy = 0;
        for (const QPointF& p : at) cx += p.x() / at.size(), cy += p.y() / at.size();
        double span = 0;
        for (const QPointF& p : at) span = std::max({span, std::abs(p.x() - cx), std::abs(p.y() - cy)});
        const double ppu = 200 / span;  // the words spread over about ±200 px
        // Their centre 120 px left of and 60 px below the plot's, clear of the legend and the HUD.
        const double cam_x = cx + 120 / ppu, cam_y = cy + 60 / ppu;

        QJsonObject session{{"format", "embedscope-session"}, {"version", 1}, {"text", words.join(' ')},
                            {"tokenizer", "glove"},
                            {"projection", QJsonObject{{"kind", "pca"}, {"components", QJsonArray{1, 2, 0}}, {"three_d", false},
                                                       {"fit_on", "top10k"}}},
                            {"camera", QJsonObject{{"mode", "2d"}, {"centre_x", cam_x}, {"centre_y", cam_y}, {"pixels_per_unit", ppu},
                                                   {"target_x", 0}, {"target_y", 0}, {"target_z", 0}, {"yaw_deg", 30},
                                                   {"pitch_deg", 20}, {"distance", 10}}},
                            {"selection", QJsonArray{}}, {"current", QJsonValue::Null}, {"view", "scatter"}};
        const QString file = dir_.filePath("lesson.json");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(session).toJson());
        f.close();
        const QString out = dir_.filePath("lesson.png");
        const CliRun r = run({"--session", file, "--screenshot", out, "--size", "1280x860"});
        QVERIFY2(r.status == QProcess::NormalExit && r.code == 0, r.err.constData());
        QImage img(out);
        QCOMPARE(img.size(), QSize(1280, 860));
        img = img.convertToFormat(QImage::Format_RGB32);
        // The plot: the bounding box of the paper colour (#fbfbf8), which no other widget uses.
        const QRgb paper = qRgb(0xfb, 0xfb, 0xf8);
        QRect plot;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x)
                if (img.pixel(x, y) == paper) plot |= QRect(x, y, 1, 1);
        QVERIFY2(plot.width() > 400 && plot.height() > 300, qPrintable(QString("%1x%2").arg(plot.width()).arg(plot.height())));
        const QPointF centre = QRectF(plot).center();
        for (const QString& w : words) {
            const QPointF p = centre + QPointF((at[w].x() - cam_x) * ppu, -(at[w].y() - cam_y) * ppu);
            int hits = 0;
            for (int dy = -4; dy <= 4; ++dy)
                for (int dx = -4; dx <= 4; ++dx) {
                    const QRgb c = img.pixel(int(p.x()) + dx, int(p.y()) + dy);
                    hits += qRed(c) > 200 && qGreen(c) < 110 && qBlue(c) < 70;  // the highlight's orange-red
                }
            QVERIFY2(hits >= 6, qPrintable(QString("%1: no highlight at %2,%3 (plot %4,%5 %6x%7)").arg(w).arg(p.x()).arg(p.y()).arg(plot.x()).arg(plot.y()).arg(plot.width()).arg(plot.height())));
        }
    }

    void everyViewRendersFromTheCommandLine_data() {
        QTest::addColumn<QString>("view");
        for (const char* v : {"tokens", "positions", "rope", "attention"}) QTest::newRow(v) << QString(v);
    }
    void everyViewRendersFromTheCommandLine() {
        QFETCH(QString, view);
        const QString out = dir_.filePath(view + ".png");
        const CliRun r = run({"--view", view, "--text", "the king and the queen went to paris", "--screenshot", out, "--size", "1200x760"});
        QVERIFY2(r.status == QProcess::NormalExit && (r.code == 0 || r.code == 2), r.err.constData());
        if (r.code == 2) {  // a view this build does not have yet: named in one line
            QCOMPARE(our_lines(r.err).size(), 1);
            QVERIFY(our_lines(r.err)[0].contains(view));
            return;
        }
        QImage img(out);
        QCOMPARE(img.size(), QSize(1200, 760));
        // Something drawn in the lower half (not a blank page).
        QHash<QRgb, int> colours;
        for (int y = img.height() / 2; y < img.height() - 30; y += 2)
            for (int x = 0; x < img.width(); x += 2) colours[img.pixel(x, y)]++;
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
    }

    void damagedSessionFileGivesOneLine() {
        const QString bad = dir_.filePath("bad-session.json");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"embedscope-session\", \"version\": 1, \"text\": [");
        f.close();
        const CliRun r = run({"--session", bad, "--screenshot", dir_.filePath("bad.png")});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.code, 1);
        const QStringList lines = our_lines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].contains("bad-session.json") && lines[0].contains("not valid JSON"), r.err.constData());
    }

    void missingTableGivesTheMessageAndExitOne() {
        const QString out = dir_.filePath("missing.png");
        const CliRun r = run({"--vectors", "/nonexistent/none.esv", "--screenshot", out});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.code, 1);
        const QStringList lines = our_lines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].contains("/nonexistent/none.esv"), r.err.constData());
        // The picture of the window with its message is still written.
        QImage img(out);
        QVERIFY(!img.isNull());
        QCOMPARE(img.size(), QSize(1280, 800));
    }

    void damagedTableGivesTheMessage() {
        const QString bad = dir_.filePath("damaged.esv");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, '\x5a'));
        f.close();
        const CliRun r = run({"--vectors", bad, "--screenshot", dir_.filePath("damaged.png")});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.code, 1);
        const QStringList lines = our_lines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].contains("damaged.esv"), r.err.constData());
        QVERIFY(!QImage(dir_.filePath("damaged.png")).isNull());
    }

    void unwritableScreenshotPathIsNamed() {
        const CliRun r = run({"--screenshot", "/nonexistent-dir/x.png", "--size", "400x300"});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.code, 1);
        const QStringList lines = our_lines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].contains("/nonexistent-dir/x.png"), r.err.constData());
    }

    void badUsageExitsTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("bad view") << QStringList{"--view", "heatmap"};
        QTest::newRow("two sources") << QStringList{"--vectors", "a.esv", "--model", "builtin"};
        QTest::newRow("unknown") << QStringList{"--no-such-option"};
        QTest::newRow("bad size") << QStringList{"--size", "huge", "--screenshot", "x.png"};
    }
    void badUsageExitsTwo() {
        QFETCH(QStringList, args);
        const CliRun r = run(args);
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.code, 2);
        QCOMPARE(our_lines(r.err).size(), 1);
    }

    // A session whose fields are damaged still opens: each rejected field is one line on stderr
    // naming its path, the rest applies, the picture is written (a camera at 1e308 once hung).
    void damagedFieldsAreNamedOnePerLine() {
        const QString path = dir_.filePath("fields-session.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "embedscope-session", "version": 1, "text": "river bank",
                   "camera": {"mode": "2d", "centre_x": 1e308, "centre_y": -9.2e18, "pixels_per_unit": 40},
                   "view": 7, "panels": {"appearance": {"opacity": "x"}}})");
        f.close();
        const QString png = dir_.filePath("fields.png");
        const CliRun r = run({"--session", path, "--screenshot", png, "--size", "640x400"});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.code, 0);
        const QStringList lines = our_lines(r.err);
        QCOMPARE(lines.size(), 4);
        for (const QString& field : {"camera.centre_x", "camera.centre_y", "view", "panels.appearance.opacity"})
            QVERIFY2(lines.filter(QStringLiteral("fields-session.json: %1: ").arg(field)).size() == 1, r.err.constData());
        QCOMPARE(QImage(png).size(), QSize(640, 400));
    }

    // Without a display, bad usage is still usage (exit 2) and a valid window request says in one
    // line why it cannot open (exit 1); a display that does not answer is exit 1 too, never a signal.
    void withoutADisplay_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("display");
        QTest::addColumn<int>("code");
        QTest::newRow("bogus option") << QStringList{"--bogus"} << QString() << 2;
        QTest::newRow("empty argument") << QStringList{""} << QString() << 2;
        QTest::newRow("short option") << QStringList{"-k"} << QString() << 2;
        QTest::newRow("missing value") << QStringList{"--vectors"} << QString() << 2;
        QTest::newRow("cli flag alone") << QStringList{"--json"} << QString() << 2;
        QTest::newRow("window") << QStringList{} << QString() << 1;
        QTest::newRow("screenshot") << QStringList{"--screenshot", dir_.filePath("none.png")} << QString() << 1;
        QTest::newRow("display that is not there") << QStringList{"--screenshot", dir_.filePath("none.png")} << QStringLiteral(":87") << 1;
    }
    void withoutADisplay() {
        QFETCH(QStringList, args);
        QFETCH(QString, display);
        QFETCH(int, code);
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.remove("DISPLAY");
        e.remove("WAYLAND_DISPLAY");
        e.remove("QT_QPA_PLATFORM");
        if (!display.isEmpty()) e.insert("DISPLAY", display);
        const CliRun r = es::test::run_embedscope(args, 60000, e);
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.code, code);
        const QStringList lines = our_lines(r.err);
        QVERIFY2(lines.size() == 1, r.err.constData());
        if (code == 1) QVERIFY2(lines[0].contains("display"), qPrintable(lines[0]));
        QVERIFY(!QFile::exists(dir_.filePath("none.png")));
    }
};

QTEST_GUILESS_MAIN(TestUiScreenshot)
#include "test_ui_screenshot.moc"
