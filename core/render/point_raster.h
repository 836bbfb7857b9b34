// Round anti-aliased points drawn on the CPU into an RGBA8 image: the software path of the
// scatter view. On a software GL (llvmpipe) one GL point costs far more than rasterising it
// here, so the view splats its 341k points with this and uploads the image. Same rule as
// shaders/points.{vert,frag}: a point of diameter D is a GL_POINT of size D + 1 whose pixel at
// distance d from the centre gets coverage clamp(D/2 − d + 0.5, 0, 1), blended "over"
// (GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA) in draw order; points whose centre lies outside the
// clip volume are dropped, as GL drops them.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace es {

// A colour as bytes R, G, B, A in memory order (R in the low byte of the uint32).
constexpr uint32_t rgba8(uint8_t r, uint8_t g, uint8_t b, uint8_t a) {
    return uint32_t(r) | uint32_t(g) << 8 | uint32_t(b) << 16 | uint32_t(a) << 24;
}

struct PointRasterInput {
    const float* positions = nullptr;  // count × (x, y, z)
    const float* previous = nullptr;   // count × (x, y, z), or null: shown at `positions`
    float t = 1;                       // shown = previous + (positions − previous) · t
    size_t count = 0;
    const uint32_t* colours = nullptr;   // count straight-alpha rgba8 colours
    const float* diameters = nullptr;    // count disc diameters in pixels (the rim not included)
    std::array<float, 16> mvp{};         // column-major: position → clip space
    bool last_to_first = false;          // draw point count − 1 first and point 0 last (on top)
};

// Row y (0 at the top) starts at `pixels + y * stride`; a negative stride from the last row of a
// buffer gives GL's bottom-up order. Premultiplied RGBA8 (an opaque background makes it plain
// RGBA). Pixel (x, y) covers [x, x + 1) × [y, y + 1), its centre at +0.5.
struct RasterTarget {
    uint32_t* pixels = nullptr;
    int width = 0, height = 0;
    ptrdiff_t stride = 0;
};

// Keeps its scratch between frames; one instance per view, not shared between threads.
class PointRasterizer {
public:
    // Draws `in` over what `target` holds, splitting the image into bands over `threads`
    // threads (0: the hardware's); the result does not depend on the thread count.
    void draw(const PointRasterInput& in, const RasterTarget& target, unsigned threads = 0);

    // Which vector instructions draw: the best the CPU has (AVX2, else SSE2), SSE2, or none.
    // Every choice gives the same bytes; tests and benchmarks compare them.
    enum class Simd { Best, Sse2, None };
    void limitSimd(Simd level) { simd_ = level; }

private:
    struct Splat {
        float x, y;        // centre, target pixels
        float diameter;    // < 0: dropped
        uint32_t colour;
    };
    std::vector<Splat> splats_;  // every point, in draw order
    Simd simd_ = Simd::Best;
};

} // namespace es
