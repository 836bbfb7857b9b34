#version 430
// GELU in place: exact (erf; BERT) or GPT-2's tanh approximation.
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer X { float x[]; };
uniform int count;
uniform int use_tanh;

// GLSL has no erf: Abramowitz & Stegun 7.1.26, |error| ≤ 1.5e-7.
float erf_approx(float v) {
    const float a = abs(v);
    const float t = 1.0 / (1.0 + 0.3275911 * a);
    const float p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    return sign(v) * (1.0 - p * exp(-a * a));
}

void main() {
    const int i = int(gl_GlobalInvocationID.x);
    if (i >= count) return;
    const float v = x[i];
    if (use_tanh != 0) {
        // tanh is clamped: some GL implementations overflow to NaN for large arguments.
        const float u = clamp(0.7978845608028654 * (v + 0.044715 * v * v * v), -15.0, 15.0);
        x[i] = 0.5 * v * (1.0 + tanh(u));
    } else {
        x[i] = 0.5 * v * (1.0 + erf_approx(v * 0.7071067811865476));
    }
}
