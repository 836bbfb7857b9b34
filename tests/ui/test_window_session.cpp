// The window's session handling on the real default table under Xvfb: save → load gives the
// same session, undo/redo walk back projection, selection and camera changes, a damaged session
// file is named in a message while the window keeps working, an autosave left by a killed run
// is offered and restored, and `cmake --install` puts the desktop entry and icon in place.
#include "persistence/autosave.h"
#include "scatter/camera_state.h"
#include "base/data_paths.h"
#include "window/main_window.h"
#include "document/projection_spec.h"
#include "scatter/scatter_view.h"
#include "document/session.h"
#include "persistence/session_file.h"
#include "panels/token_strip.h"

#include <QAbstractButton>
#include <QIcon>
#include <QJsonDocument>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTableWidget>
#include <QUndoStack>
#include <QXmlStreamReader>
#include <QtTest>

#include <csignal>

using namespace es;
using namespace es::ui;

namespace {

constexpr int kLoadTimeoutMs = 120000;

QString json(const SessionFile& f) { return QString::fromUtf8(QJsonDocument(f.toJson()).toJson(QJsonDocument::Indented)); }

std::vector<uint32_t> rows_of(const Session& s, const QStringList& words) {
    std::vector<uint32_t> rows;
    for (const QString& w : words) rows.push_back(*s.findWord(w));
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace

class TestWindowSession : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<Session> session_;
    std::unique_ptr<MainWindow> window_;

    ScatterView* view() { return window_->scatterView(); }

    static bool waitIdle(Session& s) {
        return QTest::qWaitFor([&] { return s.state() == Session::State::Ready && !s.projecting(); }, kLoadTimeoutMs);
    }
    void setProjection(const ProjectionSpec& p) {
        QSignalSpy changed(session_.get(), &Session::projectionChanged);
        session_->setProjection(p);
        QVERIFY(changed.wait(60000) || session_->projection() == p);
        QTRY_VERIFY_WITH_TIMEOUT(!session_->projecting(), 60000);
        QCOMPARE(session_->projection(), p);
    }

private slots:
    void init() {
        if (!window_) return;
        window_->showView(QStringLiteral("scatter"));
        session_->setTokenizer(QStringLiteral("glove"));
    }

    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        if (!QFileInfo::exists(QString::fromStdString(default_table_path())))
            QFAIL("the default table is missing: run ./scripts/setup first");
        session_ = std::make_unique<Session>();
        session_->setText(QStringLiteral("the king and the queen went to paris"));
        session_->load(QString::fromStdString(default_table_path()));
        window_ = std::make_unique<MainWindow>(session_.get());
        window_->resize(1280, 800);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        QVERIFY(waitIdle(*session_));
        QTRY_VERIFY_WITH_TIMEOUT(view()->drewData(), 30000);
    }

    // Help ▸ Diagnostics names the GL renderer and who draws the scatter's points: the CPU
    // rasteriser exactly when the renderer is a software one (auto).
    void diagnosticsNameThePointRenderer() {
        window_->action("diagnostics")->trigger();
        QTableWidget* table = nullptr;
        QTRY_VERIFY((table = window_->findChild<QTableWidget*>(QStringLiteral("diagnostics"))) != nullptr);
        QString renderer, points;
        for (int r = 0; r < table->rowCount(); ++r) {
            if (table->item(r, 0)->text() == QLatin1String("OpenGL renderer")) renderer = table->item(r, 1)->text();
            if (table->item(r, 0)->text() == QLatin1String("Scatter points drawn by")) points = table->item(r, 1)->text();
        }
        QVERIFY(!renderer.isEmpty());
        const bool software = renderer.contains(QLatin1String("llvmpipe")) || renderer.contains(QLatin1String("softpipe"));
        QCOMPARE(points.startsWith(QLatin1String("CPU")), software);
        QCOMPARE(view()->pointsOnCpu(), software);
        table->window()->close();
    }

    void undoRestoresThePreviousProjection() {
        QUndoStack* stack = window_->undoStack();
        const ProjectionSpec before = session_->projection();
        const std::vector<float> points_before = session_->points();
        ProjectionSpec other = before;
        other.components = {2, 3, 0};
        const int depth = stack->count();
        setProjection(other);
        QCOMPARE(stack->count(), depth + 1);
        QVERIFY(session_->points() != points_before);

        window_->tabs()->setFocus();
        window_->action("undo")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(session_->projection() == before && !session_->projecting(), 60000);
        QCOMPARE(session_->points(), points_before);
        QCOMPARE(window_->varianceText(), session_->axisLabels().join(" · "));
        QVERIFY(window_->varianceText().startsWith("PC1 ("));
        window_->action("redo")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(session_->projection() == other && !session_->projecting(), 60000);
        QVERIFY(window_->varianceText().startsWith("PC3 ("));
        // Undoing did not itself become a step.
        QCOMPARE(stack->count(), depth + 1);
        window_->action("undo")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(session_->projection() == before && !session_->projecting(), 60000);
    }

