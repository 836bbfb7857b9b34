#include "scatter/point_style.h"

#include "render/point_raster.h"
#include "style/colour_maps.h"

#include <algorithm>
#include <cmath>

namespace es::ui {
namespace {

uint8_t byte(float v) { return uint8_t(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); }
uint32_t pack(colour_maps::RgbF c, float a) { return rgba8(byte(c.r), byte(c.g), byte(c.b), byte(a)); }
colour_maps::RgbF rgb(const QColor& c) { return {float(c.redF()), float(c.greenF()), float(c.blueF())}; }

} // namespace

void style_points(const PointStyle& style, const std::vector<float>& values, size_t count, std::vector<uint32_t>& colours,
                  std::vector<float>& diameters) {
    colours.resize(count);
    diameters.resize(count);
    const float log_count = std::log(float(std::max<size_t>(1, count)) + 1.0f);
    const float fill_a = float(style.fill.alphaF());
    const uint32_t fill = pack(rgb(style.fill), fill_a * style.opacity);
    for (size_t row = 0; row < count; ++row) {
        const float rank = std::log(float(row + 1)) / log_count;
        diameters[row] = style.size_px * (1.0f + style.rank_boost * (1.0f - rank));
        const float v = row < values.size() ? values[row] : 0.0f;
        switch (style.colour_mode) {
        case 1: colours[row] = pack(colour_maps::rankRamp(v), fill_a * style.opacity); break;
        case 2: colours[row] = pack(rgb(style.palette[size_t(int(v) & 7)]), fill_a * style.opacity); break;
        case 3: colours[row] = v > 0.5f ? pack(rgb(style.palette[1]), std::max(fill_a, 0.9f) * style.opacity) : fill; break;
        default: colours[row] = fill;
        }
    }
}

} // namespace es::ui
