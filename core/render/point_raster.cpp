#include "render/point_raster.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <thread>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace es {
namespace {

static_assert(std::endian::native == std::endian::little, "rgba8 packs R into the low byte of a little-endian uint32");

// dst = colour · a + dst · (1 − a) per byte, a = a8 / 255, `colour` opaque, rounded once. Each
// 16-bit half holds at most 255 · 255 + 128 + 254, so no carry crosses a channel; a8 = 0 leaves
// dst exactly as it was. The SIMD path below does the same arithmetic, bit for bit.
inline uint32_t blend_over(uint32_t dst, uint32_t colour, uint32_t a8) {
    const uint32_t ia = 255 - a8;
    uint32_t rb = (colour & 0x00FF00FFu) * a8 + (dst & 0x00FF00FFu) * ia + 0x00800080u;
    rb = ((rb + ((rb >> 8) & 0x00FF00FFu)) >> 8) & 0x00FF00FFu;
    uint32_t ag = ((colour >> 8) & 0x00FF00FFu) * a8 + ((dst >> 8) & 0x00FF00FFu) * ia + 0x00800080u;
    ag = (ag + ((ag >> 8) & 0x00FF00FFu)) & 0xFF00FF00u;
    return rb | ag;
}

// One disc's coverage at a pixel, as points.frag: clamp(r + 0.5 − d, 0, 1), times its alpha.
inline uint32_t pixel_alpha(float dx, float dy2, float rp, float alpha) {
    const float coverage = std::clamp(rp - std::sqrt(dx * dx + dy2), 0.0f, 1.0f);
    return uint32_t(alpha * coverage + 0.5f);
}

// One disc over the pixels [x0, x1] × [y0, y1] of `t` (already clipped): a pixel outside the
// disc gets coverage 0, which blends as nothing. With SSE2, four columns at a time, column
// blocks outside and rows inside (a column's dx² is the same on every row); bit for bit the
// same as the scalar loop.
inline void draw_disc(const RasterTarget& t, int x0, int x1, int y0, int y1, float sx, float sy, float rp, float alpha, uint32_t colour,
                      bool simd) {
#if defined(__SSE2__)
    if (simd && t.width >= 4) {
        const __m128i zero = _mm_setzero_si128(), k255 = _mm_set1_epi16(255), k128 = _mm_set1_epi16(128);
        const __m128i c16 = _mm_unpacklo_epi8(_mm_set1_epi32(int(colour)), zero);
        const __m128 lanes = _mm_set_ps(3, 2, 1, 0), half = _mm_set1_ps(0.5f), v_sx = _mm_set1_ps(sx);
        const __m128 v_rp = _mm_set1_ps(rp), v_alpha = _mm_set1_ps(alpha), v_one = _mm_set1_ps(1), v_zero = _mm_setzero_ps();
        auto blend = [&](__m128i d, __m128i a) {
            const __m128i x = _mm_add_epi16(_mm_add_epi16(_mm_mullo_epi16(c16, a), _mm_mullo_epi16(d, _mm_sub_epi16(k255, a))), k128);
            return _mm_srli_epi16(_mm_add_epi16(x, _mm_srli_epi16(x, 8)), 8);
        };
        for (int xa = x0; xa <= x1;) {
            // Four columns from xs, kept inside the picture; columns before xa were drawn already.
            const int xs = std::min(xa, t.width - 4);
            const __m128 px = _mm_add_ps(_mm_set1_ps(float(xs)), lanes);
            const __m128 dx = _mm_sub_ps(_mm_add_ps(px, half), v_sx);
            const __m128 dx2 = _mm_mul_ps(dx, dx);
            const __m128i keep = _mm_castps_si128(_mm_cmpge_ps(px, _mm_set1_ps(float(xa))));
            uint32_t* column = t.pixels + xs;
            float centre_y = float(y0) + 0.5f;  // counted in floats: int → float conversions stall here
            for (int py = y0; py <= y1; ++py, centre_y += 1.0f) {
                const float dy = centre_y - sy;
                const __m128 d = _mm_sqrt_ps(_mm_add_ps(dx2, _mm_set1_ps(dy * dy)));
                const __m128 coverage = _mm_min_ps(_mm_max_ps(_mm_sub_ps(v_rp, d), v_zero), v_one);
                const __m128i a = _mm_and_si128(_mm_cvttps_epi32(_mm_add_ps(_mm_mul_ps(v_alpha, coverage), half)), keep);
                const __m128i a16 = _mm_packs_epi32(a, a);
                const __m128i aa = _mm_unpacklo_epi16(a16, a16);
                __m128i* p = reinterpret_cast<__m128i*>(column + ptrdiff_t(py) * t.stride);
                const __m128i dst = _mm_loadu_si128(p);
                const __m128i lo = blend(_mm_unpacklo_epi8(dst, zero), _mm_unpacklo_epi32(aa, aa));
                const __m128i hi = blend(_mm_unpackhi_epi8(dst, zero), _mm_unpackhi_epi32(aa, aa));
                _mm_storeu_si128(p, _mm_packus_epi16(lo, hi));
            }
            xa = xs + 4;
        }
        return;
    }
#endif
    for (int py = y0; py <= y1; ++py) {
        const float dy = float(py) + 0.5f - sy;
        uint32_t* row = t.pixels + ptrdiff_t(py) * t.stride;
        for (int px = x0; px <= x1; ++px) row[px] = blend_over(row[px], colour, pixel_alpha(float(px) + 0.5f - sx, dy * dy, rp, alpha));
    }
}

#if defined(__x86_64__)
// draw_disc with eight columns at a time: one block covers most discs' rows. The same arithmetic
// lane for lane (the 8-bit unpacks work within 128-bit halves, so pixels 0, 1, 4, 5 and 2, 3,
// 6, 7 travel together and the alphas are spread the same way).
// colour · a + dst · (255 − a), rounded / 255, on 16-bit channels.
__attribute__((target("avx2"), always_inline)) inline __m256i blend16_avx2(__m256i dst, __m256i a, __m256i c16, __m256i k255, __m256i k128) {
    const __m256i x = _mm256_add_epi16(_mm256_add_epi16(_mm256_mullo_epi16(c16, a), _mm256_mullo_epi16(dst, _mm256_sub_epi16(k255, a))), k128);
    return _mm256_srli_epi16(_mm256_add_epi16(x, _mm256_srli_epi16(x, 8)), 8);
}

__attribute__((target("avx2"))) void draw_disc_avx2(const RasterTarget& t, int x0, int x1, int y0, int y1, float sx, float sy, float rp,
                                                    float alpha, uint32_t colour) {
    const __m256i zero = _mm256_setzero_si256(), k255 = _mm256_set1_epi16(255), k128 = _mm256_set1_epi16(128);
    const __m256i c16 = _mm256_unpacklo_epi8(_mm256_set1_epi32(int(colour)), zero);
    const __m256 lanes = _mm256_set_ps(7, 6, 5, 4, 3, 2, 1, 0), half = _mm256_set1_ps(0.5f), v_sx = _mm256_set1_ps(sx);
    const __m256 v_rp = _mm256_set1_ps(rp), v_alpha = _mm256_set1_ps(alpha), v_one = _mm256_set1_ps(1), v_zero = _mm256_setzero_ps();
    for (int xa = x0; xa <= x1;) {
        const int xs = std::min(xa, t.width - 8);
        const __m256 px = _mm256_add_ps(_mm256_set1_ps(float(xs)), lanes);
        const __m256 dx = _mm256_sub_ps(_mm256_add_ps(px, half), v_sx);
        const __m256 dx2 = _mm256_mul_ps(dx, dx);
        const __m256i keep = _mm256_castps_si256(_mm256_cmp_ps(px, _mm256_set1_ps(float(xa)), _CMP_GE_OQ));
        uint32_t* column = t.pixels + xs;
        float centre_y = float(y0) + 0.5f;
        for (int py = y0; py <= y1; ++py, centre_y += 1.0f) {
            const float dy = centre_y - sy;
            const __m256 d = _mm256_sqrt_ps(_mm256_add_ps(dx2, _mm256_set1_ps(dy * dy)));
            const __m256 coverage = _mm256_min_ps(_mm256_max_ps(_mm256_sub_ps(v_rp, d), v_zero), v_one);
            const __m256i a = _mm256_and_si256(_mm256_cvttps_epi32(_mm256_add_ps(_mm256_mul_ps(v_alpha, coverage), half)), keep);
            const __m256i a16 = _mm256_packs_epi32(a, a);
            const __m256i aa = _mm256_unpacklo_epi16(a16, a16);
            __m256i* p = reinterpret_cast<__m256i*>(column + ptrdiff_t(py) * t.stride);
            const __m256i dst = _mm256_loadu_si256(p);
            const __m256i lo = blend16_avx2(_mm256_unpacklo_epi8(dst, zero), _mm256_unpacklo_epi32(aa, aa), c16, k255, k128);
            const __m256i hi = blend16_avx2(_mm256_unpackhi_epi8(dst, zero), _mm256_unpackhi_epi32(aa, aa), c16, k255, k128);
            _mm256_storeu_si256(p, _mm256_packus_epi16(lo, hi));
        }
        xa = xs + 8;
    }
}
#endif

bool cpu_has_avx2() {
#if defined(__x86_64__)
    static const bool has = __builtin_cpu_supports("avx2");
    return has;
#else
    return false;
#endif
}

template <class F>
void run_parallel(unsigned parts, F&& f) {
    if (parts <= 1) {
        f(0u);
        return;
    }
    std::vector<std::thread> pool;
    pool.reserve(parts - 1);
    for (unsigned i = 1; i < parts; ++i) pool.emplace_back(f, i);
    f(0u);
    for (auto& t : pool) t.join();
}

} // namespace

