// `embedscope --text … --screenshot OUT.png` run as a user runs it: the picture has the scatter
// in it; a missing table, bad usage and an unwritable path give one-line errors, never a crash.
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int code = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QString err;
};

Run run(const QStringList& args, const QStringList& env = {}) {
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const QString& kv : env) e.insert(kv.section('=', 0, 0), kv.section('=', 1));
    p.setProcessEnvironment(e);
    p.start(QStringLiteral(EMBEDSCOPE_BINARY), args);
    Run r;
    if (!p.waitForFinished(180000)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.code = p.exitCode();
    r.status = p.exitStatus();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// Lines of stderr that are ours (Qt's own start-up notes, such as XDG_RUNTIME_DIR, are not).
QStringList our_lines(const QString& err) {
    QStringList out;
    for (const QString& l : err.split('\n', Qt::SkipEmptyParts))
        if (l.startsWith("embedscope")) out << l;
    return out;
}

int distance(QRgb a, QRgb b) {
    return std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)), std::abs(qBlue(a) - qBlue(b))});
}

} // namespace

class TestUiScreenshot : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void screenshotHasTheScatter() {
        const QString out = dir_.filePath("window.png");
        const Run r = run({"--text", "the king and the queen went to paris", "--screenshot", out, "--size", "1000x700"});
        QVERIFY2(r.status == QProcess::NormalExit && r.code == 0, qPrintable(r.err));
        QImage img(out);
        QVERIFY(!img.isNull());
        QCOMPARE(img.size(), QSize(1000, 700));
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
            for (int x = 40; x < img.width() - 40; x += 3, ++total) inked += distance(img.pixel(x, y), paper) > 24;
        QVERIFY2(inked > total / 10, qPrintable(QString("%1 of %2 inked").arg(inked).arg(total)));
        // Saturated orange-red points for the seven distinct words (the bluish scatter has none).
        int warm = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) {
                const QRgb c = img.pixel(x, y);
                warm += qRed(c) > 200 && qGreen(c) < 110 && qBlue(c) < 70;
            }
        QVERIFY2(warm > 7 * 40, qPrintable(QString::number(warm)));
    }

    void openGl33FallbackDrawsTheSame() {
        // Mesa offering only 3.3: the window takes a 3.3 core context and still draws the scatter.
        const QString out = dir_.filePath("gl33.png");
        const Run r = run({"--text", "the king and the queen went to paris", "--screenshot", out, "--size", "800x600"},
                          {"MESA_GL_VERSION_OVERRIDE=3.3", "EMBEDSCOPE_TIMING=1"});
        QVERIFY2(r.status == QProcess::NormalExit && r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("gl-version: OpenGL 3.3"), qPrintable(r.err));
        QVERIFY2(r.err.contains("first-frame-ms: "), qPrintable(r.err));
        QImage img(out);
        QCOMPARE(img.size(), QSize(800, 600));
        int warm = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) {
                const QRgb c = img.pixel(x, y);
                warm += qRed(c) > 200 && qGreen(c) < 110 && qBlue(c) < 70;
            }
        QVERIFY2(warm > 7 * 40, qPrintable(QString::number(warm)));
    }

    void missingTableGivesTheMessageAndExitOne() {
        const QString out = dir_.filePath("missing.png");
        const Run r = run({"--vectors", "/nonexistent/none.esv", "--screenshot", out});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.code, 1);
        const QStringList lines = our_lines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].contains("/nonexistent/none.esv"), qPrintable(r.err));
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
        const Run r = run({"--vectors", bad, "--screenshot", dir_.filePath("damaged.png")});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.code, 1);
        const QStringList lines = our_lines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].contains("damaged.esv"), qPrintable(r.err));
        QVERIFY(!QImage(dir_.filePath("damaged.png")).isNull());
    }

    void unwritableScreenshotPathIsNamed() {
        const Run r = run({"--screenshot", "/nonexistent-dir/x.png", "--size", "400x300"});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.code, 1);
        const QStringList lines = our_lines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].contains("/nonexistent-dir/x.png"), qPrintable(r.err));
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
        const Run r = run(args);
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.code, 2);
        QCOMPARE(our_lines(r.err).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestUiScreenshot)
#include "test_ui_screenshot.moc"
