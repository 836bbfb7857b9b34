#version 430
// One work group per row: LayerNorm ((x − mean) / sqrt(var + eps) · gamma + beta) or, with
// rms set, RMSNorm (x / sqrt(mean(x²) + eps) · gamma).
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer G { float gamma[]; };
layout(std430, binding = 2) readonly buffer B { float beta[]; };
layout(std430, binding = 3) writeonly buffer Y { float y[]; };
uniform int cols;
uniform float eps;
uniform int rms;

shared float part[256];

float row_sum(float v) {
    const uint t = gl_LocalInvocationID.x;
    part[t] = v;
    barrier();
    for (uint s = 128u; s > 0u; s >>= 1) {
        if (t < s) part[t] += part[t + s];
        barrier();
    }
    const float total = part[0];
    barrier();
    return total;
}

void main() {
    const int base = int(gl_WorkGroupID.x) * cols;
    const int t = int(gl_LocalInvocationID.x);
    // Both sums are always taken: barrier() must not sit under a branch.
    float s = 0.0;
    for (int i = t; i < cols; i += 256) s += x[base + i];
    const float total = row_sum(s);
    const float mean = rms != 0 ? 0.0 : total / float(cols);
    float s2 = 0.0;
    for (int i = t; i < cols; i += 256) {
        const float d = x[base + i] - mean;
        s2 += d * d;
    }
    const float inv = 1.0 / sqrt(row_sum(s2) / float(cols) + eps);
    for (int i = t; i < cols; i += 256) {
        const float v = (x[base + i] - mean) * inv * gamma[i];
        y[base + i] = rms != 0 ? v : v + beta[i];
    }
}
