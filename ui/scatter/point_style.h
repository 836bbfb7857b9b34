// The CPU mirror of shaders/points.vert: each row's colour and disc diameter exactly as the
// vertex shader computes them, for the software point path (core's PointRasterizer).
#pragma once
#include <QColor>

#include <array>
#include <cstdint>
#include <vector>

namespace es::ui {

struct PointStyle {
    int colour_mode = 0;        // as u_colour_mode: 0 fill, 1 rank ramp, 2 palette by category, 3 selected/not
    QColor fill;                // straight alpha
    std::array<QColor, 8> palette;
    float size_px = 3;          // u_size_px: diameter of the rarest word's disc, framebuffer pixels
    float rank_boost = 0;       // frequent words up to (1 + boost) times larger
    float opacity = 1;
    bool operator==(const PointStyle&) const = default;
};

// `values` as the shader's a_value per row (ignored for mode 0); out: rgba8 straight-alpha
// colours and diameters, one per row, in row order.
void style_points(const PointStyle& style, const std::vector<float>& values, size_t count, std::vector<uint32_t>& colours,
                  std::vector<float>& diameters);

} // namespace es::ui
