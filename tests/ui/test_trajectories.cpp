// A word followed through the built-in encoder's layers in the scatter view, under Xvfb on the
// real default GloVe table: every path point is core's word_in_contexts vector projected with a
// PCA fitted here by core (and again after the projection changes), a sentence without the word
// is named in the error while the others still draw, the paths are drawn in their colours where
// they project, the Layer panel drives it from the keyboard, a session file brings them back,
// and another source clears them. A session file and a screenshot of the paths are left beside
// the test for a person to look at (`embedscope --session test_trajectories.json --screenshot`).
#include "support/pixel_checks.h"
#include "encoder/builtin_encoder.h"
#include "analysis/contextual_trajectories.h"
#include "encoder/cpu_backend.h"
#include "base/data_paths.h"
#include "panels/explorer_panels.h"
#include "tokenizers/glove_tokenizer.h"
#include "panels/layer_panel.h"
#include "window/main_window.h"
#include "projection/pca.h"
#include "scatter/scatter_view.h"
#include "document/session.h"
#include "persistence/session_file.h"
#include "document/source_spec.h"
#include "scatter/trajectory_paint.h"
#include "style/theme.h"
#include "vectors/vector_table.h"

#include <QCheckBox>
#include <QDockWidget>
#include <QJsonArray>
#include <QPainter>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace es;
using namespace es::ui;
using namespace es::ui::test;

namespace {

constexpr int kLoadTimeoutMs = 120000;

const QStringList kSentences = {"we sat on the river bank and watched the boats", "she put her money in the bank",
                                "the hospital asked people to give to the blood bank"};

double length(const float* v, size_t n) {
    double s = 0;
    for (size_t j = 0; j < n; ++j) s += double(v[j]) * v[j];
    return std::sqrt(s);
}

// (v · scale − mean) · basis row c, in double.
double coordinate(const PcaModel& m, const std::vector<float>& v, double scale, size_t c) {
    double s = 0;
    for (size_t j = 0; j < m.dim; ++j) s += (double(v[j]) * scale - m.mean[j]) * m.basis[c * m.dim + j];
    return s;
}

bool close(double got, double want) { return std::abs(got - want) <= 1e-4 * std::max(1.0, std::abs(want)); }

std::vector<std::string> std_strings(const QStringList& l) {
    std::vector<std::string> out;
    for (const QString& s : l) out.push_back(s.toStdString());
    return out;
}

} // namespace

