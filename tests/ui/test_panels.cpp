// The explorer's panels in the real window on the default GloVe table, under Xvfb: the analogy
// panel answers man : king :: woman : ? as core does (queen first) and the view draws its
// parallelogram; clicking a point fills the neighbours panel with core's neighbours; an unknown
// word is marked in its field; the projection, search and colour choices reach the Session;
// the panels' state round-trips; and a screenshot of the window is written for a human to see.
#include "search/analogy.h"
#include "panels/analogy_panel.h"
#include "base/data_paths.h"
#include "panels/explorer_panels.h"
#include "panels/layer_panel.h"
#include "window/main_window.h"
#include "search/neighbours.h"
#include "panels/neighbours_panel.h"
#include "panels/projection_panel.h"
#include "scatter/scatter_view.h"
#include "panels/score_list.h"
#include "panels/search_panel.h"
#include "document/session.h"
#include "document/source_spec.h"
#include "style/theme.h"
#include "support/pixel_checks.h"
#include "vectors/vector_table.h"
#include "panels/word_field.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QAbstractItemView>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QPainter>
#include <QPushButton>
#include <QRadioButton>
#include <QSlider>
#include <QtTest>

#include <cmath>

using namespace es;
using namespace es::ui;
using es::ui::test::colour_distance;

namespace {

constexpr int kLoadTimeoutMs = 120000;

QString word_of(const VectorTable& t, uint32_t row) {
    const auto w = t.word(row);
    return QString::fromUtf8(w.data(), qsizetype(w.size()));
}

// The window as a person sees it: widgets plus the GL view's framebuffer (as gui_main grabs it).
QImage grab_window(MainWindow& window) {
    QImage image = window.grab().toImage();
    ScatterView* view = window.scatterView();
    if (view->isVisible()) {
        QPainter painter(&image);
        painter.drawImage(QRectF(QPointF(view->mapTo(&window, QPoint(0, 0))), QSizeF(view->size())), view->grabFramebuffer());
    }
    return image;
}

// Types into a word field and presses Enter as a keyboard would: to the completion popup when it
// is open (it passes the key on to the field), else to the field.
void type_and_enter(QLineEdit* field, const QString& text) {
    QTest::keyClicks(field, text);
    QWidget* popup = field->completer() ? field->completer()->popup() : nullptr;
    QTest::keyClick(popup && popup->isVisible() ? popup : static_cast<QWidget*>(field), Qt::Key_Return);
}

} // namespace

// compareWithCore's failures end the calling test too.
#define CHECK_AGAINST_CORE(...)                       \
    do {                                              \
        compareWithCore(__VA_ARGS__);                 \
        if (QTest::currentTestFailed()) return;       \
    } while (false)

class TestPanels : public QObject {
    Q_OBJECT

    std::shared_ptr<const VectorTable> table_;
    std::unique_ptr<Session> session_;
    std::unique_ptr<MainWindow> window_;
    ExplorerPanels* panels_ = nullptr;

    ScatterView* view() { return window_->scatterView(); }
    uint32_t row(const char* w) { return *table_->lookup(w); }

    // Draws a frame now and returns it, in logical pixels of the view.
    QImage frame() {
        view()->update();
        QTest::qWait(30);
        QImage img = view()->grabFramebuffer();
        return img.scaled(view()->size(), Qt::IgnoreAspectRatio, Qt::FastTransformation);
    }

    // Brings a panel's dock tab to the front, as a person clicking the tab would.
    void raise(QWidget* panel) {
        panels_->dock(panel)->raise();
        QTRY_VERIFY(panel->isVisible());
        QTest::qWait(20);
    }

    void waitProjected() { QTRY_VERIFY_WITH_TIMEOUT(!session_->projecting(), 60000); }

