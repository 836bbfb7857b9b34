#include "vectors/quantized_rows.h"
#include "vectors/vector_table.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#if defined(__AVXVNNI__)
#include <immintrin.h>
#endif

namespace es {
namespace {

// Rounds a non-negative double bound up to the next float, so the stored bound stays a bound.
float bound_up(double v) {
    float f = float(v);
    return double(f) < v ? std::nextafter(f, INFINITY) : f;
}

// Quantises one vector: q = round(u / s), s = max|u| / 127; returns the exact error norm.
double quantize_unit(const double* u, uint32_t dim, int8_t* q, double& scale) {
    double m = 0;
    for (uint32_t j = 0; j < dim; ++j) m = std::max(m, std::abs(u[j]));
    if (m == 0) {
        std::fill(q, q + dim, int8_t(0));
        scale = 0;
        return 0;
    }
    scale = m / 127.0;
    double e2 = 0;
    for (uint32_t j = 0; j < dim; ++j) {
        double v = std::clamp(std::nearbyint(u[j] / scale), -127.0, 127.0);
        q[j] = int8_t(v);
        const double e = u[j] - double(float(scale)) * v;
        e2 += e * e;
    }
    return std::sqrt(e2) * (1 + 1e-12);
}

} // namespace

size_t quantized_block_bytes(size_t rows, uint32_t dim) {
    return QuantizedRows::padded_rows(rows) * ((dim + 3) / 4) * 4;
}
size_t quantized_param_bytes(size_t rows) { return QuantizedRows::padded_rows(rows) * 12; }

void QuantizedRows::attach(const int8_t* blocks_bytes, const uint8_t* params_bytes, size_t n, uint32_t d) {
    rows = n;
    dim = d;
    groups = (d + 3) / 4;
    const size_t pr = padded_rows(n);
    blocks = {blocks_bytes, quantized_block_bytes(n, d)};
    scale = {reinterpret_cast<const float*>(params_bytes), pr};
    err = {reinterpret_cast<const float*>(params_bytes) + pr, pr};
    bias = {reinterpret_cast<const int32_t*>(params_bytes) + 2 * pr, pr};
    max_err = 0;
    for (float e : err) max_err = std::max(max_err, e);
}

float quantize_row(const float* v, uint32_t dim, int8_t* q, float& scale, float& err, int32_t& bias) {
    thread_local std::vector<double> u;
    u.resize(dim);
    double n2 = 0;
    for (uint32_t j = 0; j < dim; ++j) n2 += double(v[j]) * v[j];
    const double n = std::sqrt(n2);
    for (uint32_t j = 0; j < dim; ++j) u[j] = n > 0 ? v[j] / n : 0.0;
    double s = 0;
    const double e = quantize_unit(u.data(), dim, q, s);
    scale = float(s);
    err = bound_up(e);
    int32_t sum = 0;
    for (uint32_t j = 0; j < dim; ++j) sum += q[j];
    bias = -128 * sum;
    return static_cast<float>(n);
}

void place_quantized_row(const int8_t* q, uint32_t groups, size_t row_in_block, int8_t* block) {
    for (uint32_t g = 0; g < groups; ++g) std::memcpy(block + g * 32 + row_in_block * 4, q + g * 4, 4);
}

void quantize_rows(const float* data, size_t stride, size_t rows, uint32_t dim, std::vector<int8_t>& blocks,
                   std::vector<uint8_t>& params) {
    const uint32_t groups = (dim + 3) / 4;
    const size_t pr = QuantizedRows::padded_rows(rows);
    blocks.assign(quantized_block_bytes(rows, dim), 0);
    params.assign(quantized_param_bytes(rows), 0);
    float* scales = reinterpret_cast<float*>(params.data());
    float* errs = scales + pr;
    int32_t* biases = reinterpret_cast<int32_t*>(params.data()) + 2 * pr;
    std::vector<int8_t> q(size_t(groups) * 4, 0);
    for (size_t r = 0; r < rows; ++r) {
        quantize_row(data + r * stride, dim, q.data(), scales[r], errs[r], biases[r]);
        place_quantized_row(q.data(), groups, r % 8, blocks.data() + (r / 8) * groups * 32);
    }
}

void build_quantized_rows(const VectorTable& table, QuantizedRows& out) {
    quantize_rows(table.data(), table.stride(), table.rows(), table.dim(), out.own_blocks, out.own_params);
    out.attach(out.own_blocks.data(), out.own_params.data(), table.rows(), table.dim());
}

QuantizedQuery quantize_query(std::span<const float> unit_query, uint32_t groups) {
    const uint32_t dim = uint32_t(unit_query.size());
    std::vector<double> u(unit_query.begin(), unit_query.end());
    std::vector<int8_t> q(size_t(groups) * 4, 0);
    double s = 0;
    QuantizedQuery out;
    out.err = bound_up(quantize_unit(u.data(), dim, q.data(), s));
    out.scale = float(s);
    out.bytes.resize(q.size());
    for (size_t j = 0; j < q.size(); ++j) out.bytes[j] = uint8_t(int(q[j]) + 128);
    return out;
}

namespace {

#if defined(__AVXVNNI__)
template <int NQ>
void dots_vnni(const QuantizedRows& qr, const QuantizedQuery* const* queries, size_t b0, size_t b1, int32_t* out) {
    const uint32_t groups = qr.groups;
    const size_t stride = (b1 - b0) * 8;
    const uint32_t* qw[NQ];
    for (int i = 0; i < NQ; ++i) qw[i] = reinterpret_cast<const uint32_t*>(queries[i]->bytes.data());
    const int8_t* blk = qr.blocks.data() + b0 * qr.block_bytes();
    for (size_t b = b0; b < b1; ++b, blk += qr.block_bytes()) {
        const __m256i bias = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qr.bias.data() + b * 8));
        __m256i acc[NQ];
        for (int i = 0; i < NQ; ++i) acc[i] = bias;
        for (uint32_t g = 0; g < groups; ++g) {
            const __m256i rowsv = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(blk + g * 32));
            for (int i = 0; i < NQ; ++i)
                acc[i] = _mm256_dpbusd_avx_epi32(acc[i], _mm256_set1_epi32(int(qw[i][g])), rowsv);
        }
        for (int i = 0; i < NQ; ++i)
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i * stride + (b - b0) * 8), acc[i]);
    }
}
#endif

