// The colour maps, written once: viridis (perceptually uniform, colour-blind safe) for matrices
// and sequences, and the points' rank ramp cut from it. The shaders get these stops as uniforms
// (heatmap.frag's `stops`, points.vert's `u_ramp`), so the CPU and GL draw alike.
#pragma once
#include <QColor>

#include <array>

namespace es::ui::colour_maps {

struct RgbF {
    float r, g, b;  // 0..1, sRGB
};

// Viridis at 0, 1/8, …, 1 (8-bit sRGB, as matplotlib publishes it); linear between stops.
inline constexpr std::array<QRgb, 9> kViridis = {0xff440154, 0xff472d7b, 0xff3b528b, 0xff2c728e, 0xff21918c,
                                                 0xff28ae80, 0xff5ec962, 0xffaadc32, 0xfffde725};
std::array<RgbF, 9> viridisStops();
QColor viridis(double t);  // 0..1; NaN reads as 0

// The rank ramp: viridis at 0, 1/4, 1/2, 3/4 (its darker three quarters; matplotlib's values to
// three decimals), frequent words dark, rare ones green. Not read from kViridis: its 8-bit values
// differ by up to 1/255, which would move the scatter's pixels.
inline constexpr std::array<RgbF, 4> kRankRamp = {
    {{0.267f, 0.005f, 0.329f}, {0.230f, 0.322f, 0.546f}, {0.128f, 0.567f, 0.551f}, {0.369f, 0.789f, 0.383f}}};
RgbF rankRamp(float t);  // 0..1, linear between stops in float, exactly as points.vert's ramp()

} // namespace es::ui::colour_maps