class TestTrajectories : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::shared_ptr<const VectorTable> table_;
    std::unique_ptr<Session> session_;
    std::unique_ptr<MainWindow> window_;
    LayerPanel* panel_ = nullptr;

    ScatterView* view() { return window_->scatterView(); }
    bool waitPaths(size_t n) {
        return QTest::qWaitFor([&] { return !session_->trajectoriesPending() && session_->trajectoryPaths().size() == n; },
                               60000);
    }
    // Typed into the fields; drawn with Return in the word field or Ctrl+Return in the sentences.
    void drawFromThePanel(const QString& word, const QStringList& sentences, bool from_sentences = false) {
        panel_->wordField()->setFocus();
        panel_->wordField()->selectAll();
        QTest::keyClicks(panel_->wordField(), word);
        panel_->sentencesEditor()->setPlainText(sentences.join('\n'));
        if (!from_sentences) {
            QTest::keyClick(panel_->wordField(), Qt::Key_Return);
            return;
        }
        QTest::keyClick(panel_->wordField(), Qt::Key_Tab);
        QVERIFY(panel_->sentencesEditor()->hasFocus());
        QTest::keyClick(panel_->sentencesEditor(), Qt::Key_Return, Qt::ControlModifier);
    }

    // Every path point against core: the word in each sentence through a fresh built-in encoder,
    // scaled to the static "bank"'s length (unless raw) and projected on PCs (a, b) of a PCA that
    // core fits here on the session's fit rows.
    void checkAgainstCore(const QStringList& sentences, size_t a, size_t b, size_t fit_rows, bool raw = false) {
        BuiltinEncoder enc(table_, std::make_shared<CpuBackend>(2));
        GloveTokenizer tok(table_);
        const auto contexts = word_in_contexts(enc, tok, "bank", std_strings(sentences));
        const PcaModel pca = fit_pca(*table_, 10, fit_rows);
        const double bank = length(table_->row(*table_->lookup("bank")), table_->dim());
        const auto& paths = session_->trajectoryPaths();
        QCOMPARE(paths.size(), contexts.size());
        for (size_t i = 0; i < paths.size(); ++i) {
            QCOMPARE(paths[i].size(), size_t(session_->layerCount() + 1));
            QCOMPARE(contexts[i].layers.size(), paths[i].size());
            for (size_t l = 0; l < paths[i].size(); ++l) {
                const auto& v = contexts[i].layers[l];
                const double scale = raw ? 1.0 : bank / length(v.data(), v.size());
                const double x = coordinate(pca, v, scale, a), y = coordinate(pca, v, scale, b);
                QVERIFY2(close(paths[i][l].x(), x) && close(paths[i][l].y(), y),
                         qPrintable(QStringLiteral("sentence %1 layer %2: (%3, %4) vs core (%5, %6)")
                                        .arg(i).arg(l).arg(paths[i][l].x()).arg(paths[i][l].y()).arg(x).arg(y)));
                QCOMPARE(paths[i][l].z(), 0.0f);
            }
        }
    }

    QImage frame() {
        view()->update();
        QTest::qWait(50);
        return view()->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        if (!QFileInfo::exists(QString::fromStdString(default_table_path())))
            QFAIL("the default table is missing: run ./scripts/setup first");
        table_ = VectorTable::open_esv(default_table_path());
        session_ = std::make_unique<Session>();
        session_->open(SourceSpec::builtin());
        window_ = std::make_unique<MainWindow>(session_.get());
        window_->resize(1280, 800);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        window_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        QTRY_VERIFY_WITH_TIMEOUT(session_->state() == Session::State::Ready && !session_->projecting(), kLoadTimeoutMs);
        QVERIFY(session_->hasEncoder());
        ExplorerPanels* panels = ExplorerPanels::of(window_.get());
        QVERIFY(panels);
        panel_ = panels->layer();
        QTRY_VERIFY(panel_->isEnabled());
        panels->dock(panel_)->raise();
    }

    void panelStartsWithTheExample() {
        QCOMPARE(panel_->wordField()->text(), QStringLiteral("bank"));
        QCOMPARE(panel_->sentences(), kSentences);
        QVERIFY(session_->trajectoryPaths().empty());
    }

    void pathsAreCoreVectorsProjected() {
        drawFromThePanel(QStringLiteral("bank"), kSentences);
        QVERIFY(waitPaths(3));
        QVERIFY2(session_->trajectoryError().isEmpty(), qPrintable(session_->trajectoryError()));
        QCOMPARE(session_->trajectoryWord(), QStringLiteral("bank"));
        QCOMPARE(session_->trajectoryLabels(), (QStringList{"river bank", "money … bank", "blood bank"}));
        for (int i = 0; i < 3; ++i) QCOMPARE(session_->trajectorySentence(size_t(i)), kSentences[i]);
        QVERIFY2(panel_->trajectoryText().contains("river bank"), qPrintable(panel_->trajectoryText()));
        checkAgainstCore(kSentences, 0, 1, 50000);
        // The contexts pull the three apart: the last layer's points differ.
        const auto& p = session_->trajectoryPaths();
        QVERIFY((p[0].back() - p[1].back()).length() > 1e-3f);
        QVERIFY((p[0].back() - p[2].back()).length() > 1e-3f);

        // Another projection: the paths follow it.
        ProjectionSpec spec = session_->projection();
        spec.components = {2, 3, 0};
        QSignalSpy moved(session_.get(), &Session::trajectoriesChanged);
        session_->setProjection(spec);
        QTRY_VERIFY_WITH_TIMEOUT(moved.count() >= 1 && !session_->projecting(), 60000);
        checkAgainstCore(kSentences, 2, 3, 50000);
        session_->setProjection(ProjectionSpec{});
        QTRY_VERIFY_WITH_TIMEOUT(!session_->projecting() && session_->projection() == ProjectionSpec{}, 60000);
        checkAgainstCore(kSentences, 0, 1, 50000);

        // Raw lengths, as contextualPoints() are projected: far out along the word's direction.
        panel_->rawLengthsCheck()->setFocus();
        QTest::keyClick(panel_->rawLengthsCheck(), Qt::Key_Space);
        QCOMPARE(session_->trajectoryScale(), Session::TrajectoryScale::Raw);
        checkAgainstCore(kSentences, 0, 1, 50000, true);
        QTest::keyClick(panel_->rawLengthsCheck(), Qt::Key_Space);
        QCOMPARE(session_->trajectoryScale(), Session::TrajectoryScale::StaticLength);
        checkAgainstCore(kSentences, 0, 1, 50000);
    }

    void drawnInTheirColours() {
        // Draw frames the view onto the paths: a small part of the cloud.
        view()->fitToData();
        QTRY_VERIFY_WITH_TIMEOUT(!view()->animating(), 5000);
        const double fitted = view()->camera().pixels_per_unit;
        drawFromThePanel(QStringLiteral("bank"), kSentences);
        QVERIFY(waitPaths(3));
        QTRY_VERIFY_WITH_TIMEOUT(view()->camera().pixels_per_unit > 2 * fitted, 5000);
        const auto paths = session_->trajectoryPaths();
        for (const auto& path : paths)
            for (const QVector3D& v : path) QVERIFY(panel_->trajectoryFrame().adjusted(-1, -1, 1, 1).contains(view()->screenPositionOf(v)));
        const QImage img = frame();
        for (size_t i = 0; i < paths.size(); ++i) {
            const QColor c = trajectory_colour(i, theme::palette());
            // Each step's midpoint: the line (others may cross the dots).
            int found = 0;
            for (size_t l = 0; l + 1 < paths[i].size(); ++l) {
                const QPointF a = view()->screenPositionOf(paths[i][l]), b = view()->screenPositionOf(paths[i][l + 1]);
                if ((a - b).manhattanLength() < 12) continue;  // too short to tell from its neighbours' dots
                found += nearest_colour(img, (a + b) / 2, c, 2) < 40;
            }
            const QPointF end = view()->screenPositionOf(paths[i].back());
            found += nearest_colour(img, end, c, 4) < 40;  // the arrowhead and the ring
            QVERIFY2(found >= 2, qPrintable(QStringLiteral("path %1 (%2): %3 of its places drawn").arg(i).arg(c.name()).arg(found)));
        }
        // Cleared: the colours are gone from where the paths ended.
        QTest::mouseClick(panel_->clearButton(), Qt::LeftButton);
        QVERIFY(waitPaths(0));
        QVERIFY(session_->trajectoryWord().isEmpty());
        const QImage cleared = frame();
        for (size_t i = 0; i < paths.size(); ++i)
            QVERIFY(nearest_colour(cleared, view()->screenPositionOf(paths[i].back()), trajectory_colour(i, theme::palette()), 4) >= 40);
    }

    void aSentenceWithoutTheWordIsNamed() {
        const QStringList sentences = {kSentences[0], "the cat sat on the mat", kSentences[2]};
        drawFromThePanel(QStringLiteral("bank"), sentences, true);
        QVERIFY(waitPaths(2));
        QCOMPARE(panel_->sentencesEditor()->toPlainText(), sentences.join('\n'));  // the keys did not type
        QVERIFY2(session_->trajectoryError().contains("the cat sat on the mat") && session_->trajectoryError().contains("bank"),
                 qPrintable(session_->trajectoryError()));
        QVERIFY(!session_->trajectoryError().contains('\n'));
        QCOMPARE(panel_->trajectoryErrorText(), session_->trajectoryError());
        QCOMPARE(session_->trajectorySentence(1), kSentences[2]);
        checkAgainstCore({kSentences[0], kSentences[2]}, 0, 1, 50000);
    }

    void theNewestRequestWins() {
        session_->setTrajectories(QStringLiteral("bank"), kSentences);
        session_->setTrajectories(QStringLiteral("river"), {"the river was cold", "a river of money"});
        QVERIFY(waitPaths(2));
        QTest::qWait(200);  // a late result of the first request would arrive here
        QCOMPARE(session_->trajectoryWord(), QStringLiteral("river"));
        QCOMPARE(session_->trajectoryPaths().size(), size_t(2));
        QVERIFY(session_->trajectoryError().isEmpty());
    }

    void sessionFileBringsThemBack() {
        drawFromThePanel(QStringLiteral("bank"), kSentences);
        QVERIFY(waitPaths(3));
        panel_->slider()->setFocus();
        QTest::keyClick(panel_->slider(), Qt::Key_Home);
        QCOMPARE(session_->layer(), 0);
        const auto before = session_->trajectoryPaths();
        const QString path = dir_.filePath("bank.json");
        QString error;
        QVERIFY2(window_->saveSessionFile(path, &error), qPrintable(error));
        const auto saved = read_session_file(path, &error);
        QVERIFY2(saved, qPrintable(error));
        const QJsonObject layer = saved->panels.value("layer").toObject();
        QCOMPARE(layer.value("word").toString(), QStringLiteral("bank"));
        QCOMPARE(layer.value("sentences").toArray().size(), 3);

        session_->setTrajectories({}, {});
        panel_->wordField()->setText("other");
        session_->setLayer(session_->layerCount());
        QVERIFY(waitPaths(0));
        QSignalSpy restored(window_.get(), &MainWindow::sessionRestored);
        QVERIFY2(window_->openSessionFile(path, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(restored.count() == 1, kLoadTimeoutMs);
        QVERIFY(waitPaths(3));
        const auto& after = session_->trajectoryPaths();
        QCOMPARE(after.size(), before.size());
        for (size_t i = 0; i < after.size(); ++i) {
            QCOMPARE(after[i].size(), before[i].size());
            for (size_t l = 0; l < after[i].size(); ++l) QVERIFY((after[i][l] - before[i][l]).length() < 1e-4f);
        }
        QCOMPARE(session_->layer(), 0);
        QCOMPARE(panel_->wordField()->text(), QStringLiteral("bank"));
        QCOMPARE(panel_->sentences(), kSentences);

        // A session file from before trajectories (no "layer" in its panels) still opens.
        SessionFile old = *saved;
        old.panels.remove("layer");
        QVERIFY(write_session_file(dir_.filePath("old.json"), old).isEmpty());
        QVERIFY2(window_->openSessionFile(dir_.filePath("old.json"), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(restored.count() == 2, kLoadTimeoutMs);
    }

    // Along word axes (money → river, money → blood) each sense's path leans its own way.
    void screenshot() {
        ProjectionSpec spec;
        spec.kind = ProjectionSpec::Axes;
        spec.axes = {{{"money"}, {"river"}, {}}, {{"money"}, {"blood"}, {}}};
        session_->setProjection(spec);
        QTRY_VERIFY_WITH_TIMEOUT(!session_->projecting() && session_->projection() == spec, 60000);
        panel_->slider()->setValue(1);
        drawFromThePanel(QStringLiteral("bank"), kSentences);
        QVERIFY(waitPaths(3));
        QTRY_VERIFY_WITH_TIMEOUT(!view()->animating(), 5000);
        const auto& p = session_->trajectoryPaths();
        QVERIFY(p[0].back().x() > p[0].front().x());  // "river bank" moves towards river
        QVERIFY(p[2].back().y() > p[2].front().y());  // "blood bank" towards blood
        const QDir out(QCoreApplication::applicationDirPath());
        QString error;
        QVERIFY2(window_->saveSessionFile(out.filePath("test_trajectories.json"), &error), qPrintable(error));
        QImage image = window_->grab().toImage();
        {
            QPainter painter(&image);
            painter.drawImage(QRectF(QPointF(view()->mapTo(window_.get(), QPoint(0, 0))), QSizeF(view()->size())),
                              view()->grabFramebuffer());
        }
        QVERIFY(image.save(out.filePath("test_trajectories.png")));
        qInfo("screenshot: %s", qPrintable(out.filePath("test_trajectories.png")));

        // Presentation mode on a projector's 1920 × 1080: larger lines, dots and labels.
        window_->setPresentation(true);
        window_->resize(1920, 1080);
        QTest::qWait(300);
        panel_->frameTrajectories();
        QTRY_VERIFY_WITH_TIMEOUT(!view()->animating(), 5000);
        QImage big = window_->grab().toImage();
        {
            QPainter painter(&big);
            painter.drawImage(QRectF(QPointF(view()->mapTo(window_.get(), QPoint(0, 0))), QSizeF(view()->size())),
                              view()->grabFramebuffer());
        }
        QVERIFY(big.save(out.filePath("test_trajectories_presentation.png")));
        window_->setPresentation(false);
        window_->resize(1280, 800);
        session_->setProjection(ProjectionSpec{});
        QTRY_VERIFY_WITH_TIMEOUT(!session_->projecting() && session_->projection() == ProjectionSpec{}, 60000);
    }

    void anotherSourceClearsThem() {
        QVERIFY(waitPaths(3));
        session_->open(SourceSpec::table(QString::fromStdString(default_table_path())));
        QTRY_VERIFY_WITH_TIMEOUT(session_->state() == Session::State::Ready && !session_->hasEncoder(), kLoadTimeoutMs);
        QVERIFY(session_->trajectoryPaths().empty());
        QVERIFY(session_->trajectoryWord().isEmpty());
        session_->setTrajectories(QStringLiteral("bank"), kSentences);
        QVERIFY2(session_->trajectoryError().contains("encoder"), qPrintable(session_->trajectoryError()));
        QVERIFY(session_->trajectoryPaths().empty());
    }
};

QTEST_MAIN(TestTrajectories)
#include "test_trajectories.moc"
