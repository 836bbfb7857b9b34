#version 430
// y[n, out] = x[n, in] · w[out, in]ᵀ + b: one 16 × 16 tile of y per work group, both operands
// staged through shared memory 16 columns of `in` at a time.
layout(local_size_x = 16, local_size_y = 16) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer W { float w[]; };
layout(std430, binding = 2) readonly buffer B { float b[]; };
layout(std430, binding = 3) writeonly buffer Y { float y[]; };
uniform int n;
uniform int in_dim;
uniform int out_dim;
uniform int has_bias;

shared float xs[16][17];
shared float ws[16][17];

void main() {
    const int tx = int(gl_LocalInvocationID.x), ty = int(gl_LocalInvocationID.y);
    const int col = int(gl_WorkGroupID.x) * 16 + tx;  // output feature
    const int row = int(gl_WorkGroupID.y) * 16 + ty;  // token
    const int wrow = int(gl_WorkGroupID.x) * 16 + ty;
    float acc = 0.0;
    for (int k0 = 0; k0 < in_dim; k0 += 16) {
        const int k = k0 + tx;
        xs[ty][tx] = (row < n && k < in_dim) ? x[row * in_dim + k] : 0.0;
        ws[ty][tx] = (wrow < out_dim && k < in_dim) ? w[wrow * in_dim + k] : 0.0;
        barrier();
        for (int j = 0; j < 16; ++j) acc += xs[ty][j] * ws[tx][j];
        barrier();
    }
    if (row < n && col < out_dim) y[row * out_dim + col] = acc + (has_bias != 0 ? b[col] : 0.0);
}
