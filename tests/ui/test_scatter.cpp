// The scatter view on the real default table under Xvfb: every row is drawn (pixels where rare
// words project), the 3-D camera round-trips, box and lasso selection pick exactly the rows
// inside (checked against the 2-D camera's closed form), the analogy overlay is drawn along its
// arrows, renderImage has the asked size, and a projection change animates to the new places.
#include "support/pixel_checks.h"
#include "search/analogy.h"
#include "base/data_paths.h"
#include "scatter/scatter_view.h"
#include "document/session.h"
#include "style/theme.h"

#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace es;
using namespace es::ui;
using namespace es::ui::test;

namespace {

constexpr int kLoadTimeoutMs = 180000;

} // namespace

class TestScatter : public QObject {
    Q_OBJECT

    std::unique_ptr<Session> session_;
    std::unique_ptr<ScatterView> view_;

    // The 2-D camera's map, written out: x right, y up, centred, pixels_per_unit.
    QPointF closedForm(uint32_t row) const {
        const CameraState c = view_->camera();
        const auto& p = session_->points();
        return {view_->width() / 2.0 + (p[3 * row] - c.centre_x) * c.pixels_per_unit,
                view_->height() / 2.0 - (p[3 * row + 1] - c.centre_y) * c.pixels_per_unit};
    }

    void waitProjection() {
        QTRY_VERIFY_WITH_TIMEOUT(!session_->projecting() && session_->pointCount() == session_->vocabularySize(), kLoadTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!view_->animating(), 5000);
        QCoreApplication::processEvents();
    }

    // A frame with the current state: grabFramebuffer() renders one.
    QImage frame() { return view_->grabFramebuffer().convertToFormat(QImage::Format_RGB32); }

private slots:
    void gridLinesAreBounded() {
        QCOMPARE(ScatterView::gridLines(-3.5, 3.5, 1), (std::vector<double>{-3, -2, -1, 0, 1, 2, 3}));
        QCOMPARE(ScatterView::gridLines(0.25, 0.3, 1), std::vector<double>{});
        // Far from the origin a step no longer changes x: counted, not accumulated.
        QVERIFY(ScatterView::gridLines(1e18, 1e18 + 4096, 1).empty());
        const auto far = ScatterView::gridLines(1e18, 1e18 + 100, 50);  // where k + 1 == k in doubles: still ends
        QVERIFY(!far.empty() && far.size() <= 8);
        QVERIFY(ScatterView::gridLines(0, 1, 0).empty());
        QVERIFY(ScatterView::gridLines(-qInf(), 1, 1).empty());
    }

    void initTestCase() {
        const QString path = QString::fromStdString(default_table_path());
        if (!QFileInfo::exists(path)) QFAIL(qPrintable("the default table " + path + " is missing: run ./scripts/setup first"));
        session_ = std::make_unique<Session>();
        session_->setText(QStringLiteral("the king and the queen went to paris"));
        session_->load(path);
        QTRY_VERIFY_WITH_TIMEOUT(session_->state() == Session::State::Ready, kLoadTimeoutMs);
        view_ = std::make_unique<ScatterView>(session_.get());
        view_->resize(1000, 700);
        view_->show();
        QVERIFY(QTest::qWaitForWindowExposed(view_.get()));
        waitProjection();
        QTRY_VERIFY_WITH_TIMEOUT(view_->drewData(), 30000);
        view_->setLabelDensity(0);  // pixel checks below want bare points
    }

