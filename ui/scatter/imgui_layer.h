// A Dear ImGui context drawn inside a QOpenGLWidget with imgui_impl_opengl3, after the scene.
// Every call makes its own context current first, so several views may each have one.
// initialize() and shutdown() need the widget's GL context current.
#pragma once
#include <QElapsedTimer>
#include <QSize>

class QEvent;
struct ImGuiContext;
struct ImFont;

namespace es::ui {

class ImGuiLayer {
public:
    ImGuiLayer() = default;
    ImGuiLayer(const ImGuiLayer&) = delete;
    ImGuiLayer& operator=(const ImGuiLayer&) = delete;
    ~ImGuiLayer();

    // Creates the context, its font (DejaVu Sans, 15 px at `device_pixel_ratio`) and the GL objects.
    bool initialize(float device_pixel_ratio);
    void shutdown();
    bool initialized() const { return context_ != nullptr; }

    // Between these two, ImGui:: calls build this frame's windows.
    void beginFrame(QSize logical_size, float device_pixel_ratio);
    // Draws the frame; imgui_impl_opengl3 saves and restores the GL state it touches.
    void endFrame();

    // Forwards an input event; returns true when ImGui wants this kind of input for itself
    // (the pointer is over one of its windows, or a widget of it has the keyboard).
    bool feed(const QEvent* event);
    // Above 1: the larger (22 px) face, for presentation mode.
    void setScale(float scale);
    bool wantsMouse() const;

private:
    ImGuiContext* context_ = nullptr;
    QElapsedTimer clock_;
    float dpr_ = 1.0f, scale_ = 1.0f;
    ImFont* normal_font_ = nullptr;
    ImFont* large_font_ = nullptr;
};

} // namespace es::ui
