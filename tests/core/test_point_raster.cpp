// The CPU point rasteriser against closed forms (a disc's area, the "over" blend, GL's point
// clipping) and against a plain per-pixel reference written here in double precision.
#include "render/point_raster.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace es;

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Image {
    int w, h;
    std::vector<uint32_t> px;
    Image(int w_, int h_, uint32_t fill = 0) : w(w_), h(h_), px(size_t(w_) * size_t(h_), fill) {}
    RasterTarget target() { return {px.data(), w, h, w}; }
    uint32_t at(int x, int y) const { return px[size_t(y) * size_t(w) + size_t(x)]; }
};

int channel(uint32_t p, int c) { return int((p >> (8 * c)) & 0xFF); }

std::array<float, 16> identity() {
    std::array<float, 16> m{};
    m[0] = m[5] = m[10] = m[15] = 1;
    return m;
}

// The NDC coordinates that put a point's centre at pixel coordinates (x, y) of a w × h image.
std::array<float, 3> ndc_at(double x, double y, int w, int h) { return {float(2 * x / w - 1), float(1 - 2 * y / h), 0.0f}; }

struct Points {
    std::vector<float> pos, prev, dia;
    std::vector<uint32_t> col;
    void add(std::array<float, 3> p, float d, uint32_t c) {
        pos.insert(pos.end(), p.begin(), p.end());
        dia.push_back(d);
        col.push_back(c);
    }
    PointRasterInput input() const {
        PointRasterInput in;
        in.positions = pos.data();
        in.previous = prev.empty() ? nullptr : prev.data();
        in.count = dia.size();
        in.colours = col.data();
        in.diameters = dia.data();
        in.mvp = identity();
        return in;
    }
};

} // namespace

class TestPointRaster : public QObject {
    Q_OBJECT
private slots:
    void a_disc_covers_its_area_and_no_more() {
        for (float d : {3.0f, 4.5f, 9.0f, 20.0f}) {
            Image img(48, 48);
            Points pts;
            pts.add(ndc_at(24.3, 23.8, 48, 48), d, rgba8(255, 255, 255, 255));
            PointRasterizer r;
            r.draw(pts.input(), img.target(), 1);
            double coverage = 0;
            for (int y = 0; y < img.h; ++y)
                for (int x = 0; x < img.w; ++x) {
                    const double dist = std::hypot(x + 0.5 - 24.3, y + 0.5 - 23.8);
                    const int a = channel(img.at(x, y), 3);
                    coverage += a / 255.0;
                    if (dist >= d / 2 + 0.5) QCOMPARE(a, 0);
                    if (dist <= d / 2 - 0.5) QCOMPARE(a, 255);
                }
            // The 1-px ramp at the rim integrates to π r² + π/12.
            const double expected = kPi * (d / 2) * (d / 2) + kPi / 12;
            QVERIFY2(std::abs(coverage - expected) < 0.02 * expected, qPrintable(QString::number(coverage) + " vs " + QString::number(expected)));
        }
    }

    void blending_is_over_in_draw_order() {
        const uint32_t white = rgba8(255, 255, 255, 255);
        Image img(16, 16, white);
        Points pts;
        pts.add(ndc_at(8, 8, 16, 16), 8, rgba8(230, 40, 10, 128));
        pts.add(ndc_at(8, 8, 16, 16), 8, rgba8(20, 60, 240, 64));
        PointRasterizer r;
        r.draw(pts.input(), img.target(), 1);
        const double a1 = 128 / 255.0, a2 = 64 / 255.0;
        const int first[3] = {230, 40, 10}, second[3] = {20, 60, 240};
        for (int c = 0; c < 3; ++c) {
            const double v = (255 * (1 - a1) + first[c] * a1) * (1 - a2) + second[c] * a2;
            QVERIFY(std::abs(channel(img.at(8, 8), c) - v) <= 1.0);
        }
        QCOMPARE(channel(img.at(8, 8), 3), 255);
        // Reversed order: the first point is drawn last and its colour dominates the other way.
        Image rev(16, 16, white);
        PointRasterInput in = pts.input();
        in.last_to_first = true;
        r.draw(in, rev.target(), 1);
        for (int c = 0; c < 3; ++c) {
            const double v = (255 * (1 - a2) + second[c] * a2) * (1 - a1) + first[c] * a1;
            QVERIFY(std::abs(channel(rev.at(8, 8), c) - v) <= 1.0);
        }
    }

    void premultiplied_on_transparent() {
        Image img(8, 8);
        Points pts;
        pts.add(ndc_at(4, 4, 8, 8), 4, rgba8(200, 100, 50, 102));
        PointRasterizer r;
        r.draw(pts.input(), img.target(), 1);
        const uint32_t p = img.at(4, 4);
        QCOMPARE(channel(p, 3), 102);
        QVERIFY(std::abs(channel(p, 0) - 200 * 102 / 255.0) <= 0.5);
        QVERIFY(std::abs(channel(p, 2) - 50 * 102 / 255.0) <= 0.5);
    }

    void points_outside_the_clip_volume_are_dropped() {
        Image img(32, 32);
        Points pts;
        pts.add({1.02f, 0.0f, 0.0f}, 12, rgba8(255, 0, 0, 255));    // centre right of the image; its disc would reach in
        pts.add({0.0f, -1.03f, 0.0f}, 12, rgba8(255, 0, 0, 255));   // below
        pts.add({0.0f, 0.0f, 1.5f}, 12, rgba8(255, 0, 0, 255));     // beyond the far plane
        pts.add({std::nanf(""), 0.0f, 0.0f}, 12, rgba8(255, 0, 0, 255));
        PointRasterizer r;
        r.draw(pts.input(), img.target(), 1);
        for (uint32_t p : img.px) QCOMPARE(p, 0u);
        // Inside by a hair: drawn, and cut at the image's edge.
        Points in;
        in.add({0.99f, 0.0f, 0.0f}, 12, rgba8(255, 0, 0, 255));
        r.draw(in.input(), img.target(), 1);
        QCOMPARE(channel(img.at(31, 16), 3), 255);
    }

