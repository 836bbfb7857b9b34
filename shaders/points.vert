#version 330 core
// One vertex per word, drawn as GL_POINTS of gl_PointSize pixels. The position moves from the
// previous projection to the new one as u_t goes 0 → 1 (the ~400 ms transition); the colour
// comes from the session's per-row value through u_colour_mode.
layout(location = 0) in vec3 a_position;   // the current projection
layout(location = 1) in vec3 a_previous;   // the projection before the transition
layout(location = 2) in float a_value;     // Rank 0..1, Selection 0/1, Metadata category index

uniform mat4 u_mvp;          // projected coordinates → clip space
uniform float u_t;           // transition progress, already eased
uniform float u_size_px;     // disc diameter in framebuffer pixels, outline included
uniform float u_rank_boost;  // frequent words drawn up to (1 + boost) times larger
uniform float u_count;       // rows in the vocabulary; the buffers hold them last to first
uniform int u_colour_mode;   // 0 u_fill, 1 rank ramp, 2 palette by category, 3 selected/not
uniform vec4 u_fill;         // straight alpha
uniform vec4 u_palette[8];
uniform vec3 u_ramp[4];      // the rank ramp's stops: frequent words dark, rare ones green
uniform float u_opacity;

out vec4 v_fill;
out float v_size;   // disc diameter
out float v_side;   // the point sprite's side: a whole number of pixels

// The rank ramp (style/colour_maps: viridis' darker three quarters), linear between stops.
vec3 ramp(float t) {
    float s = clamp(t, 0.0, 1.0) * 3.0;
    int i = s < 1.0 ? 0 : s < 2.0 ? 1 : 2;
    return mix(u_ramp[i], u_ramp[i + 1], s - float(i));
}

void main() {
    vec3 p = mix(a_previous, a_position, u_t);
    gl_Position = u_mvp * vec4(p, 1.0);
    float rank = log(u_count - float(gl_VertexID)) / log(u_count + 1.0);  // row + 1 = u_count - gl_VertexID
    float size = u_size_px * (1.0 + u_rank_boost * (1.0 - rank));
    vec4 c = u_fill;
    if (u_colour_mode == 1) c = vec4(ramp(a_value), u_fill.a);  // the session's value is already log rank
    else if (u_colour_mode == 2) c = vec4(u_palette[int(a_value) & 7].rgb, u_fill.a);
    else if (u_colour_mode == 3 && a_value > 0.5) c = vec4(u_palette[1].rgb, max(u_fill.a, 0.9));
    v_fill = vec4(c.rgb, c.a * u_opacity);
    v_size = size;
    // Half a pixel on each side for the anti-aliased rim, rounded up to whole pixels: llvmpipe
    // rounds point sizes to integers, so gl_PointCoord is only exact for an integer size.
    v_side = ceil(size + 1.0);
    gl_PointSize = v_side;
}
