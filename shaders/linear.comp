#version 430
// y[n, out] = x[n, in] · w[out, in]ᵀ + b. A work group of 16 × 16 computes a 64 × 64 tile of y,
// each invocation a 4 × 4 block (rows ty + 16i, columns tx + 16j); both operands are staged
// through shared memory 16 columns of `in` at a time, so each barrier serves 16 outputs.
layout(local_size_x = 16, local_size_y = 16) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer W { float w[]; };
layout(std430, binding = 2) readonly buffer B { float b[]; };
layout(std430, binding = 3) writeonly buffer Y { float y[]; };
uniform int n;
uniform int in_dim;
uniform int out_dim;
uniform int has_bias;

shared float xs[64][17];
shared float ws[64][17];

void main() {
    const int tx = int(gl_LocalInvocationID.x), ty = int(gl_LocalInvocationID.y);
    const int lid = ty * 16 + tx;
    const int row0 = int(gl_WorkGroupID.y) * 64;  // tokens
    const int col0 = int(gl_WorkGroupID.x) * 64;  // output features
    float acc[4][4];
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) acc[i][j] = 0.0;
    for (int k0 = 0; k0 < in_dim; k0 += 16) {
        for (int e = 0; e < 4; ++e) {
            const int idx = lid + 256 * e, r = idx >> 4, k = idx & 15;
            const int gk = k0 + k, xr = row0 + r, wr = col0 + r;
            xs[r][k] = (xr < n && gk < in_dim) ? x[xr * in_dim + gk] : 0.0;
            ws[r][k] = (wr < out_dim && gk < in_dim) ? w[wr * in_dim + gk] : 0.0;
        }
        barrier();
        for (int k = 0; k < 16; ++k) {
            float a[4], c[4];
            for (int i = 0; i < 4; ++i) a[i] = xs[ty + 16 * i][k];
            for (int j = 0; j < 4; ++j) c[j] = ws[tx + 16 * j][k];
            for (int i = 0; i < 4; ++i)
                for (int j = 0; j < 4; ++j) acc[i][j] += a[i] * c[j];
        }
        barrier();
    }
    for (int i = 0; i < 4; ++i) {
        const int row = row0 + ty + 16 * i;
        if (row >= n) continue;
        for (int j = 0; j < 4; ++j) {
            const int col = col0 + tx + 16 * j;
            if (col < out_dim) y[row * out_dim + col] = acc[i][j] + (has_bias != 0 ? b[col] : 0.0);
        }
    }
}
