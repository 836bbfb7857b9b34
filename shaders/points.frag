#version 330 core
// Round anti-aliased points with an optional outline ring (widths in framebuffer pixels).
in vec2 v_corner;               // 0 at the centre, 1 at the disc's rim

uniform vec4 u_fill;            // straight (not premultiplied) alpha
uniform vec4 u_outline;
uniform float u_size_px;
uniform float u_outline_px;

out vec4 frag_colour;

void main() {
    float radius_px = 0.5 * u_size_px;
    float d = length(v_corner) * radius_px;            // distance from the centre in pixels
    float coverage = clamp(radius_px - d + 0.5, 0.0, 1.0);
    if (coverage <= 0.0) discard;
    float inner = clamp(radius_px - u_outline_px - d + 0.5, 0.0, 1.0);
    vec4 colour = mix(u_outline, u_fill, u_outline_px > 0.0 ? inner : 1.0);
    frag_colour = vec4(colour.rgb, colour.a * coverage);
}
