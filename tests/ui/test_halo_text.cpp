// The halo-text sprite cache: a sprite draws the same pixels as the glyph path it was cut from,
// on the device pixel grid, at any device pixel ratio; sprites are reused, and a rotated painter
// falls back to the path.
#include "scatter/halo_text.h"
#include "support/pixel_checks.h"

#include <QPainter>
#include <QtTest>

using namespace es::ui;
using es::ui::test::colour_distance;

namespace {

const QColor kInk(30, 60, 200), kHalo(250, 250, 240), kPaper(90, 90, 90);

QImage paper(double dpr) {
    QImage img(QSize(260, 80) * dpr, QImage::Format_ARGB32_Premultiplied);
    img.setDevicePixelRatio(dpr);
    img.fill(kPaper);
    return img;
}

QFont label_font() {
    QFont f;
    f.setPixelSize(17);
    return f;
}

struct Difference {
    int worst = 0;
    double mean = 0;
    int inked = 0;  // pixels no longer paper
};

Difference compare(const QImage& a, const QImage& b) {
    Difference d;
    double sum = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const int c = colour_distance(a.pixel(x, y), QColor(b.pixel(x, y)));
            d.worst = std::max(d.worst, c);
            sum += c;
            d.inked += colour_distance(a.pixel(x, y), kPaper) > 40;
        }
    d.mean = sum / double(a.width() * a.height());
    return d;
}

} // namespace

class TestHaloText : public QObject {
    Q_OBJECT
private slots:
    // At a baseline on the pixel grid the sprite is the path, up to compositing rounding.
    void spriteMatchesPath_data() {
        QTest::addColumn<double>("dpr");
        QTest::newRow("1x") << 1.0;
        QTest::newRow("1.5x") << 1.5;
        QTest::newRow("2x") << 2.0;
    }
    void spriteMatchesPath() {
        QFETCH(double, dpr);
        HaloText cache;
        const QPointF baseline(20, 50);
        QImage by_sprite = paper(dpr), by_path = paper(dpr);
        {
            QPainter p(&by_sprite);
            p.setRenderHint(QPainter::Antialiasing);
            cache.draw(p, baseline, QStringLiteral("queen ≈ king − man"), label_font(), kInk, kHalo, 6);
        }
        {
            QPainter p(&by_path);
            p.setRenderHint(QPainter::Antialiasing);
            draw_halo_text_path(p, baseline, QStringLiteral("queen ≈ king − man"), label_font(), kInk, kHalo, 6);
        }
        QCOMPARE(cache.spritesCached(), 1);
        const Difference d = compare(by_sprite, by_path);
        qInfo("dpr %.1f: worst %d, mean %.4f levels, %d pixels inked", dpr, d.worst, d.mean, d.inked);
        QVERIFY2(d.inked > 200, "the text and its halo are drawn");
        QVERIFY(d.worst <= 3);
    }

    // Off the grid the sprite lands on the nearest device pixel: the path at the rounded baseline.
    void offGridBaselineIsRounded() {
        HaloText cache;
        QImage by_sprite = paper(2.0), by_path = paper(2.0);
        {
            QPainter p(&by_sprite);
            p.setRenderHint(QPainter::Antialiasing);
            p.translate(3.1, 0);
            cache.draw(p, QPointF(17.2, 49.7), QStringLiteral("paris"), label_font(), kInk, kHalo, 4);
        }
        {
            QPainter p(&by_path);
            p.setRenderHint(QPainter::Antialiasing);
            draw_halo_text_path(p, QPointF(20.5, 49.5), QStringLiteral("paris"), label_font(), kInk, kHalo, 4);  // 40.6→41, 99.4→99 device
        }
        const Difference d = compare(by_sprite, by_path);
        QVERIFY(d.inked > 100);
        QVERIFY2(d.worst <= 3, qPrintable(QString::number(d.worst)));
    }

    void spritesAreReused() {
        HaloText cache;
        QImage img = paper(1.0);
        QPainter p(&img);
        for (int i = 0; i < 5; ++i) cache.draw(p, QPointF(10 + i, 40), QStringLiteral("king"), label_font(), kInk, kHalo, 6);
        QCOMPARE(cache.spritesCached(), 1);
        cache.draw(p, QPointF(10, 40), QStringLiteral("king"), label_font(), kInk.darker(), kHalo, 6);
        cache.draw(p, QPointF(10, 40), QStringLiteral("king"), label_font(), kInk, kHalo, 3);
        p.scale(2, 2);
        cache.draw(p, QPointF(10, 20), QStringLiteral("king"), label_font(), kInk, kHalo, 6);
        QCOMPARE(cache.spritesCached(), 4);  // colour, halo width and scale each make a new sprite
        cache.draw(p, QPointF(10, 20), QString(), label_font(), kInk, kHalo, 6);
        QCOMPARE(cache.spritesCached(), 4);
    }

    void rotatedPainterDrawsThePath() {
        HaloText cache;
        QImage by_cache = paper(1.0), by_path = paper(1.0);
        for (QImage* img : {&by_cache, &by_path}) {
            QPainter p(img);
            p.setRenderHint(QPainter::Antialiasing);
            p.translate(30, 75);
            p.rotate(-90);
            if (img == &by_cache)
                cache.draw(p, QPointF(0, 0), QStringLiteral("PC2"), label_font(), kInk, kHalo, 6);
            else
                draw_halo_text_path(p, QPointF(0, 0), QStringLiteral("PC2"), label_font(), kInk, kHalo, 6);
        }
        QCOMPARE(cache.spritesCached(), 0);
        QCOMPARE(by_cache, by_path);
    }

    // A cache too small for a sprite still draws the text.
    void oversizedSpriteIsDrawnDirectly() {
        HaloText cache(1);
        QImage img = paper(1.0);
        {
            QPainter p(&img);
            cache.draw(p, QPointF(10, 50), QStringLiteral("a long label that needs more than a kilobyte"), label_font(), kInk, kHalo, 6);
        }
        QCOMPARE(cache.spritesCached(), 0);
        QVERIFY(compare(img, paper(1.0)).inked > 0);
    }
};

QTEST_MAIN(TestHaloText)
#include "test_halo_text.moc"