    void undoRestoresSelectionAndCamera() {
        QUndoStack* stack = window_->undoStack();
        const auto rows = rows_of(*session_, {"king", "queen"});
        // A click sets the current row and the selection: one step.
        session_->setCurrentRow(rows[0]);
        session_->setSelection(rows);
        QTRY_VERIFY(stack->canUndo() && stack->undoText() == "Selection");
        const int depth = stack->count();
        window_->action("undo")->trigger();
        QVERIFY(session_->selection().empty());
        QVERIFY(!session_->currentRow());
        QCOMPARE(stack->count(), depth);
        window_->action("redo")->trigger();
        QCOMPARE(session_->selection(), rows);

        // A wheel burst on the view: one camera step when it ends.
        const CameraState camera = view()->camera();
        const QPointF at(view()->width() / 3.0, view()->height() / 2.0);
        QWheelEvent wheel(at, view()->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(view(), &wheel);
        QTRY_VERIFY_WITH_TIMEOUT(stack->undoText() == "View", 5000);
        QVERIFY(!(view()->camera() == camera));
        window_->action("undo")->trigger();
        const CameraState back = view()->camera();
        QVERIFY2(back == camera, qPrintable(QJsonDocument(back.toJson()).toJson(QJsonDocument::Compact) + " != " +
                                            QJsonDocument(camera.toJson()).toJson(QJsonDocument::Compact)));
        window_->action("undo")->trigger();  // and the selection before it
        QVERIFY(session_->selection().empty());
    }

    void saveThenLoadGivesTheSameSession() {
        window_->editor()->setPlainText(QStringLiteral("man is to king as woman is to queen 🙂"));
        session_->setTokenizer(QStringLiteral("cl100k_base"));
        QCOMPARE(session_->tokenizerName(), QString("cl100k_base"));
        ProjectionSpec p;
        p.components = {1, 3, 0};
        p.fit_on = ProjectionSpec::FitOn::Top10k;
        setProjection(p);
        CameraState camera = view()->camera();
        camera.centre_x += 0.75;
        camera.centre_y -= 0.5;
        camera.pixels_per_unit *= 1.7;
        view()->setCamera(camera);
        const auto rows = rows_of(*session_, {"king", "queen", "paris"});
        session_->setSelection(rows);
        session_->setCurrentRow(session_->findWord("queen"));
        session_->setSearch(QStringLiteral("^que"), true);
        window_->showView(QStringLiteral("tokens"));
        QTRY_VERIFY(!session_->searching());

        const QString path = dir_.filePath("lesson.json");
        QString error;
        QVERIFY2(window_->saveSessionFile(path, &error), qPrintable(error));
        const SessionFile saved = window_->captureSession();
        QCOMPARE(saved.selection.size(), 3);
        for (const char* w : {"king", "queen", "paris"}) QVERIFY(saved.selection.contains(w));
        QCOMPARE(saved.current, std::optional<QString>("queen"));

        // A fresh window on a fresh session (nothing loaded) opens the file.
        Session other;
        MainWindow w(&other);
        w.resize(1100, 760);
        w.show();
        QSignalSpy restored(&w, &MainWindow::sessionRestored);
        QVERIFY2(w.openSessionFile(path, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(restored.count() == 1, kLoadTimeoutMs);
        QVERIFY(waitIdle(other));
        QTest::qWait(600);  // past the view's projection animation
        QCOMPARE(json(w.captureSession()), json(saved));
        QCOMPARE(other.projection(), session_->projection());
        QCOMPARE(w.scatterView()->camera(), camera);
        QCOMPARE(other.selection(), rows);
        QCOMPARE(other.currentRow(), session_->findWord("queen"));
        QCOMPARE(other.tokenizerName(), QString("cl100k_base"));
        QCOMPARE(other.searchMatches(), session_->searchMatches());
        QCOMPARE(w.currentViewName(), QString("tokens"));
        QCOMPARE(other.points(), session_->points());
        QCOMPARE(w.tokenStrip()->chips().size(), window_->tokenStrip()->chips().size());
        QVERIFY(w.recentFiles().first().endsWith(path));
    }

    void corruptSessionFileIsNamedAndTheWindowKeepsWorking() {
        const QString path = dir_.filePath("corrupt.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"embedscope-session\", \"version\": 1, \"text\": \"unfinished");
        f.close();
        const SessionFile before = window_->captureSession();
        QVERIFY(!window_->openSessionOrWarn(path));
        QVERIFY2(window_->statusMessage().contains(path) && window_->statusMessage().contains("not valid JSON"),
                 qPrintable(window_->statusMessage()));
        auto* box = window_->findChild<QMessageBox*>("sessionError");
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QVERIFY(box->text().contains(path));
        box->button(QMessageBox::Ok)->click();
        QCOMPARE(json(window_->captureSession()), json(before));
        // Still alive: typing still tokenizes and highlights.
        window_->editor()->setFocus();
        window_->editor()->selectAll();
        QTest::keyClicks(window_->editor(), "paris france");
        QCOMPARE(window_->tokenStrip()->chips().size(), size_t(2));
        const std::vector<uint32_t> expected{*session_->findWord("paris"), *session_->findWord("france")};
        QTRY_COMPARE(view()->highlightedRows(), expected);
        // A file that is not there, and one of another program.
        QVERIFY(!window_->openSessionFile(dir_.filePath("none.json")));
        QFile other(dir_.filePath("other.json"));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("{\"name\": \"package\", \"version\": \"1.0.0\"}");
        other.close();
        QString error;
        QVERIFY(!window_->openSessionFile(other.fileName(), &error));
        QVERIFY2(error.contains("not an Embedscope session"), qPrintable(error));
    }

    void autosaveOfAKilledRunIsOffered() {
        // A real run of the program, killed: its autosave and marker stay behind.
        QTemporaryDir config;
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CONFIG_HOME", config.path());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(EMBEDSCOPE_BINARY), {"--text", "the cat sat on the mat", "--size", "800x600"});
        QVERIFY(p.waitForStarted());
        const QString dir = config.path() + "/embedscope/Embedscope";
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dir + "/autosave.json") && QFile::exists(dir + "/running.pid"), 60000);
        ::kill(pid_t(p.processId()), SIGKILL);
        QVERIFY(p.waitForFinished());
        Autosave next(dir, [] { return SessionFile{}; });
        QVERIFY(next.previousRunCrashed());
        QString error;
        const auto kept = read_session_file(next.filePath(), &error);
        QVERIFY2(kept.has_value(), qPrintable(error));
        QCOMPARE(kept->text, QString("the cat sat on the mat"));

        // The window offers it; "Yes" restores it.
        QSignalSpy restored(window_.get(), &MainWindow::sessionRestored);
        window_->offerCrashRestore(next.filePath());
        auto* box = window_->findChild<QMessageBox*>("crashRestore");
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        box->button(QMessageBox::Yes)->click();
        QTRY_VERIFY_WITH_TIMEOUT(restored.count() == 1, kLoadTimeoutMs);
        QCOMPARE(window_->editor()->toPlainText(), QString("the cat sat on the mat"));
        QCOMPARE(session_->loadedText(), QString("the cat sat on the mat"));
    }

    void installPutsTheDesktopEntryAndIcon() {
        const QString build = QFileInfo(QStringLiteral(EMBEDSCOPE_BINARY)).absolutePath() + "/..";
        QTemporaryDir prefix;
        QProcess install;
        install.start("cmake", {"--install", build, "--prefix", prefix.path()});
        QVERIFY(install.waitForFinished(120000));
        QVERIFY2(install.exitStatus() == QProcess::NormalExit && install.exitCode() == 0,
                 qPrintable(install.readAllStandardError()));
        const QString bin = prefix.filePath("bin/embedscope");
        QVERIFY(QFileInfo(bin).isExecutable());
        QFile desktop(prefix.filePath("share/applications/embedscope.desktop"));
        QVERIFY(desktop.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(desktop.readAll()).split('\n');
        QCOMPARE(lines.first(), QString("[Desktop Entry]"));
        for (const char* key : {"Type=Application", "Name=Embedscope", "Exec=embedscope", "Icon=embedscope", "Terminal=false"})
            QVERIFY2(lines.contains(key), key);
        QFile icon(prefix.filePath("share/icons/hicolor/scalable/apps/embedscope.svg"));
        QVERIFY(icon.open(QIODevice::ReadOnly));
        QXmlStreamReader svg(&icon);
        QVERIFY(svg.readNextStartElement());
        QCOMPARE(svg.name().toString(), QString("svg"));
        while (!svg.atEnd()) svg.readNext();
        QVERIFY2(!svg.hasError(), qPrintable(svg.errorString()));
        // The window's own icon (title bar, task switcher) renders: Qt's SVG plugin is installed.
        const QImage shown = QIcon(QStringLiteral(":/resources/embedscope.svg")).pixmap(64, 64).toImage();
        QVERIFY2(!shown.isNull(), "the icon does not render: is libqt6svg6 installed?");
        int inked = 0;
        for (int y = 0; y < shown.height(); ++y)
            for (int x = 0; x < shown.width(); ++x) inked += qAlpha(shown.pixel(x, y)) > 128;
        QVERIFY(inked > 64 * 64 / 8);
        QVERIFY(!window_->windowIcon().pixmap(32, 32).isNull());
        QVERIFY(QFileInfo::exists(prefix.filePath("share/embedscope/sample-sentences.txt")));
        // The installed program runs.
        QProcess version;
        version.start(bin, {"--version"});
        QVERIFY(version.waitForFinished(30000));
        QCOMPARE(version.exitCode(), 0);
    }
};

QTEST_MAIN(TestWindowSession)
#include "test_window_session.moc"
