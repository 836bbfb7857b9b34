// The window's pure parts: option parsing, the view transform, label placement.
#include "scatter/label_layout.h"
#include "scatter/view_transform.h"
#include "plots/views_plot.h"
#include "window/window_options.h"

#include <QtTest>

using namespace es::ui;

class TestUiParts : public QObject {
    Q_OBJECT
private slots:
    void optionsAreRead() {
        WindowOptions o;
        QString error;
        QVERIFY(parse_window_options({"--vectors", "a.esv", "--text", "hello world", "--screenshot=out.png", "--size", "900x600"}, o, error));
        QCOMPARE(o.vectors, QString("a.esv"));
        QCOMPARE(o.text, QString("hello world"));
        QVERIFY(o.has_text);
        QCOMPARE(o.screenshot, QString("out.png"));
        QCOMPARE(o.size, QSize(900, 600));
    }
    void badOptionsAreRejected_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mention");
        QTest::newRow("unknown") << QStringList{"--frobnicate"} << "--frobnicate";
        QTest::newRow("bad view") << QStringList{"--view", "heatmap"} << "heatmap";
        QTest::newRow("session without file") << QStringList{"--session"} << "--session";
        QTest::newRow("two sources") << QStringList{"--model", "builtin", "--vectors", "a.esv"} << "--model";
        QTest::newRow("no value") << QStringList{"--text"} << "--text";
        QTest::newRow("bad size") << QStringList{"--size", "big"} << "big";
        QTest::newRow("tiny size") << QStringList{"--size", "10x10"} << "10x10";
    }
    void badOptionsAreRejected() {
        QFETCH(QStringList, args);
        QFETCH(QString, mention);
        WindowOptions o;
        QString error;
        QVERIFY(!parse_window_options(args, o, error));
        QVERIFY2(error.contains(mention), qPrintable(error));
        QVERIFY(!error.contains('\n'));
    }

    void transformRoundTripsAndZoomsAboutTheCursor() {
        ViewTransform t;
        t.setViewport(QSizeF(800, 600));
        t.fit(QRectF(-2, -1, 4, 2), 50);
        // The fitted rectangle's corners land inside the margins, its centre in the middle.
        QCOMPARE(t.toScreen(QPointF(0, 0)), QPointF(400, 300));
        QVERIFY(qAbs(t.toScreen(QPointF(-2, 0)).x() - 50) < 1e-9);
        QVERIFY(t.toScreen(QPointF(0, 1)).y() < 300);  // y up in data, down on screen
        const QPointF cursor(613, 177);
        const QPointF under = t.toData(cursor);
        t.zoomAt(cursor, 2.5);
        const QPointF after = t.toData(cursor);
        QVERIFY(qAbs(after.x() - under.x()) < 1e-9 && qAbs(after.y() - under.y()) < 1e-9);
        t.pan(QPointF(30, -20));
        const QPointF p(0.3, -0.2);
        const QPointF s = t.toScreen(p);
        QVERIFY(qAbs(t.toData(s).x() - p.x()) < 1e-12 && qAbs(t.toData(s).y() - p.y()) < 1e-12);
        // The NDC map agrees with the pixel map.
        const QPointF ndc(p.x() * t.ndcScale().x() + t.ndcOffset().x(), p.y() * t.ndcScale().y() + t.ndcOffset().y());
        QVERIFY(qAbs((ndc.x() + 1) / 2 * 800 - s.x()) < 1e-9);
        QVERIFY(qAbs((1 - ndc.y()) / 2 * 600 - s.y()) < 1e-9);
    }

    void labelsDoNotOverlap() {
        // Twelve points packed closely: every label must stay clear of the others and of the points.
        std::vector<LabelRequest> req;
        for (int i = 0; i < 12; ++i) req.push_back({QPointF(300 + (i % 4) * 9, 200 + (i / 4) * 7), QSizeF(60, 18), 5});
        const QRectF bounds(0, 0, 800, 600);
        const auto placed = layout_labels(req, bounds);
        QCOMPARE(placed.size(), req.size());
        for (size_t i = 0; i < placed.size(); ++i) {
            QVERIFY(bounds.contains(placed[i].rect));
            for (size_t j = 0; j < placed.size(); ++j) {
                if (i != j) QVERIFY2(!placed[i].rect.intersects(placed[j].rect), qPrintable(QString("labels %1 and %2").arg(i).arg(j)));
                const QRectF dot(req[j].anchor - QPointF(5, 5), QSizeF(10, 10));
                QVERIFY2(!placed[i].rect.intersects(dot), qPrintable(QString("label %1 covers point %2").arg(i).arg(j)));
            }
        }
        // A lone point keeps its label right next to it.
        const auto one = layout_labels({{QPointF(100, 100), QSizeF(40, 16), 5}}, bounds);
        QVERIFY(!one[0].leader);
        QVERIFY(one[0].rect.left() > 100 && one[0].rect.left() < 115);
    }

    // A plot's legend goes to the corner that hides the least of the lines.
    void legendTakesTheEmptiestCorner() {
        const QRectF plot(0, 0, 400, 300);
        const QSizeF box(120, 60);
        auto corner = [&](const QRectF& r) {
            return QString(r.top() < 150 ? "top " : "bottom ") + (r.left() < 200 ? "left" : "right");
        };
        QCOMPARE(corner(plot::legendRect(plot, box, {})), QString("top right"));  // nothing to hide: the default
        // A line rising to the top right: both other corners are free; the top left wins the tie.
        QCOMPARE(corner(plot::legendRect(plot, box, {{QPointF(0, 300), QPointF(400, 0)}})), QString("top left"));
        // A line falling from the top left, and one along the top: the bottom right is free.
        QCOMPARE(corner(plot::legendRect(plot, box, {{QPointF(0, 0), QPointF(400, 300)}, {QPointF(0, 20), QPointF(400, 20)}})),
                 QString("bottom left"));
        // Two points only, far apart: the segment between them is what crosses the corners.
        const std::vector<std::vector<QPointF>> bottom_and_top_left{{QPointF(0, 290), QPointF(400, 290)}, {QPointF(0, 30), QPointF(150, 30)}};
        QCOMPARE(corner(plot::legendRect(plot, box, bottom_and_top_left)), QString("top right"));
        // Every corner crossed: the one crossed least.
        std::vector<std::vector<QPointF>> everywhere{{QPointF(0, 10), QPointF(400, 10)}, {QPointF(0, 290), QPointF(400, 290)},
                                                     {QPointF(0, 280), QPointF(400, 280)}, {QPointF(10, 0), QPointF(10, 300)}};
        QCOMPARE(corner(plot::legendRect(plot, box, everywhere)), QString("top right"));
        const QRectF r = plot::legendRect(plot, box, everywhere);
        QVERIFY(plot.contains(r));
        QCOMPARE(r.size(), box);
    }
};

QTEST_GUILESS_MAIN(TestUiParts)
#include "test_ui_parts.moc"
