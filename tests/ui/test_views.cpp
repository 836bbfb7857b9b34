// The positions, RoPE and attention views standalone: each drawn on the built-in encoder (GloVe,
// nothing downloaded) and on generated random-weight GPT-2 and Llama (RoPE) models; pixels
// checked, PNG and CSV exports checked. ES_VIEWS_SHOTS=DIR keeps the pictures for a person.
// In the window: a view's tab takes the full width from the scatter view's docks and gives
// them back as the user left them.
#include "support/reference_models.h"
#include "plots/attention_view.h"
#include "base/data_paths.h"
#include "plots/heatmap_widget.h"
#include "window/main_window.h"
#include "plots/positions_view.h"
#include "plots/rope_view.h"
#include "document/session.h"
#include "style/theme.h"
#include "document/views_document.h"
#include "plots/views_plot.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSet>
#include <QSurfaceFormat>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace es::ui;

namespace {

// Share of pixels that differ from the background, and how many distinct colours there are.
std::pair<double, int> ink(const QImage& img) {
    const QRgb bg = es::ui::theme::background().rgb();
    qint64 differ = 0;
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 2)
        for (int x = 0; x < img.width(); x += 2) {
            const QRgb c = img.pixel(x, y) | 0xff000000;
            if (c != (bg | 0xff000000)) ++differ;
            if (colours.size() < 5000) colours.insert(c);
        }
    return {double(differ) / double((img.width() / 2) * (img.height() / 2)), int(colours.size())};
}

int csv_lines(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return -1;
    return int(f.readAll().count('\n'));
}

std::vector<int64_t> reference_ids(const char* model) {
    return es::test::read_reference(es::test::reference_models_dir().toStdString() + "/" + model).ids;
}

} // namespace

class TestViews : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString shots_ = qEnvironmentVariable("ES_VIEWS_SHOTS");

    void keep(const QImage& img, const QString& name) {
        if (!shots_.isEmpty()) img.save(shots_ + "/" + name + ".png");
    }

    // Shows `view`, waits for its data and its first drawn frame, checks the pixels on screen and
    // in an offscreen render, and the CSV files; returns the CSV paths.
    void check(PlotView& view, const QString& name, QStringList* kept) {
        view.resize(1400, 860);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY_WITH_TIMEOUT(view.document()->data() && !view.document()->busy(), 120000);
        QTRY_VERIFY_WITH_TIMEOUT(view.drewContent(), 20000);
        QTest::qWait(200);
        const QImage screen = view.grab().toImage();
        keep(screen, name + "_screen");
        const auto [screen_ink, screen_colours] = ink(screen);
        if (screen_ink < 0.02 || screen_colours < 50)
            qWarning("%s: on screen %.3f ink, %d colours", qPrintable(name), screen_ink, screen_colours);
        QVERIFY(screen_ink > 0.02);
        QVERIFY(screen_colours > 50);
        const QImage img = view.renderImage(QSize(1600, 1000));
        keep(img, name);
        QCOMPARE(img.size(), QSize(1600, 1000));
        const auto [i, c] = ink(img);
        QVERIFY2(i > 0.02 && c > 50, qPrintable(QString("%1: %2 ink, %3 colours").arg(name).arg(i).arg(c)));
        const QString png = dir_.filePath(name + ".png");
        QString error;
        QVERIFY2(view.exportPng(png, QSize(800, 500), &error), qPrintable(error));
        QCOMPARE(QImage(png).size(), QSize(800, 500));
        QTemporaryDir csv;
        const QStringList written = view.exportCsv(csv.path(), &error);
        QVERIFY2(!written.isEmpty(), qPrintable(error));
        for (const QString& p : written) {
            const QString to = dir_.filePath(name + "_" + QFileInfo(p).fileName());
            QFile::remove(to);
            QFile::copy(p, to);
            *kept << to;
        }
    }

    static QString find(const QStringList& paths, const QString& stem) {
        for (const QString& p : paths)
            if (p.endsWith(stem + ".csv")) return p;
        return {};
    }

