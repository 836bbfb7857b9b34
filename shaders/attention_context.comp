#version 430
// out[i, h·head_dim + d] = Σ_j probs[h·n + i, j] · v[j, g·head_dim + d], g = h / (heads / kv_heads).
layout(local_size_x = 16, local_size_y = 16) in;
layout(std430, binding = 0) readonly buffer P { float probs[]; };
layout(std430, binding = 1) readonly buffer V { float v[]; };
layout(std430, binding = 2) writeonly buffer O { float o[]; };
uniform int n;
uniform int heads;
uniform int kv_heads;
uniform int head_dim;

void main() {
    const int d = int(gl_GlobalInvocationID.x), i = int(gl_GlobalInvocationID.y), h = int(gl_GlobalInvocationID.z);
    if (d >= head_dim || i >= n) return;
    const int g = h / (heads / kv_heads);
    float acc = 0.0;
    const int pa = (h * n + i) * n;
    for (int j = 0; j < n; ++j) acc += probs[pa + j] * v[j * kv_heads * head_dim + g * head_dim + d];
    o[i * heads * head_dim + h * head_dim + d] = acc;
}
