#version 430
// SwiGLU: up = silu(gate) · up.
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer G { float gate[]; };
layout(std430, binding = 1) buffer U { float up[]; };
uniform int count;

void main() {
    const int i = int(gl_GlobalInvocationID.x);
    if (i >= count) return;
    const float g = gate[i];
    up[i] *= g / (1.0 + exp(-g));
}