private slots:
    void positionsOnTheBuiltinEncoder() {
        Session session;
        PositionsView view(&session);
        QStringList csv;
        check(view, "positions_builtin", &csv);
        if (QTest::currentTestFailed()) return;
        QVERIFY(!view.hasLearned());
        QCOMPARE(csv_lines(find(csv, "positions_sinusoidal_encoding")), 129);  // header + 128 positions
        QCOMPARE(csv_lines(find(csv, "positions_sinusoidal_similarity")), 129);
        QCOMPARE(csv_lines(find(csv, "positions_sinusoidal_pca_path")), 129);
    }
    void positionsWithGpt2LearnedPositions() {
        Session session;
        PositionsView view(&session);
        view.document()->setSource(es::test::reference_models_dir() + "/gpt2");
        view.document()->setIds(reference_ids("gpt2"));
        view.setPositions(40);
        QTRY_VERIFY_WITH_TIMEOUT(view.hasLearned(), 60000);
        QStringList csv;
        check(view, "positions_gpt2", &csv);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(csv_lines(find(csv, "positions_learned_encoding")), 41);  // the model's 40 positions
    }
    void ropeOnTheBuiltinEncoder() {
        Session session;
        RopeView view(&session);
        view.setPosition(12);
        QStringList csv;
        check(view, "rope_builtin", &csv);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(csv_lines(find(csv, "rope_rotation")), 51);  // GloVe's 100 dimensions: 50 pairs
        QCOMPARE(csv_lines(find(csv, "rope_relative")), 258);
        QVERIFY(!find(csv, "rope_scores").isEmpty());
        view.setPlaying(true);
        QTRY_VERIFY(view.position() > 12.5);
        view.setPlaying(false);
    }
    void ropeOnARandomLlama() {
        Session session;
        RopeView view(&session);
        view.document()->setSource(es::test::reference_models_dir() + "/llama_plain");
        view.document()->setIds(reference_ids("llama_plain"));
        QTRY_VERIFY_WITH_TIMEOUT(view.document()->data() && view.document()->data()->rope, 60000);
        QStringList csv;
        check(view, "rope_llama", &csv);
        if (QTest::currentTestFailed()) return;
        QVERIFY(!find(csv, "rope_scores").isEmpty());
    }
    void attentionModesOnTheBuiltinEncoder() {
        Session session;
        AttentionView view(&session);
        QStringList csv;
        check(view, "attention_head_builtin", &csv);
        if (QTest::currentTestFailed()) return;
        QTRY_VERIFY(view.heatmap()->drewContent());
        // The GPU heatmap itself: its framebuffer holds viridis cells, not only the paper.
        const QImage fb = view.heatmap()->grabFramebuffer();
        keep(fb, "attention_head_builtin_gl");
        QVERIFY(ink(fb).first > 0.1 && ink(fb).second > 30);
        const int n = int(view.document()->data()->out.tokens);
        QCOMPARE(csv_lines(find(csv, "attention_l0_h0")), n + 1);
        const std::pair<AttentionView::Mode, const char*> modes[] = {
            {AttentionView::Mode::Lines, "attention_lines_builtin"},     {AttentionView::Mode::AllHeads, "attention_all_builtin"},
            {AttentionView::Mode::Neuron, "attention_neuron_builtin"},   {AttentionView::Mode::Average, "attention_average_builtin"},
            {AttentionView::Mode::Rollout, "attention_rollout_builtin"}, {AttentionView::Mode::Special, "attention_special_builtin"},
            {AttentionView::Mode::Contexts, "attention_contexts_builtin"}};
        for (const auto& [mode, name] : modes) {
            view.setMode(mode);
            QTRY_VERIFY_WITH_TIMEOUT(!view.document()->busy() && view.document()->context(), 60000);
            QStringList files;
            check(view, name, &files);
            if (QTest::currentTestFailed()) return;
            QVERIFY2(!files.isEmpty(), name);
        }
        // Lines: hovering a query's label isolates it.
        view.setMode(AttentionView::Mode::Lines);
        view.setHead(1, 0);
        QTRY_VERIFY(!view.lineLabelRect(2, true).isEmpty());
        QTest::mouseMove(view.canvas(), view.lineLabelRect(2, true).center().toPoint());
        QTRY_COMPARE(view.isolatedToken(), 2);
        keep(view.grab().toImage(), "attention_lines_isolated");
        // All heads: a click on a thumbnail opens that head.
        view.setHead(0, 0);
        view.setMode(AttentionView::Mode::AllHeads);
        QTRY_VERIFY(!view.thumbnailRect(1, 0).isEmpty());
        QTest::mouseClick(view.canvas(), Qt::LeftButton, {}, view.thumbnailRect(1, 0).center().toPoint());
        QCOMPARE(view.mode(), AttentionView::Mode::Head);
        QCOMPARE(view.layer(), 1);
        QCOMPARE(view.head(), 0);
    }
    void attentionOnACausalGpt2() {
        Session session;
        AttentionView view(&session);
        view.document()->setSource(es::test::reference_models_dir() + "/gpt2");
        view.document()->setIds(reference_ids("gpt2"));
        QTRY_VERIFY_WITH_TIMEOUT(view.document()->data() && view.document()->data()->causal, 60000);
        view.setHead(1, 2);
        QStringList csv;
        check(view, "attention_head_gpt2", &csv);
        if (QTest::currentTestFailed()) return;
        // Causal: every cell above the diagonal is 0 in the export.
        QFile f(find(csv, "attention_l1_h2"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 13);
        for (int i = 1; i < lines.size(); ++i) {
            const QStringList cells = lines[i].split(',');
            double row = 0;
            for (int j = 1; j < cells.size(); ++j) {
                row += cells[j].toDouble();
                if (j > i) QCOMPARE(cells[j].toDouble(), 0.0);
            }
            QVERIFY(std::fabs(row - 1.0) < 1e-5);
        }
        for (auto mode : {AttentionView::Mode::Lines, AttentionView::Mode::AllHeads, AttentionView::Mode::Neuron,
                          AttentionView::Mode::Rollout}) {
            view.setMode(mode);
            QStringList files;
            check(view, QString("attention_gpt2_%1").arg(int(mode)), &files);
            if (QTest::currentTestFailed()) return;
        }
    }
    // Presentation mode enlarges the plots' text. The heatmap keeps its labels in a cached image:
    // one that was on screen when the scale changed draws what one made at that scale draws.
    void presentationEnlargesThePlotText() {
        Session session;
        session.setText(QStringLiteral("the king and the queen went to paris"));
        session.open(SourceSpec::builtin());
        AttentionView attention(&session);
        attention.resize(1000, 700);
        attention.show();
        QVERIFY(QTest::qWaitForWindowExposed(&attention));
        QTRY_VERIFY_WITH_TIMEOUT(attention.document()->data() && !attention.document()->busy(), 120000);
        QTRY_VERIFY_WITH_TIMEOUT(attention.heatmap()->drewContent(), 20000);
        QTest::qWait(100);
        const QImage view_small = attention.heatmap()->grabFramebuffer();

        const QStringList words{"the", "king", "and", "the", "queen"};
        std::vector<float> values(25);
        for (size_t k = 0; k < values.size(); ++k) values[k] = float(k % 7) / 6.0f;
        auto heatmap = [&](HeatmapWidget& h) {
            h.setMatrix(values, 5, 5, 0.0f, 1.0f, words, words, QStringLiteral("A title"), QStringLiteral("a subtitle"));
            h.setFixedSize(500, 400);
            h.show();
            QVERIFY(QTest::qWaitForWindowExposed(&h));
            QTRY_VERIFY_WITH_TIMEOUT(h.drewContent(), 20000);
        };
        HeatmapWidget kept;
        heatmap(kept);
        const QImage small = kept.grabFramebuffer();
        const double title_pt = plot::titleFont().pointSizeF(), label_pt = plot::labelFont().pointSizeF();

        MainWindow window(&session);
        window.setPresentation(true);
        QCOMPARE(plot::titleFont().pointSizeF(), title_pt * 1.5);
        QCOMPARE(plot::labelFont().pointSizeF(), label_pt * 1.5);
        QTest::qWait(100);
        const QImage enlarged = kept.grabFramebuffer();
        HeatmapWidget fresh;
        heatmap(fresh);
        const QImage view_large = attention.heatmap()->grabFramebuffer();
        keep(view_small, "attention_text_1x");
        keep(view_large, "attention_text_1.5x");
        QVERIFY(view_large != view_small);
        QVERIFY(enlarged != small);
        QCOMPARE(enlarged, fresh.grabFramebuffer());

        window.setPresentation(false);
        QCOMPARE(plot::labelFont().pointSizeF(), label_pt);
        QTest::qWait(100);
        QCOMPARE(kept.grabFramebuffer(), small);
    }
    void attentionAt512Tokens() {
        Session session;
        AttentionView view(&session);
        QString text;
        const char* words[] = {"the", "river", "bank", "was", "muddy", "after", "rain", "and", "she", "went", "to", "get", "money"};
        for (int i = 0; i < 600; ++i) text += QString(words[i % 13]) + ' ';
        view.document()->setText(text);
        QTRY_VERIFY_WITH_TIMEOUT(view.document()->data() && view.document()->data()->out.tokens == 512 && !view.document()->busy(), 120000);
        QVERIFY(!view.document()->data()->warnings.isEmpty());  // cut to 512 tokens, and said so
        QStringList csv;
        check(view, "attention_head_512", &csv);
        if (QTest::currentTestFailed()) return;
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 10; ++i) {
            view.setHead(i % 2, 0);
            view.heatmap()->repaint();
        }
        qInfo("512 tokens: %.1f ms per heatmap frame, head changed each time (llvmpipe)", clock.nsecsElapsed() / 1e7);
        // Hovering: the row and column under the pointer framed, its value shown; the labels are not laid out again.
        HeatmapWidget* map = view.heatmap();
        clock.restart();
        for (int i = 0; i < 20; ++i) {
            QTest::mouseMove(map, QPoint(map->width() / 3 + 7 * i, map->height() / 2 + 5 * i));
            map->repaint();
        }
        qInfo("512 tokens: %.1f ms per hover frame (llvmpipe)", clock.nsecsElapsed() / 2e7);
        QVERIFY2(map->hoveredRow() >= 0 && map->hoveredColumn() >= 0, "the pointer is over a cell");
        QVERIFY(ink(view.heatmap()->grabFramebuffer()).first > 0.1);
    }
    void viewTabsTakeTheWidthFromTheDocks() {
        QStandardPaths::setTestModeEnabled(true);  // the window's settings out of the user's own
        QSettings().remove(QStringLiteral("window"));
        Session session;
        session.setText(QStringLiteral("the king and the queen went to paris"));
        session.open(SourceSpec::builtin());
        auto window = std::make_unique<MainWindow>(&session);
        window->resize(1280, 800);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        auto dock = [&](const char* name) { return window->findChild<QDockWidget*>(QString::fromLatin1(name)); };
        QDockWidget *neighbours = dock("neighboursDock"), *analogy = dock("analogyDock"), *search = dock("searchDock"),
                    *layer = dock("layerDock");
        QVERIFY(neighbours && analogy && search && layer);
        // The user's own arrangement: the analogy dock floating, the search dock closed.
        analogy->setFloating(true);
        analogy->move(window->geometry().topLeft() + QPoint(300, 200));
        search->close();
        QTest::qWait(100);
        struct Look {
            bool hidden, floating;
            Qt::DockWidgetArea area;
            QRect geometry;
        };
        auto looks = [&] {
            std::map<QString, Look> out;
            for (QDockWidget* d : window->findChildren<QDockWidget*>())
                if (d != layer)  // the Layer dock follows the encoder, checked below
                    out[d->objectName()] = {d->isHidden(), d->isFloating(), window->dockWidgetArea(d), d->geometry()};
            return out;
        };
        const auto before = looks();
        const int scatter_width = window->tabs()->width();
        QVERIFY(!neighbours->isHidden() && !analogy->isHidden() && search->isHidden());

        QVERIFY(window->showView(QStringLiteral("rope")));
        // The encoder may arrive now and show its Layer dock; the window puts it away on its next turn.
        auto all_hidden = [&] {
            const auto docks = window->findChildren<QDockWidget*>();
            return std::all_of(docks.begin(), docks.end(), [](QDockWidget* d) { return d->isHidden(); });
        };
        QTRY_VERIFY(all_hidden());
        // The RoPE view has the window's width (once the layout has caught up): wider than beside
        // the docks, and no scrolling.
        auto* rope = window->findChild<RopeView*>();
        auto* area = qobject_cast<QScrollArea*>(window->tabs()->currentWidget());
        QVERIFY(rope && area && area->widget() == rope);
        QTRY_VERIFY2(window->tabs()->width() >= window->width() - 40,
                     qPrintable(QString("tabs %1 of %2").arg(window->tabs()->width()).arg(window->width())));
        QTest::qWait(50);
        QVERIFY(window->tabs()->width() > scatter_width + 200);
        QVERIFY(!area->horizontalScrollBar()->isVisible());
        QCOMPARE(rope->width(), area->viewport()->width());
        // The encoder arrives meanwhile: its Layer dock waits for the scatter view.
        QTRY_VERIFY_WITH_TIMEOUT(session.state() == Session::State::Ready, 120000);
        QTRY_VERIFY(session.hasEncoder());
        QTest::qWait(100);
        QVERIFY(layer->isHidden());

        // The user opens a dock from the View menu: it stays, here and on the next view.
        neighbours->toggleViewAction()->trigger();
        QTest::qWait(100);
        QVERIFY(!neighbours->isHidden());
        QVERIFY(window->showView(QStringLiteral("attention")));
        QTest::qWait(100);
        QVERIFY(!neighbours->isHidden());
        QVERIFY(analogy->isHidden() && layer->isHidden());

        // The window's settings keep the user's arrangement, not the one a view shows.
        window->close();
        const QByteArray saved = QSettings().value(QStringLiteral("window/state")).toByteArray();
        QVERIFY(!saved.isEmpty());
        QVERIFY(analogy->isHidden());
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));

        // Back to the scatter view: every dock as it was, and the Layer dock for the encoder.
        QVERIFY(window->showView(QStringLiteral("scatter")));
        QTest::qWait(200);
        const auto after = looks();
        for (const auto& [name, was] : before) {
            const Look& now = after.at(name);
            QVERIFY2(now.hidden == was.hidden && now.floating == was.floating && now.area == was.area, qPrintable(name));
            if (!was.hidden && was.floating) QCOMPARE(now.geometry, was.geometry);
        }
        QVERIFY(!layer->isHidden());
        QVERIFY(window->tabs()->width() < scatter_width + 40);
        // The source becomes a word table while a view is showing: no Layer dock on the way back.
        QVERIFY(window->showView(QStringLiteral("rope")));
        QTest::qWait(100);
        QVERIFY(layer->isHidden());
        session.open(SourceSpec::table(QString::fromStdString(es::default_table_path())));
        QTRY_VERIFY_WITH_TIMEOUT(session.state() == Session::State::Ready && !session.hasEncoder(), 120000);
        QVERIFY(window->showView(QStringLiteral("scatter")));
        QTest::qWait(200);
        QVERIFY(layer->isHidden());
        QVERIFY(!neighbours->isHidden());
        window->close();
        // A new window from those settings shows the same docks.
        QSettings().setValue(QStringLiteral("window/state"), saved);
        MainWindow again(&session);
        again.resize(1280, 800);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        auto* analogy2 = again.findChild<QDockWidget*>(QStringLiteral("analogyDock"));
        auto* search2 = again.findChild<QDockWidget*>(QStringLiteral("searchDock"));
        QVERIFY(analogy2 && !analogy2->isHidden() && analogy2->isFloating());
        QVERIFY(search2 && search2->isHidden());
        QSettings().remove(QStringLiteral("window"));
    }
};

int main(int argc, char** argv) {
    QSurfaceFormat f;
    f.setRenderableType(QSurfaceFormat::OpenGL);
    f.setVersion(3, 3);
    f.setProfile(QSurfaceFormat::CoreProfile);
    QSurfaceFormat::setDefaultFormat(f);
    QApplication app(argc, argv);
    es::ui::theme::apply(app);
    TestViews t;
    return QTest::qExec(&t, argc, argv);
}
#include "test_views.moc"
