#include "style/colour_maps.h"

#include <algorithm>
#include <cmath>

namespace es::ui::colour_maps {
namespace {

RgbF rgbF(QRgb c) {
    const QColor q = QColor::fromRgba(c);
    return {float(q.redF()), float(q.greenF()), float(q.blueF())};
}

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t), float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

} // namespace

std::array<RgbF, 9> viridisStops() {
    std::array<RgbF, 9> stops;
    for (size_t i = 0; i < stops.size(); ++i) stops[i] = rgbF(kViridis[i]);
    return stops;
}

QColor viridis(double t) {
    if (!std::isfinite(t)) t = 0;
    t = std::clamp(t, 0.0, 1.0) * 8.0;
    const int i = std::min(int(t), 7);
    return mix(QColor::fromRgba(kViridis[size_t(i)]), QColor::fromRgba(kViridis[size_t(i + 1)]), t - i);
}

std::array<RgbF, 4> rankRampStops() {
    return {rgbF(kViridis[0]), rgbF(kViridis[2]), rgbF(kViridis[4]), rgbF(kViridis[6])};
}

RgbF rankRamp(float t) {
    static const std::array<RgbF, 4> stops = rankRampStops();
    const float s = std::clamp(t, 0.0f, 1.0f) * 3.0f;
    const int i = s < 1.0f ? 0 : s < 2.0f ? 1 : 2;
    const float f = s - float(i);
    const RgbF& a = stops[size_t(i)];
    const RgbF& b = stops[size_t(i + 1)];
    return {a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f};
}

} // namespace es::ui::colour_maps
