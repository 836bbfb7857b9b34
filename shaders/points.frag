#version 330 core
// Round anti-aliased points with an optional outline ring (widths in framebuffer pixels).
in vec4 v_fill;                 // straight (not premultiplied) alpha
in float v_size;                // disc diameter
in float v_side;                // gl_PointSize, whole pixels

uniform vec4 u_outline;
uniform float u_outline_px;

out vec4 frag_colour;

void main() {
    float radius_px = 0.5 * v_size;
    float d = length(gl_PointCoord - 0.5) * v_side;  // distance from the centre in pixels
    float coverage = clamp(radius_px - d + 0.5, 0.0, 1.0);
    if (coverage <= 0.0) discard;
    vec4 colour = v_fill;
    if (u_outline_px > 0.0) colour = mix(u_outline, v_fill, clamp(radius_px - u_outline_px - d + 0.5, 0.0, 1.0));
    frag_colour = vec4(colour.rgb, colour.a * coverage);
}
