// Pixel comparisons shared by the GUI tests: colours compared channel by channel, and "is this
// colour drawn near that point" with a tolerance in pixels.
#pragma once
#include <QColor>
#include <QImage>
#include <QPointF>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace es::ui::test {

// The largest per-channel difference (alpha ignored).
inline int colour_distance(QRgb a, const QColor& b) {
    return std::max({std::abs(qRed(a) - b.red()), std::abs(qGreen(a) - b.green()), std::abs(qBlue(a) - b.blue())});
}
inline int colour_distance(QRgb a, QRgb b) { return colour_distance(a, QColor(b)); }

// The smallest distance from `want` among the pixels within `r` of `at`.
inline int nearest_colour(const QImage& img, QPointF at, const QColor& want, int r = 2) {
    int best = 1000;
    for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx) {
            const QPoint p(int(std::lround(at.x())) + dx, int(std::lround(at.y())) + dy);
            if (img.rect().contains(p)) best = std::min(best, colour_distance(img.pixel(p), want));
        }
    return best;
}

} // namespace es::ui::test
