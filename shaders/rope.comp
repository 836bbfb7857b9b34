#version 430
// Rotate-half RoPE in place: in each head, dimension i turns with i + half by the angle of
// the row's position (cos and sin are [rows, half]).
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer C { float c[]; };
layout(std430, binding = 2) readonly buffer S { float s[]; };
uniform int rows;
uniform int heads;
uniform int half_dim;

void main() {
    const int i = int(gl_GlobalInvocationID.x), h = int(gl_GlobalInvocationID.y), r = int(gl_GlobalInvocationID.z);
    if (i >= half_dim || h >= heads || r >= rows) return;
    const int at = (r * heads + h) * 2 * half_dim + i;
    const float a = x[at], b = x[at + half_dim];
    const float cc = c[r * half_dim + i], ss = s[r * half_dim + i];
    x[at] = a * cc - b * ss;
    x[at + half_dim] = b * cc + a * ss;
}