void dots_portable(const QuantizedRows& qr, const QuantizedQuery* const* queries, size_t nq, size_t b0, size_t b1,
                   int32_t* out) {
    const uint32_t groups = qr.groups;
    const size_t stride = (b1 - b0) * 8;
    for (size_t b = b0; b < b1; ++b) {
        const int8_t* blk = qr.blocks.data() + b * qr.block_bytes();
        for (size_t i = 0; i < nq; ++i) {
            const uint8_t* q = queries[i]->bytes.data();
            int32_t acc[8];
            for (int l = 0; l < 8; ++l) acc[l] = qr.bias[b * 8 + l];
            for (uint32_t g = 0; g < groups; ++g)
                for (int l = 0; l < 8; ++l)
                    for (int t = 0; t < 4; ++t) acc[l] += int32_t(q[g * 4 + t]) * int32_t(blk[g * 32 + l * 4 + t]);
            std::memcpy(out + i * stride + (b - b0) * 8, acc, sizeof acc);
        }
    }
}

} // namespace

void quantized_dots(const QuantizedRows& qr, const QuantizedQuery* const* queries, size_t nq, size_t b0, size_t b1,
                    int32_t* out) {
#if defined(__AVXVNNI__)
    switch (nq) {
    case 1: return dots_vnni<1>(qr, queries, b0, b1, out);
    case 2: return dots_vnni<2>(qr, queries, b0, b1, out);
    case 3: return dots_vnni<3>(qr, queries, b0, b1, out);
    case 4: return dots_vnni<4>(qr, queries, b0, b1, out);
    case 5: return dots_vnni<5>(qr, queries, b0, b1, out);
    case 6: return dots_vnni<6>(qr, queries, b0, b1, out);
    case 7: return dots_vnni<7>(qr, queries, b0, b1, out);
    case 8: return dots_vnni<8>(qr, queries, b0, b1, out);
    default: break;
    }
#endif
    dots_portable(qr, queries, nq, b0, b1, out);
}

} // namespace es
