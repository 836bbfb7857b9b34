// A headless OpenGL 4.3 core context for GL compute work outside a window (the CLI, the
// benchmark, tests): Qt makes it, the GL backend takes its functions through getProcAddress.
#pragma once
#include <functional>
#include <memory>
#include <string>

class QGuiApplication;
class QOffscreenSurface;
class QOpenGLContext;

namespace es {

class GlComputeContext {
public:
    // Makes the context current on this thread. Throws es::Error naming the reason (no X
    // display, no 4.3 context). Creates a QGuiApplication when there is none.
    GlComputeContext();
    ~GlComputeContext();
    std::function<void*(const char*)> loader() const;
    std::string renderer() const;
    // Whether a display is there to open a context on ($DISPLAY or $WAYLAND_DISPLAY).
    static bool display_available();

private:
    std::unique_ptr<QGuiApplication> app_;
    std::unique_ptr<QOffscreenSurface> surface_;
    std::unique_ptr<QOpenGLContext> context_;
};

} // namespace es
