// A headless OpenGL 4.3 core context for GL compute outside a window (the CLI, the benchmark, the
// window's encoder thread): Qt makes it in gl_core_format(4, 3), the GL backend takes its
// functions through loader() and never sees Qt.
#pragma once
#include <functional>
#include <memory>
#include <string>

class QGuiApplication;
class QOffscreenSurface;
class QOpenGLContext;
class QThread;

namespace es::ui {

class GlComputeContext {
public:
    // Makes the surface and the context on this thread (the GUI thread where a QGuiApplication
    // exists; one is made where there is no application at all) for use on `user` (null: this
    // thread). Throws es::Error naming the reason: no display, no GUI application, no context.
    explicit GlComputeContext(QThread* user = nullptr);
    ~GlComputeContext();  // on the thread that made it; release() first where `user` differs
    GlComputeContext(const GlComputeContext&) = delete;
    GlComputeContext& operator=(const GlComputeContext&) = delete;

    // On `user`: makes the context current and checks it is 4.3 or newer; throws es::Error.
    void makeCurrent();
    // On `user`: done with the context and deletes it (GL objects must be gone by then).
    void release();
    std::function<void*(const char*)> loader() const;
    std::string renderer() const;  // GL_RENDERER of the current context
    // Whether a display is there to open a context on ($DISPLAY or $WAYLAND_DISPLAY).
    static bool display_available();

private:
    std::unique_ptr<QGuiApplication> app_;
    std::unique_ptr<QOffscreenSurface> surface_;
    QOpenGLContext* context_ = nullptr;  // owned; deleted by release() on the thread that uses it
};

} // namespace es::ui