// Rounds toward −∞ / +∞ for the coordinates of a picture (|v| < 2^20): cheaper than std::floor
// without SSE4.1, and exact since the double holds every float.
inline int floor_int(float v) { return int(double(v) + 1048576.0) - 1048576; }
inline int ceil_int(float v) { return -floor_int(-v); }

void PointRasterizer::draw(const PointRasterInput& in, const RasterTarget& target, unsigned threads) {
    if (in.count == 0 || !in.positions || !in.colours || !in.diameters || !target.pixels || target.width <= 0 || target.height <= 0)
        return;
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = std::min(threads, 16u);
    if (in.count < 20000) threads = 1;  // a thread costs more than a few thousand points
    splats_.resize(in.count);

    const float W = float(target.width), H = float(target.height);
    const float limit = float(1 << 19);  // off-picture points beyond this are dropped before the integer maths
    const auto& m = in.mvp;
    const bool mix = in.previous && in.t != 1.0f;
    // Pass 1: every point to pixels, in draw order; a diameter < 0 marks a dropped point.
    run_parallel(threads, [&](unsigned part) {
        const size_t begin = in.count * part / threads, end = in.count * (part + 1) / threads;
        for (size_t k = begin; k < end; ++k) {
            const size_t i = in.last_to_first ? in.count - 1 - k : k;
            float x = in.positions[3 * i], y = in.positions[3 * i + 1], z = in.positions[3 * i + 2];
            if (mix) {
                const float* p = in.previous + 3 * i;
                x = p[0] + (x - p[0]) * in.t;
                y = p[1] + (y - p[1]) * in.t;
                z = p[2] + (z - p[2]) * in.t;
            }
            const float cx = m[0] * x + m[4] * y + m[8] * z + m[12];
            const float cy = m[1] * x + m[5] * y + m[9] * z + m[13];
            const float cz = m[2] * x + m[6] * y + m[10] * z + m[14];
            const float cw = m[3] * x + m[7] * y + m[11] * z + m[15];
            Splat& s = splats_[k];
            s.diameter = -1;
            // GL's clip volume for a point: −w ≤ x, y, z ≤ w (NaN fails every test).
            if (!(cw > 0 && std::abs(cx) <= cw && std::abs(cy) <= cw && std::abs(cz) <= cw)) continue;
            const uint32_t colour = in.colours[i];
            const float diameter = in.diameters[i];
            if ((colour >> 24) == 0 || !(diameter >= 0 && diameter < limit)) continue;
            s.x = (cx / cw + 1.0f) * 0.5f * W;
            s.y = (1.0f - cy / cw) * 0.5f * H;
            s.diameter = diameter;
            s.colour = colour;
        }
    });

    const bool simd = simd_ != Simd::None;
    const bool avx2 = simd_ == Simd::Best && target.width >= 8 && cpu_has_avx2();
    // Pass 2: each thread owns a band of rows and draws every point that reaches into it, in draw
    // order; a pixel belongs to one band, so the result does not depend on the thread count.
    // (Sorting the points into cache-sized tiles first was measured: no faster.)
    run_parallel(threads, [&](unsigned part) {
        const int band0 = int(int64_t(target.height) * part / threads), band1 = int(int64_t(target.height) * (part + 1) / threads) - 1;
        const int right = target.width - 1;
        for (const Splat& s : splats_) {
            if (s.diameter < 0) continue;
            const float half = 0.5f * (s.diameter + 1.0f);  // the GL point's half size
            // Pixels whose centre (p + 0.5) lies within [c − half, c + half].
            const int y0 = std::max(band0, ceil_int(s.y - half - 0.5f)), y1 = std::min(band1, floor_int(s.y + half - 0.5f));
            if (y0 > y1) continue;
            const int x0 = std::max(0, ceil_int(s.x - half - 0.5f)), x1 = std::min(right, floor_int(s.x + half - 0.5f));
            if (x0 > x1) continue;
            const float rp = 0.5f * s.diameter + 0.5f, alpha = float(s.colour >> 24);
            const uint32_t colour = s.colour | 0xFF000000u;
#if defined(__x86_64__)
            if (avx2) {
                draw_disc_avx2(target, x0, x1, y0, y1, s.x, s.y, rp, alpha, colour);
                continue;
            }
#endif
            draw_disc(target, x0, x1, y0, y1, s.x, s.y, rp, alpha, colour, simd);
        }
    });
}

} // namespace es
