#version 430
// y += a, element by element.
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer A { float a[]; };
layout(std430, binding = 1) buffer Y { float y[]; };
uniform int count;

void main() {
    const int i = int(gl_GlobalInvocationID.x);
    if (i < count) y[i] += a[i];
}
