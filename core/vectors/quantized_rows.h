// An int8 copy of a table's unit-normalised rows, for cosine scans that read a quarter of the
// bytes of the float32 table. Each row r is u_r = v_r/|v_r| ≈ scale_r · q_r (q_r int8), with
// the exact error bound err_r ≥ |u_r − scale_r·q_r|₂, so a scan can prove which rows may be in
// the float32 top-k and re-rank only those exactly (see cosine_search.h).
//
// Layout: rows in blocks of 8; a block holds `groups` = ceil(dim/4) runs of 8 rows × 4 bytes,
// the order AVX-VNNI's vpdpbusd consumes (one 32-byte load gives 4 dims of 8 rows).
// bias_r = −128 · Σ q_r: the scan feeds the query as unsigned bytes (q + 128) and starts each
// accumulator at bias_r, so the integer dot product comes out exact.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

namespace es {

class VectorTable;

struct QuantizedRows {
    size_t rows = 0;
    uint32_t dim = 0;
    uint32_t groups = 0;                        // ceil(dim / 4)
    std::span<const int8_t> blocks;  // padded_rows/8 × groups × 32 bytes
    std::span<const float> scale;    // padded_rows each (padding rows: 0)
    std::span<const float> err;
    std::span<const int32_t> bias;
    float max_err = 0;               // max over rows of err

    size_t block_bytes() const { return size_t(groups) * 32; }
    static size_t padded_rows(size_t rows) { return (rows + 7) / 8 * 8; }

    // Owned storage when built in memory rather than mapped from the .esv file.
    std::vector<int8_t> own_blocks;
    std::vector<uint8_t> own_params;  // scale, err, bias arrays back to back (the .esv section)

    // Points the spans at `blocks_bytes` and `params_bytes` (as stored: scale, err, bias).
    void attach(const int8_t* blocks_bytes, const uint8_t* params_bytes, size_t rows, uint32_t dim);
};

// Bytes of the two .esv sections for `rows` × `dim`.
size_t quantized_block_bytes(size_t rows, uint32_t dim);
size_t quantized_param_bytes(size_t rows);

// One row as quantize_rows stores it: q (groups × 4 bytes; the bytes past dim must be 0),
// its scale, error bound and bias. Returns the row's norm (float of the double sum's root).
float quantize_row(const float* v, uint32_t dim, int8_t* q, float& scale, float& err, int32_t& bias);
// Copies a row's q into its place in an 8-row block (groups runs of 8 rows × 4 bytes).
void place_quantized_row(const int8_t* q, uint32_t groups, size_t row_in_block, int8_t* block);
// Quantises packed (stride floats apart) rows into the two sections' bytes.
void quantize_rows(const float* data, size_t stride, size_t rows, uint32_t dim, std::vector<int8_t>& blocks,
                   std::vector<uint8_t>& params);
// Quantises a whole table into owned storage.
void build_quantized_rows(const VectorTable& table, QuantizedRows& out);

// A query quantised the same way: `bytes` (groups × 4, unsigned, q + 128), `scale`, and the
// exact bound `err` ≥ |unit(query) − scale·q|₂. A zero query has scale 0.
struct QuantizedQuery {
    std::vector<uint8_t> bytes;
    float scale = 0;
    float err = 0;
};
QuantizedQuery quantize_query(std::span<const float> unit_query, uint32_t groups);

// Integer dot products of `nq` queries (≤ 8) with every row of blocks [block_begin, block_end):
// out[q * 8 * (block_end − block_begin) + i] for row 8·block_begin + i. Exact; AVX-VNNI when
// the build has it, portable loops otherwise (same integers either way).
void quantized_dots(const QuantizedRows& qr, const QuantizedQuery* const* queries, size_t nq, size_t block_begin,
                    size_t block_end, int32_t* out);

} // namespace es