    void behind_the_camera_is_dropped_and_perspective_divides() {
        Image img(32, 32);
        Points pts;
        pts.add({0.5f, 0.0f, 0.0f}, 6, rgba8(0, 255, 0, 255));
        PointRasterInput in = pts.input();
        in.mvp[15] = -1;  // w < 0
        PointRasterizer r;
        r.draw(in, img.target(), 1);
        for (uint32_t p : img.px) QCOMPARE(p, 0u);
        in.mvp[15] = 2;  // x / w = 0.25 → pixel 20
        r.draw(in, img.target(), 1);
        QCOMPARE(channel(img.at(20, 16), 1), 255);
        QCOMPARE(channel(img.at(24, 16), 1), 0);
    }

    void transition_mixes_previous_and_current() {
        Image img(40, 40);
        Points pts;
        pts.add(ndc_at(30.5, 10.5, 40, 40), 3, rgba8(0, 0, 255, 255));
        const auto p0 = ndc_at(10.5, 30.5, 40, 40);
        pts.prev.assign(p0.begin(), p0.end());
        PointRasterInput in = pts.input();
        in.t = 0.25f;  // 10.5 + 20 · 0.25 = 15.5, 30.5 − 20 · 0.25 = 25.5
        PointRasterizer r;
        r.draw(in, img.target(), 1);
        QCOMPARE(channel(img.at(15, 25), 2), 255);
        QCOMPARE(channel(img.at(30, 10), 2), 0);
    }

    // Many random points: equal to a per-pixel loop in double precision within a few levels, and
    // byte-identical whatever the number of threads or the vector instructions.
    void random_points_match_the_reference_for_any_thread_count() {
        const int w = 97, h = 61;
        std::mt19937 rng(7);
        std::uniform_real_distribution<float> u(-1.05f, 1.05f), size(0.5f, 9.0f);
        std::uniform_int_distribution<int> byte(0, 255);
        Points pts;
        for (int i = 0; i < 30000; ++i)
            pts.add({u(rng), u(rng), 0.0f}, size(rng), rgba8(uint8_t(byte(rng)), uint8_t(byte(rng)), uint8_t(byte(rng)), uint8_t(byte(rng))));
        PointRasterInput in = pts.input();
        in.last_to_first = true;

        const uint32_t paper = rgba8(250, 248, 240, 255);
        std::vector<double> ref(size_t(w) * h * 3);
        for (size_t i = 0; i < ref.size(); ++i) ref[i] = channel(paper, int(i % 3));
        for (size_t k = 0; k < in.count; ++k) {
            const size_t i = in.count - 1 - k;
            const double x = pts.pos[3 * i], y = pts.pos[3 * i + 1];
            if (std::abs(x) > 1 || std::abs(y) > 1) continue;
            const double sx = (x + 1) * 0.5 * w, sy = (1 - y) * 0.5 * h, r = pts.dia[i] / 2;
            for (int py = 0; py < h; ++py)
                for (int px = 0; px < w; ++px) {
                    const double cov = std::clamp(r - std::hypot(px + 0.5 - sx, py + 0.5 - sy) + 0.5, 0.0, 1.0);
                    const double a = std::round(channel(pts.col[i], 3) * cov) / 255.0;
                    for (int c = 0; c < 3; ++c) {
                        double& v = ref[(size_t(py) * w + size_t(px)) * 3 + size_t(c)];
                        v = channel(pts.col[i], c) * a + v * (1 - a);
                    }
                }
        }

        PointRasterizer r;
        Image one(w, h, paper);
        r.draw(in, one.target(), 1);
        double worst = 0;
        for (int py = 0; py < h; ++py)
            for (int px = 0; px < w; ++px)
                for (int c = 0; c < 3; ++c)
                    worst = std::max(worst, std::abs(channel(one.at(px, py), c) - ref[(size_t(py) * w + size_t(px)) * 3 + size_t(c)]));
        // Rounding to bytes after each of the ~20 blends a pixel sees drifts by a few levels at most.
        QVERIFY2(worst <= 4.0, qPrintable(QStringLiteral("worst difference %1 levels").arg(worst)));

        for (unsigned threads : {2u, 3u, 7u}) {
            Image many(w, h, paper);
            r.draw(in, many.target(), threads);
            QVERIFY(many.px == one.px);
        }
        // The vector paths (AVX2 where the CPU has it, SSE2) and the scalar loop agree byte for byte.
        for (auto level : {PointRasterizer::Simd::Sse2, PointRasterizer::Simd::None}) {
            PointRasterizer limited;
            limited.limitSimd(level);
            Image other(w, h, paper);
            limited.draw(in, other.target(), 2);
            QVERIFY(other.px == one.px);
        }
        // A negative stride from the last row draws GL's bottom-up order: the same picture, mirrored.
        for (unsigned threads : {1u, 2u}) {
            Image flipped(w, h, paper);
            r.draw(in, RasterTarget{flipped.px.data() + size_t(h - 1) * size_t(w), w, h, -ptrdiff_t(w)}, threads);
            bool mirrored = true;
            for (int py = 0; py < h && mirrored; ++py)
                for (int px = 0; px < w; ++px)
                    if (flipped.at(px, h - 1 - py) != one.at(px, py)) {
                        mirrored = false;
                        break;
                    }
            QVERIFY(mirrored);
        }
    }
};

QTEST_GUILESS_MAIN(TestPointRaster)
#include "test_point_raster.moc"
