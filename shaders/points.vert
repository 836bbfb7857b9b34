#version 330 core
// One instance per point: a screen-aligned quad of `u_size_px` pixels around the point's
// projected position, expanded here from the corner attribute (-1..1).
layout(location = 0) in vec2 a_corner;
layout(location = 1) in vec2 a_position;   // data space (PCA coordinates)

uniform vec2 u_scale;      // data → NDC
uniform vec2 u_offset;     // data → NDC
uniform vec2 u_viewport;   // framebuffer size in pixels
uniform float u_size_px;   // diameter in framebuffer pixels, outline included

out vec2 v_corner;

void main() {
    vec2 centre = a_position * u_scale + u_offset;
    // One extra pixel around the disc leaves room for the anti-aliased edge.
    float extent = u_size_px + 2.0;
    vec2 ndc = centre + a_corner * extent / u_viewport;
    v_corner = a_corner * extent / u_size_px;
    gl_Position = vec4(ndc, 0.0, 1.0);
}
