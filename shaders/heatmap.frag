#version 330 core
// A matrix of values (one texel per cell, nearest sampling) through the viridis colour map;
// values below −0.5 are masked cells (causal attention), drawn hatched.
in vec2 uv;
out vec4 colour;
uniform sampler2D cells;
uniform vec2 range;         // lo, hi
uniform vec3 stops[9];      // viridis
uniform vec3 masked;
uniform vec3 maskedDark;
void main() {
    float v = texture(cells, uv).r;
    if (v < -0.5) {
        float stripe = mod(gl_FragCoord.x + gl_FragCoord.y, 8.0);
        colour = vec4(stripe < 4.0 ? masked : maskedDark, 1.0);
        return;
    }
    float t = clamp((v - range.x) / max(range.y - range.x, 1e-30), 0.0, 1.0) * 8.0;
    int i = min(int(t), 7);
    colour = vec4(mix(stops[i], stops[i + 1], t - float(i)), 1.0);
}
