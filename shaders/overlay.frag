#version 330 core
// A premultiplied RGBA image (labels, colour bar, hover) laid over the whole view.
in vec2 uv;
out vec4 colour;
uniform sampler2D image;
void main() {
    colour = texture(image, uv);
}