    // The panel's list and the view's lines against core's exact search for the same question.
    void compareWithCore(NeighboursPanel* panel, uint32_t centre, int k, Metric metric) {
        const uint32_t self[] = {centre};
        const auto expected = nearest(*table_, std::span<const float>(table_->row(centre), table_->dim()), size_t(k), metric, 0, self);
        QCOMPARE(panel->metric(), metric);
        QCOMPARE(panel->k(), k);
        // The panel answers on the next turn of the event loop (a dragged slider asks once).
        QTRY_VERIFY(panel->shownRow() == std::optional<uint32_t>(centre) && panel->shownK() == k && panel->shownMetric() == metric);
        const auto& list = panel->list()->scores();
        QCOMPARE(list.size(), expected.size());
        QCOMPARE(panel->list()->count(), int(expected.size()));
        for (size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(panel->neighbours()[i].row, expected[i].row);
            QCOMPARE(panel->neighbours()[i].score, expected[i].score);
            QCOMPARE(list[i].word, word_of(*table_, expected[i].row));
            QCOMPARE(panel->list()->item(int(i))->text(), word_of(*table_, expected[i].row));
        }
        // The view draws lines from the centre to exactly these rows.
        const ViewOverlay& o = view()->overlay();
        QCOMPARE(o.centre, std::optional<uint32_t>(centre));
        QCOMPARE(o.neighbours.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(o.neighbours[i].first, expected[i].row);
            QVERIFY(o.neighbours[i].second >= 0.f && o.neighbours[i].second <= 1.f);
        }
    }

private slots:
    void initTestCase() {
        const QString path = QString::fromStdString(default_table_path());
        if (!QFileInfo::exists(path)) QFAIL(qPrintable("the default table " + path + " is missing: run ./scripts/setup first"));
        table_ = VectorTable::open_esv(path.toStdString());
        session_ = std::make_unique<Session>();
        session_->setText(QStringLiteral("the king and the queen went to paris"));
        session_->load(path);
        theme::apply(*qApp, theme::Mode::Light);  // as the application starts
        window_ = std::make_unique<MainWindow>(session_.get());
        if (!ExplorerPanels::of(window_.get())) installExplorerPanels(window_.get(), session_.get(), view());
        panels_ = ExplorerPanels::of(window_.get());
        QVERIFY(panels_);
        window_->resize(1280, 800);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        window_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        QTRY_VERIFY_WITH_TIMEOUT(session_->state() == Session::State::Ready, kLoadTimeoutMs);
        waitProjected();
        QTRY_VERIFY_WITH_TIMEOUT(view()->drewData(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!view()->animating(), 5000);
    }

    void docksAreInstalled() {
        QStringList titles;
        for (QDockWidget* d : window_->findChildren<QDockWidget*>()) titles << d->windowTitle();
        for (const char* t : {"Neighbours", "Analogy", "Projection", "Search && colour", "Layer"})
            QVERIFY2(titles.contains(QString::fromUtf8(t)), qPrintable(titles.join(", ")));
        // A second install adds nothing.
        installExplorerPanels(window_.get(), session_.get(), view());
        QCOMPARE(window_->findChildren<ExplorerPanels*>().size(), 1);
        // The layer panel is off without an encoder.
        QVERIFY(!session_->hasEncoder());
        QVERIFY(!panels_->layer()->isEnabled());
        QVERIFY(panels_->dock(panels_->layer())->isHidden());
    }

    void analogyListsQueenFirstAndDrawsTheParallelogram() {
        AnalogyPanel* panel = panels_->analogy();
        QCOMPARE(panel->fieldA()->text(), QStringLiteral("man"));
        QCOMPARE(panel->fieldB()->text(), QStringLiteral("king"));
        QCOMPARE(panel->fieldC()->text(), QStringLiteral("woman"));
        QTRY_VERIFY(panel->result().has_value());
        const uint32_t man = row("man"), king = row("king"), woman = row("woman");
        const Analogy expected = solve_analogy(*table_, man, king, woman, AnalogyMethod::CosAdd, 10);
        const auto& list = panel->list()->scores();
        QCOMPARE(list.size(), expected.candidates.size());
        for (size_t i = 0; i < list.size(); ++i) {
            QCOMPARE(list[i].row, expected.candidates[i].row);
            QCOMPARE(float(list[i].score), expected.candidates[i].score);
        }
        QCOMPARE(panel->list()->item(0)->text(), QStringLiteral("queen"));
        QCOMPARE(panel->chosenRow(), std::optional<uint32_t>(row("queen")));

        // The view holds the parallelogram: a→b, c→landing (b − a + c projected), the chosen word.
        const ViewOverlay& o = view()->overlay();
        QVERIFY(o.analogy.has_value());
        QCOMPARE(o.analogy->a, man);
        QCOMPARE(o.analogy->b, king);
        QCOMPARE(o.analogy->c, woman);
        QCOMPARE(o.analogy->chosen, std::optional<uint32_t>(row("queen")));
        const QVector3D landing = session_->projectVector(expected.target.data());
        QVERIFY((o.analogy->landing - landing).length() <= 1e-5f * std::max(1.f, landing.length()));

        // Pixels along the arrow a→b change when the analogy is drawn (and not when it is not).
        QTRY_VERIFY_WITH_TIMEOUT(!view()->animating(), 5000);
        const QImage with = frame();
        QCheckBox* draw = panel->findChild<QCheckBox*>();
        QVERIFY(draw && draw->isChecked());
        QTest::mouseClick(draw, Qt::LeftButton, {}, QPoint(8, draw->height() / 2));
        QVERIFY(!draw->isChecked());
        QVERIFY(!view()->overlay().analogy.has_value());
        const QImage without = frame();
        with.save(QDir(QCoreApplication::applicationDirPath()).filePath("test_panels_with.png"));
        without.save(QDir(QCoreApplication::applicationDirPath()).filePath("test_panels_without.png"));
        // The arrow a→b, and the same arrow from c to the landing point.
        for (auto [p, q] : {std::pair{view()->screenPosition(man), view()->screenPosition(king)},
                            std::pair{view()->screenPosition(woman), view()->screenPositionOf(landing)}}) {
            qInfo("arrow %g,%g -> %g,%g", p.x(), p.y(), q.x(), q.y());
            QVERIFY2(QRectF(view()->rect()).contains(p) && QRectF(view()->rect()).contains(q), "the arrow is off screen");
            const double length = std::hypot(q.x() - p.x(), q.y() - p.y());
            QVERIFY2(length > 20, qPrintable(QString("arrow only %1 px long").arg(length)));
            int samples = 0, changed = 0;
            for (double t = 0.25; t <= 0.75; t += 0.05) {  // the shaft, away from the end points' markers
                const QPointF s = p + (q - p) * t;
                bool differs = false;
                for (int dx = -2; dx <= 2 && !differs; ++dx)
                    for (int dy = -2; dy <= 2 && !differs; ++dy) {
                        const QPoint at = s.toPoint() + QPoint(dx, dy);
                        if (!with.rect().contains(at)) continue;
                        differs = colour_distance(with.pixel(at), without.pixel(at)) > 40;
                    }
                ++samples;
                changed += differs;
            }
            QVERIFY2(changed >= samples * 8 / 10, qPrintable(QString("%1 of %2 samples along the arrow drawn").arg(changed).arg(samples)));
        }
        QTest::mouseClick(draw, Qt::LeftButton, {}, QPoint(8, draw->height() / 2));
        QVERIFY(view()->overlay().analogy.has_value());
    }

    void analogyMethodFollowsCore() {
        AnalogyPanel* panel = panels_->analogy();
        QComboBox* method = panel->methodChooser();
        method->setFocus();
        QTest::keyClick(method, Qt::Key_Down);
        QCOMPARE(panel->method(), AnalogyMethod::CosMul);
        const Analogy expected = solve_analogy(*table_, row("man"), row("king"), row("woman"), AnalogyMethod::CosMul, 10);
        const auto& list = panel->list()->scores();
        QCOMPARE(list.size(), expected.candidates.size());
        for (size_t i = 0; i < list.size(); ++i) QCOMPARE(list[i].row, expected.candidates[i].row);
        QCOMPARE(list.front().word, QStringLiteral("queen"));
        QTest::keyClick(method, Qt::Key_Up);
        QCOMPARE(panel->method(), AnalogyMethod::CosAdd);
    }

    void unknownWordIsMarked() {
        AnalogyPanel* panel = panels_->analogy();
        WordField* b = panel->fieldB();
        b->setFocus();
        b->selectAll();
        type_and_enter(b, QStringLiteral("qzxwvkj"));
        QVERIFY(b->markedUnknown());
        QVERIFY(b->property("unknownWord").toBool());
        QVERIFY2(b->toolTip().contains(QStringLiteral("qzxwvkj")), qPrintable(b->toolTip()));
        QVERIFY(!panel->fieldA()->markedUnknown());
        QVERIFY(!panel->fieldC()->markedUnknown());
        QVERIFY(!panel->result().has_value());
        QCOMPARE(panel->list()->count(), 0);
        QVERIFY(!view()->overlay().analogy.has_value());
        // The mark is visible: the field's frame is vermillion.
        const QImage img = b->grab().toImage();
        const QRgb mark = theme::palette()[6].rgb();
        int marked = 0;
        for (int x = 0; x < img.width(); ++x)
            for (int y : {0, 1, 2, img.height() - 3, img.height() - 2, img.height() - 1})
                marked += colour_distance(img.pixel(x, y), mark) <= 40;
        QVERIFY2(marked > img.width() / 2, qPrintable(QString("%1 marked border pixels").arg(marked)));
        // Editing clears the mark; a known word answers again.
        b->selectAll();
        QTest::keyClicks(b, QStringLiteral("kin"));
        QVERIFY(!b->markedUnknown());
        type_and_enter(b, QStringLiteral("g"));
        QTRY_VERIFY(panel->result().has_value());
        QCOMPARE(panel->list()->item(0)->text(), QStringLiteral("queen"));
    }

    void clickingAPointFillsTheNeighbours() {
        NeighboursPanel* panel = panels_->neighbours();
        // Click on "paris", one of the text's highlighted words.
        const uint32_t paris = row("paris");
        const QPoint at = view()->screenPosition(paris).toPoint();
        QVERIFY(view()->rect().contains(at));
        const auto picked = view()->pickAt(at);
        QVERIFY(picked.has_value());
        QTest::mouseClick(view(), Qt::LeftButton, {}, at);
        QTRY_COMPARE(session_->currentRow(), picked);
        CHECK_AGAINST_CORE(panel, *picked, panel->k(), Metric::Cosine);
        QVERIFY(panel->findChild<QLabel*>() != nullptr);
        bool says_original = false;
        for (QLabel* l : panel->findChildren<QLabel*>())
            says_original = says_original || l->text().contains(QStringLiteral("original %1-dimensional space").arg(table_->dim()));
        QVERIFY(says_original);

        // k by keyboard on the slider, then the metric: the list follows core.
        QSlider* k = panel->kSlider();
        k->setFocus();
        k->setValue(20);
        QTest::keyClick(k, Qt::Key_Right);
        QCOMPARE(panel->k(), 21);
        CHECK_AGAINST_CORE(panel, *picked, 21, Metric::Cosine);
        QComboBox* metric = panel->metricChooser();
        metric->setCurrentIndex(2);
        QCOMPARE(panel->metric(), Metric::Euclidean);
        CHECK_AGAINST_CORE(panel, *picked, 21, Metric::Euclidean);
        metric->setCurrentIndex(1);
        CHECK_AGAINST_CORE(panel, *picked, 21, Metric::Dot);
        metric->setCurrentIndex(0);
        panel->setK(10);

        // A typed word becomes the current row.
        WordField* word = panel->wordField();
        word->setFocus();
        word->selectAll();
        type_and_enter(word, QStringLiteral("physics"));
        QTRY_COMPARE(session_->currentRow(), std::optional<uint32_t>(row("physics")));
        CHECK_AGAINST_CORE(panel, row("physics"), 10, Metric::Cosine);

        // A word of the list is clicked: it becomes current; Back returns.
        const uint32_t second = panel->neighbours()[1].row;
        ScoreList* list = panel->list();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(1)).center());
        QTRY_COMPARE(session_->currentRow(), std::optional<uint32_t>(second));
        CHECK_AGAINST_CORE(panel, second, 10, Metric::Cosine);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Left, Qt::AltModifier);
        QTRY_COMPARE(session_->currentRow(), std::optional<uint32_t>(row("physics")));

        // An unknown typed word is marked and changes nothing.
        word->setFocus();
        word->selectAll();
        type_and_enter(word, QStringLiteral("qzxwvkj"));
        QVERIFY(word->markedUnknown());
        QCOMPARE(session_->currentRow(), std::optional<uint32_t>(row("physics")));

        // Isolate reaches the view.
        QTest::mouseClick(panel->isolateToggle(), Qt::LeftButton, {}, QPoint(8, panel->isolateToggle()->height() / 2));
        QVERIFY(view()->overlay().isolate);
        panel->setIsolate(false);
        QVERIFY(!view()->overlay().isolate);
    }

    void projectionChoicesReachTheSession() {
        ProjectionPanel* panel = panels_->projection();
        raise(panel);
        const auto& ratio = session_->pca().explained_variance_ratio;
        QVERIFY(ratio.size() >= 10);
        for (int c = 0; c < 10; ++c)
            QVERIFY2(panel->componentChooser(0)->itemText(c).contains(QString::number(ratio[size_t(c)] * 100, 'f', 1)),
                     qPrintable(panel->componentChooser(0)->itemText(c)));

        // 3-D.
        QTest::mouseClick(panel->threeDChoice(), Qt::LeftButton, {}, QPoint(8, panel->threeDChoice()->height() / 2));
        waitProjected();  // projection() is the one shown: it changes when the points are ready
        QCOMPARE(session_->projection().three_d, true);
        QTRY_VERIFY_WITH_TIMEOUT(view()->threeD(), 5000);
        // PC4 on Y.
        panel->componentChooser(1)->setCurrentIndex(3);
        waitProjected();
        QCOMPARE(session_->projection().components, (std::array<int, 3>{0, 3, 2}));
        // PC4 on X too: Y takes X's old PC1 (two axes never share a component).
        panel->componentChooser(0)->setCurrentIndex(3);
        QCOMPARE(panel->componentChooser(1)->currentIndex(), 0);
        waitProjected();
        QCOMPARE(session_->projection().components, (std::array<int, 3>{3, 0, 2}));
        QCOMPARE(session_->axisLabels().size(), 3);
        QVERIFY2(session_->axisLabels()[0].startsWith(QStringLiteral("PC4")), qPrintable(session_->axisLabels().join(" ")));

        // Fit on the 10k most frequent words.
        panel->fitChooser()->setCurrentIndex(0);
        waitProjected();
        QCOMPARE(session_->projection().fit_on, ProjectionSpec::FitOn::Top10k);

        // Custom axes he → she, bad → good in 2-D.
        QTest::mouseClick(panel->twoDChoice(), Qt::LeftButton, {}, QPoint(8, panel->twoDChoice()->height() / 2));
        QTest::mouseClick(panel->axesChoice(), Qt::LeftButton, {}, QPoint(8, panel->axesChoice()->height() / 2));
        waitProjected();
        ProjectionSpec s = session_->projection();
        QCOMPARE(s.kind, ProjectionSpec::Axes);
        QCOMPARE(s.three_d, false);
        QCOMPARE(s.axes.size(), size_t(2));
        QCOMPARE(s.axes[0].from, QStringList{"he"});
        QCOMPARE(s.axes[0].to, QStringList{"she"});
        QCOMPARE(s.axes[1].from, QStringList{"bad"});
        QCOMPARE(s.axes[1].to, QStringList{"good"});
        QCOMPARE(session_->axisLabels(), (QStringList{QStringLiteral("he → she"), QStringLiteral("bad → good")}));

        // Groups: "he, him" → "she, her", by typing and Enter.
        WordField* from = panel->axisFrom(0);
        from->setFocus();
        from->selectAll();
        type_and_enter(from, QStringLiteral("he, him"));
        waitProjected();
        QCOMPARE(session_->projection().axes[0].from, (QStringList{"he", "him"}));

        // An unknown word is marked and nothing is sent.
        WordField* to = panel->axisTo(1);
        to->setFocus();
        to->selectAll();
        type_and_enter(to, QStringLiteral("qzxwvkj"));
        QVERIFY(to->markedUnknown());
        waitProjected();
        QCOMPARE(session_->projection().axes[1].to, QStringList{"good"});
        to->selectAll();
        QTest::keyClicks(to, QStringLiteral("good"));

        // The Session's projection set elsewhere (undo, a file) shows in the panel.
        ProjectionSpec pca;
        pca.fit_on = ProjectionSpec::FitOn::Top50k;
        session_->setProjection(pca);
        waitProjected();
        QTRY_VERIFY(panel->pcaChoice()->isChecked());
        QVERIFY(panel->twoDChoice()->isChecked());
        QCOMPARE(panel->spec(), pca);
        QTRY_VERIFY_WITH_TIMEOUT(!view()->animating(), 5000);
    }

    void searchAndColour() {
        SearchPanel* panel = panels_->search();
        raise(panel);
        QLineEdit* field = panel->patternField();
        QCheckBox* regex = panel->regexToggle();
        regex->setChecked(true);
        field->setFocus();
        field->clear();
        QTest::keyClicks(field, QStringLiteral("^king"));
        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(session_->searchPattern(), QStringLiteral("^king"));
        QVERIFY(session_->searchIsRegex());
        QTRY_VERIFY_WITH_TIMEOUT(!session_->searching(), 30000);
        const size_t n = session_->searchMatches().size();
        QVERIFY(n > 10);
        QCOMPARE(panel->countText(), QStringLiteral("%1 matches").arg(QLocale().toString(qulonglong(n))));
        QVERIFY(panel->errorText().isEmpty());
        QTest::mouseClick(panel->selectMatchesButton(), Qt::LeftButton);
        QCOMPARE(session_->selection(), session_->searchMatches());

        // A broken expression: the error is shown, nothing matches.
        field->selectAll();
        QTest::keyClicks(field, QStringLiteral("(king"));
        QTest::keyClick(field, Qt::Key_Return);
        QVERIFY(!session_->searchError().isEmpty());
        QVERIFY2(panel->errorText().contains(session_->searchError()), qPrintable(panel->errorText()));
        QCOMPARE(panel->countText(), QStringLiteral("no matches"));
        field->clear();
        QCOMPARE(session_->searchPattern(), QString());

        // Colour by selection, then back to rank.
        QComboBox* colour = panel->colourChooser();
        QCOMPARE(colour->itemData(0).toString(), QStringLiteral("rank"));
        colour->setFocus();
        QTest::keyClick(colour, Qt::Key_Down);
        QCOMPARE(session_->colourBy(), Session::ColourBy::Selection);
        QTest::keyClick(colour, Qt::Key_Up);
        QCOMPARE(session_->colourBy(), Session::ColourBy::Rank);

        // Point size and opacity reach the view.
        panel->pointSizeSlider()->setValue(6);
        QCOMPARE(view()->pointSize(), 6.f);
        panel->opacitySlider()->setValue(40);
        QVERIFY(std::abs(view()->opacity() - 0.40f) < 1e-6f);
        session_->setSelection({});
    }

    void stateRoundTrips() {
        raise(panels_->analogy());
        NeighboursPanel* n = panels_->neighbours();
        AnalogyPanel* a = panels_->analogy();
        n->setK(17);
        n->setMetric(Metric::Dot);
        a->setWords(QStringLiteral("paris"), QStringLiteral("france"), QStringLiteral("rome"));
        a->setMethod(AnalogyMethod::CosMul);
        QVERIFY(a->solve());
        const QJsonObject saved = explorerPanelsState(window_.get());
        QCOMPARE(saved.value("neighbours").toObject().value("k").toInt(), 17);
        QCOMPARE(saved.value("neighbours").toObject().value("metric").toString(), QStringLiteral("dot"));
        QCOMPARE(saved.value("analogy").toObject().value("c").toString(), QStringLiteral("rome"));
        QCOMPARE(saved.value("analogy").toObject().value("method").toString(), QStringLiteral("3cosmul"));

        n->setK(5);
        n->setMetric(Metric::Cosine);
        a->setWords(QStringLiteral("man"), QStringLiteral("king"), QStringLiteral("woman"));
        a->setMethod(AnalogyMethod::CosAdd);
        a->solve();
        restoreExplorerPanelsState(window_.get(), saved);
        QCOMPARE(explorerPanelsState(window_.get()), saved);
        QCOMPARE(n->k(), 17);
        QCOMPARE(n->metric(), Metric::Dot);
        QVERIFY(a->result().has_value());
        const Analogy expected = solve_analogy(*table_, row("paris"), row("france"), row("rome"), AnalogyMethod::CosMul, 10);
        QCOMPARE(a->result()->candidates.front().row, expected.candidates.front().row);
        QCOMPARE(a->list()->item(0)->text(), QStringLiteral("italy"));

        // Back to the classroom's first question.
        restoreExplorerPanelsState(window_.get(), QJsonObject{
            {"neighbours", QJsonObject{{"k", 10}, {"metric", "cosine"}, {"isolate", false}}},
            {"analogy", QJsonObject{{"a", "man"}, {"b", "king"}, {"c", "woman"}, {"method", "3cosadd"}}}});
        QCOMPARE(a->list()->item(0)->text(), QStringLiteral("queen"));
        QCOMPARE(n->k(), 10);
    }

    // With the built-in encoder the Layer dock shows itself and its slider sets the Session's layer.
    void layerPanelFollowsTheEncoder() {
        Session s;
        QMainWindow w;
        auto* v = new ScatterView(&s, &w);
        w.setCentralWidget(v);
        installExplorerPanels(&w, &s, v);
        ExplorerPanels* panels = ExplorerPanels::of(&w);
        QVERIFY(panels);
        w.resize(1000, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        s.setText(QStringLiteral("the king and the queen"));
        s.open(SourceSpec::builtin());
        QTRY_VERIFY_WITH_TIMEOUT(s.state() == Session::State::Ready, kLoadTimeoutMs);
        QVERIFY(s.hasEncoder());
        LayerPanel* panel = panels->layer();
        QTRY_VERIFY(panels->dock(panel)->isVisible());
        QVERIFY(panel->isEnabled());
        QCOMPARE(panel->slider()->maximum(), s.layerCount());
        QVERIFY(s.layerCount() >= 1);
        panel->slider()->setFocus();
        QTest::keyClick(panel->slider(), Qt::Key_End);
        QCOMPARE(s.layer(), s.layerCount());
        QVERIFY2(panel->layerText().contains(QString::number(s.layerCount())), qPrintable(panel->layerText()));
        QTest::keyClick(panel->slider(), Qt::Key_Home);
        QCOMPARE(s.layer(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(s.contextualPoints().size() == 15, 30000);
        // The analogy is answered again from the new source's vocabulary.
        QTRY_VERIFY(panels->analogy()->result().has_value());
        QCOMPARE(panels->analogy()->list()->item(0)->text(), QStringLiteral("queen"));
    }

    // A picture of the window with its panels, for a person to look at (not compared).
    void screenshot() {
        session_->setCurrentRow(row("queen"));
        panels_->analogy()->solve();
        raise(panels_->analogy());
        save_screenshot(QStringLiteral("test_panels.png"));

        // Presentation mode (as the window sets it: a larger application font, a larger view):
        // the panels' text grows and their docks widen.
        const int normal = panels_->neighbours()->list()->sizeHintForRow(0);
        const int narrow = panels_->dock(panels_->neighbours())->width();
        const QFont normal_font = QApplication::font();
        QFont big = normal_font;
        big.setPointSizeF(16);
        QApplication::setFont(big);
        view()->setPresentation(true);
        window_->resize(1920, 1080);
        QTRY_VERIFY(panels_->neighbours()->list()->sizeHintForRow(0) > normal * 5 / 4);
        QTRY_VERIFY(panels_->dock(panels_->neighbours())->width() > narrow);
        save_screenshot(QStringLiteral("test_panels_presentation.png"));
        QApplication::setFont(normal_font);
        view()->setPresentation(false);
        window_->resize(1280, 800);
        theme::apply(*qApp, theme::Mode::Dark);
        save_screenshot(QStringLiteral("test_panels_dark.png"));
        theme::apply(*qApp, theme::Mode::Light);
    }

private:
    void save_screenshot(const QString& name) {
        QTest::qWait(300);
        QTRY_VERIFY_WITH_TIMEOUT(!view()->animating(), 5000);
        view()->update();
        QTest::qWait(100);
        const QImage img = grab_window(*window_);
        QVERIFY(!img.isNull());
        const QString out = QDir(QCoreApplication::applicationDirPath()).filePath(name);
        QVERIFY(img.save(out));
        qInfo("screenshot: %s", qPrintable(out));
    }
};

QTEST_MAIN(TestPanels)
#include "test_panels.moc"