    void everyRowIsDrawn() {
        QCOMPARE(view_->pointsDrawn(), session_->vocabularySize());
        QVERIFY(session_->vocabularySize() > 300000);
        view_->setOpacity(1.0f);
        view_->setLabelsShown(false);
        // Zoomed in on a rare word's neighbourhood, where the cloud thins into single points.
        const CameraState fit = view_->camera();
        CameraState zoomed = fit;
        const auto& p = session_->points();
        zoomed.centre_x = p[3 * 250000], zoomed.centre_y = p[3 * 250000 + 1];
        zoomed.pixels_per_unit *= 60;
        view_->setCamera(zoomed);
        const QImage img = frame();
        QCOMPARE(img.size(), view_->size() * view_->devicePixelRatio());
        // Words past the 10,000 most frequent (all the old view drew), standing alone (nothing else in their
        // 10-pixel grid cell or the cells around): point colour where each projects, paper beside.
        const auto& pts = session_->points();
        const size_t n = pts.size() / 3;
        constexpr int kCell = 10;
        const int gw = view_->width() / kCell + 1, gh = view_->height() / kCell + 1;
        std::vector<int> count(size_t(gw * gh), 0);
        auto cell = [&](QPointF s) { return QPoint(int(std::floor(s.x() / kCell)), int(std::floor(s.y() / kCell))); };
        for (size_t i = 0; i < n; ++i) {
            const QPoint c = cell(closedForm(uint32_t(i)));
            if (c.x() >= 0 && c.y() >= 0 && c.x() < gw && c.y() < gh) ++count[size_t(c.y() * gw + c.x())];
        }
        const QRectF area = QRectF(view_->rect()).adjusted(70, 60, -70, -60);
        const QRectF hud(view_->width() - 320, 0, 320, 340), legend(0, 0, 340, 180);
        int checked = 0;
        for (size_t i = n - 1; i >= kScatterRows && checked < 5; --i) {
            const QPointF s = closedForm(uint32_t(i));
            if (!area.contains(s) || hud.contains(s) || legend.contains(s)) continue;
            const QPoint c = cell(s);
            int around = 0;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) around += count[size_t((c.y() + dy) * gw + c.x() + dx)];
            if (around != 1) continue;
            QVERIFY2(QLineF(view_->screenPosition(uint32_t(i)), s).length() < 0.01, "screenPosition is the camera's map");
            const QRgb at = img.pixel(s.toPoint());
            QVERIFY2(colour_distance(at, theme::background()) > 40,
                     qPrintable(QString("row %1 at %2,%3 is not drawn").arg(i).arg(s.x()).arg(s.y())));
            const QPointF beside = s + QPointF(s.x() - c.x() * kCell < kCell / 2 ? -7 : 7, 0);
            if (count[size_t(cell(beside).y() * gw + cell(beside).x())] == 0)
                QVERIFY(colour_distance(img.pixel(beside.toPoint()), theme::background()) < 8);
            ++checked;
        }
        QVERIFY2(checked >= 3, "found too few lone rare points to check");
        view_->setCamera(fit);
        view_->setOpacity(0.55f);
        view_->setLabelsShown(true);
    }

    void clickSelectsTheWord() {
        const uint32_t queen = *session_->findWord(QStringLiteral("queen"));
        QTest::mouseClick(view_.get(), Qt::LeftButton, Qt::NoModifier, view_->screenPosition(queen).toPoint());
        QCOMPARE(session_->currentRow(), std::optional<uint32_t>(queen));
        QCOMPARE(session_->selection(), std::vector<uint32_t>{queen});
    }

    void boxSelectsExactlyTheRowsInside() {
        const uint32_t king = *session_->findWord(QStringLiteral("king"));
        const QPoint a = view_->screenPosition(king).toPoint() - QPoint(70, 40);
        const QPoint b = a + QPoint(150, 90);
        QTest::mousePress(view_.get(), Qt::LeftButton, Qt::ShiftModifier, a);
        QTest::mouseMove(view_.get(), a + QPoint(40, 30));
        QTest::mouseMove(view_.get(), b);
        QTest::mouseRelease(view_.get(), Qt::LeftButton, Qt::ShiftModifier, b);
        const QRectF box = QRectF(a, b).normalized();
        std::vector<uint32_t> expected;
        for (uint32_t i = 0; i < session_->pointCount(); ++i)
            if (box.contains(closedForm(i))) expected.push_back(i);
        QVERIFY(expected.size() > 10);
        QVERIFY(std::find(expected.begin(), expected.end(), king) != expected.end());
        QCOMPARE(session_->selection(), expected);
    }

    void lassoSelectsTheRowsInsideTheTriangle() {
        const uint32_t queen = *session_->findWord(QStringLiteral("queen"));
        const QPointF q = view_->screenPosition(queen);
        const QPoint p0 = (q + QPointF(-80, 60)).toPoint(), p1 = (q + QPointF(0, -90)).toPoint(), p2 = (q + QPointF(90, 60)).toPoint();
        QTest::mousePress(view_.get(), Qt::LeftButton, Qt::ControlModifier, p0);
        QTest::mouseMove(view_.get(), p1);
        QTest::mouseMove(view_.get(), p2);
        QTest::mouseRelease(view_.get(), Qt::LeftButton, Qt::ControlModifier, p2);
        // Inside the triangle p0 p1 p2: the same side of all three edges.
        auto side = [](QPointF a, QPointF b, QPointF p) { return (b.x() - a.x()) * (p.y() - a.y()) - (b.y() - a.y()) * (p.x() - a.x()); };
        const QPointF t[3] = {p0, p1, p2};
        std::vector<uint32_t> expected, borderline;
        for (uint32_t i = 0; i < session_->pointCount(); ++i) {
            const QPointF s = closedForm(i);
            const double d0 = side(t[0], t[1], s), d1 = side(t[1], t[2], s), d2 = side(t[2], t[0], s);
            if (std::min({std::abs(d0), std::abs(d1), std::abs(d2)}) < 1e-3) borderline.push_back(i);
            else if ((d0 > 0 && d1 > 0 && d2 > 0) || (d0 < 0 && d1 < 0 && d2 < 0)) expected.push_back(i);
        }
        std::vector<uint32_t> got = session_->selection();
        std::erase_if(got, [&](uint32_t r) { return std::binary_search(borderline.begin(), borderline.end(), r); });
        QVERIFY(expected.size() > 10);
        QVERIFY(std::binary_search(expected.begin(), expected.end(), queen));
        QCOMPARE(got, expected);
        session_->setSelection({});
        session_->setCurrentRow(std::nullopt);
    }

    void analogyOverlayIsDrawnAlongItsArrows() {
        const uint32_t man = *session_->findWord("man"), king = *session_->findWord("king"), woman = *session_->findWord("woman");
        const Analogy an = session_->analogy(man, king, woman);
        QVERIFY(!an.candidates.empty());
        ViewOverlay o;
        ViewOverlay::Analogy a;
        a.a = man, a.b = king, a.c = woman;
        a.landing = session_->projectVector(an.target.data());
        a.chosen = an.candidates.front().row;
        o.analogy = a;
        const QImage before = frame();
        view_->setOverlay(o);
        const QImage img = frame();
        const QColor arrow = theme::palette()[5];
        const QPointF pa = view_->screenPosition(man), pb = view_->screenPosition(king), pc = view_->screenPosition(woman);
        const QPointF pl = view_->screenPositionOf(a.landing);
        QVERIFY(QLineF(pa, pb).length() > 20);
        for (double f : {0.3, 0.5}) {
            QVERIFY2(nearest_colour(img, pa + (pb - pa) * f, arrow) < 40, "the arrow a→b is drawn");
            QVERIFY2(nearest_colour(img, pc + (pl - pc) * f, arrow) < 40, "the arrow c→landing is drawn");
        }
        // The same arrow: c→landing is a→b moved (the parallelogram), in projected space too.
        QVERIFY(QLineF(pl - pc, pb - pa).length() < 1.0);
        int changed = 0;
        for (double f = 0.2; f < 0.8; f += 0.1)
            if (before.pixel((pa + (pb - pa) * f).toPoint()) != img.pixel((pa + (pb - pa) * f).toPoint())) ++changed;
        QVERIFY(changed >= 3);
        view_->setOverlay({});
    }

    void renderImageHasTheAskedSize() {
        for (QSize size : {QSize(1600, 1000), QSize(640, 480)}) {
            const QImage img = view_->renderImage(size);
            QCOMPARE(img.size(), size);
            // The text's words are in it: orange-red pixels.
            int orange = 0;
            for (int y = 0; y < img.height(); y += 2)
                for (int x = 0; x < img.width(); x += 2)
                    if (colour_distance(img.pixel(x, y), theme::highlight()) < 30) ++orange;
            QVERIFY2(orange > 10, qPrintable(QString("%1 orange pixels at %2x%3").arg(orange).arg(size.width()).arg(size.height())));
        }
        if (qEnvironmentVariableIsSet("EMBEDSCOPE_TEST_SHOTS")) view_->renderImage(QSize(2000, 1400)).save("/tmp/scatter_export.png");
    }

    void projectionChangeAnimatesToTheNewPlaces() {
        const uint32_t paris = *session_->findWord("paris");
        const QPointF before = view_->screenPosition(paris);
        QSignalSpy changed(session_.get(), &Session::projectionChanged);
        ProjectionSpec spec = session_->projection();
        spec.components = {0, 2, 1};
        session_->setProjection(spec);
        QTRY_VERIFY_WITH_TIMEOUT(changed.count() == 1, kLoadTimeoutMs);
        QVERIFY(view_->animating());
        QTest::qWait(120);
        frame();
        const QPointF mid = view_->screenPosition(paris);
        QTRY_VERIFY_WITH_TIMEOUT(!view_->animating(), 5000);
        const QImage img = frame();
        const QPointF after = view_->screenPosition(paris);
        QVERIFY2(QLineF(before, after).length() > 5, "PC3 moves paris");
        QVERIFY2(QLineF(after, closedForm(paris)).length() < 0.01, "the transition ends where the new projection puts it");
        QVERIFY2(QLineF(mid, after).length() > 0.5 || QLineF(mid, before).length() > 0.5, "mid-way it is on its way");
        QVERIFY2(nearest_colour(img, after, theme::highlight(), 3) < 30, "paris' point is drawn at its new place");
        spec.components = {0, 1, 2};
        session_->setProjection(spec);
        waitProjection();
    }

    void camera3DRoundTrips() {
        QSignalSpy camera_changed(view_.get(), &ScatterView::cameraChanged);
        ProjectionSpec spec = session_->projection();
        spec.three_d = true;
        session_->setProjection(spec);
        QTRY_VERIFY_WITH_TIMEOUT(view_->threeD(), kLoadTimeoutMs);
        waitProjection();
        QVERIFY(view_->camera().three_d);
        CameraState c = view_->camera();
        c.yaw_deg = 55, c.pitch_deg = -12, c.distance *= 0.8, c.target_x += 0.25;
        view_->setCamera(c);
        QCOMPARE(view_->camera(), c);
        const auto back = CameraState::fromJson(c.toJson());
        QVERIFY(back.has_value());
        QCOMPARE(*back, c);
        QCOMPARE(camera_changed.count(), 0);  // programmatic changes are not gestures

        // A drag orbits; one cameraChanged at the end of the gesture.
        const uint32_t king = *session_->findWord("king");
        const QPointF k0 = view_->screenPosition(king);
        const QPoint from(view_->width() / 2, view_->height() / 2 + 150);
        QTest::mousePress(view_.get(), Qt::LeftButton, Qt::NoModifier, from);
        QTest::mouseMove(view_.get(), from + QPoint(30, 0));
        QTest::mouseMove(view_.get(), from + QPoint(80, 20));
        QTest::mouseRelease(view_.get(), Qt::LeftButton, Qt::NoModifier, from + QPoint(80, 20));
        QCOMPARE(camera_changed.count(), 1);
        QVERIFY(std::abs(view_->camera().yaw_deg - c.yaw_deg) > 5);
        QVERIFY(QLineF(view_->screenPosition(king), k0).length() > 2);
        // The 3-D view draws the text's words where the camera projects them.
        const QImage img = frame();
        QVERIFY(nearest_colour(img, view_->screenPosition(king), theme::highlight(), 3) < 30);
        if (qEnvironmentVariableIsSet("EMBEDSCOPE_TEST_SHOTS")) img.save("/tmp/scatter_3d.png");
        view_->setCamera(c);
        QCOMPARE(view_->camera(), c);
        spec.three_d = false;
        session_->setProjection(spec);
        QTRY_VERIFY_WITH_TIMEOUT(!view_->threeD(), kLoadTimeoutMs);
        waitProjection();
    }

    // The CPU rasteriser (auto's choice on llvmpipe) and GL points draw the same picture: in 2-D
    // through the cached layer, in 3-D, and in an export at another size. Tolerance: mean
    // difference under 1 level and fewer than 0.2 % of the pixels off by more than 12 — the two
    // round differently, and GL snaps point centres to its sub-pixel grid.
    void cpuAndGlPointsDrawTheSamePicture() {
        auto compare = [&](const QImage& gl, const QImage& cpu, const QRectF& skip, const char* what) {
            QCOMPARE(gl.size(), cpu.size());
            double sum = 0;
            size_t total = 0, off = 0, inked = 0;
            for (int y = 0; y < gl.height(); ++y)
                for (int x = 0; x < gl.width(); ++x) {
                    if (skip.contains(QPointF(x, y))) continue;
                    const int d = colour_distance(gl.pixel(x, y), QColor(cpu.pixel(x, y)));
                    sum += d;
                    off += d > 12;
                    inked += colour_distance(gl.pixel(x, y), theme::background()) > 30;
                    ++total;
                }
            if (qEnvironmentVariableIsSet("EMBEDSCOPE_TEST_SHOTS")) {
                gl.save(QStringLiteral("/tmp/cmp_gl_%1.png").arg(QString::fromLatin1(what).replace(u' ', u'_')));
                cpu.save(QStringLiteral("/tmp/cmp_cpu_%1.png").arg(QString::fromLatin1(what).replace(u' ', u'_')));
            }
            qInfo("%s: mean difference %.3f levels, %.4f %% of pixels off by more than 12", what, sum / double(total),
                  100.0 * double(off) / double(total));
            QVERIFY2(inked > total / 10, "the picture has points in it");
            QVERIFY2(sum / double(total) < 1.0, what);
            QVERIFY2(off * 500 < total, what);
        };
        const QRectF hud(view_->width() - 320, 0, 320, 340);  // frame time and "points by" differ
        view_->setPointRenderer(ScatterView::PointRenderer::Gpu);
        QVERIFY(!view_->pointsOnCpu());
        const QImage gl = frame(), gl_export = view_->renderImage(QSize(1500, 1050));
        view_->setPointRenderer(ScatterView::PointRenderer::Cpu);
        QVERIFY(view_->pointsOnCpu());
        const QImage cpu = frame(), cpu_export = view_->renderImage(QSize(1500, 1050));
        compare(gl, cpu, hud, "2-D");
        compare(gl_export, cpu_export, QRectF(), "2-D export");

        ProjectionSpec spec = session_->projection();
        spec.three_d = true;
        session_->setProjection(spec);
        QTRY_VERIFY_WITH_TIMEOUT(view_->threeD(), kLoadTimeoutMs);
        waitProjection();
        const QImage cpu3 = frame();
        view_->setPointRenderer(ScatterView::PointRenderer::Gpu);
        const QImage gl3 = frame();
        compare(gl3, cpu3, hud, "3-D");
        view_->setPointRenderer(ScatterView::PointRenderer::Auto);
        spec.three_d = false;
        session_->setProjection(spec);
        QTRY_VERIFY_WITH_TIMEOUT(!view_->threeD(), kLoadTimeoutMs);
        waitProjection();
    }

    void cleanupTestCase() { view_.reset(); }
};

QTEST_MAIN(TestScatter)
#include "test_scatter.moc"
