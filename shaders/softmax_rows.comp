#version 430
// Softmax of each row in place, one work group per row.
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer X { float x[]; };
uniform int cols;

shared float part[256];

void main() {
    const int base = int(gl_WorkGroupID.x) * cols;
    const uint t = gl_LocalInvocationID.x;
    float m = uintBitsToFloat(0xff800000u);
    for (int i = int(t); i < cols; i += 256) m = max(m, x[base + i]);
    part[t] = m;
    barrier();
    for (uint s = 128u; s > 0u; s >>= 1) {
        if (t < s) part[t] = max(part[t], part[t + s]);
        barrier();
    }
    m = part[0];
    barrier();
    float sum = 0.0;
    for (int i = int(t); i < cols; i += 256) {
        const float e = exp(x[base + i] - m);
        x[base + i] = e;
        sum += e;
    }
    part[t] = sum;
    barrier();
    for (uint s = 128u; s > 0u; s >>= 1) {
        if (t < s) part[t] += part[t + s];
        barrier();
    }
    const float inv = 1.0 / part[0];
    for (int i = int(t); i < cols; i += 256) x[base + i] *= inv;
}
