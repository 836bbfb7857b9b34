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

// The rank ramp: viridis' darker three quarters, kViridis' stops at 0, 1/4, 1/2, 3/4; frequent
// words dark, rare ones green. points.vert receives these four as `u_ramp`.
std::array<RgbF, 4> rankRampStops();
RgbF rankRamp(float t);  // 0..1, linear between stops in float, exactly as points.vert's ramp()

} // namespace es::ui::colour_maps
