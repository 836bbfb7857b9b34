#version 430
// scores[h·n + i, j] = scale · q_h[i] · k_g[j], g = h / (heads / kv_heads); with causal set,
// keys after the query are −inf.
layout(local_size_x = 16, local_size_y = 16) in;
layout(std430, binding = 0) readonly buffer Q { float q[]; };
layout(std430, binding = 1) readonly buffer K { float k[]; };
layout(std430, binding = 2) writeonly buffer S { float scores[]; };
uniform int n;
uniform int heads;
uniform int kv_heads;
uniform int head_dim;
uniform float scale;
uniform int causal;

void main() {
    const int j = int(gl_GlobalInvocationID.x), i = int(gl_GlobalInvocationID.y), h = int(gl_GlobalInvocationID.z);
    if (i >= n || j >= n) return;
    const int g = h / (heads / kv_heads);
    float v;
    if (causal != 0 && j > i) {
        v = uintBitsToFloat(0xff800000u);
    } else {
        const int qa = i * heads * head_dim + h * head_dim, ka = j * kv_heads * head_dim + g * head_dim;
        float acc = 0.0;
        for (int d = 0; d < head_dim; ++d) acc += q[qa + d] * k[ka + d];
        v = acc * scale;
    }
    scores[(h * n + i) * n + j] = v;
}
