#include "gl_compute_context.h"

#include "base/error.h"

#include <QGuiApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QSurfaceFormat>

#include <cstdlib>

namespace es {

bool GlComputeContext::display_available() {
    const char* x = std::getenv("DISPLAY");
    const char* w = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (w && *w);
}

GlComputeContext::GlComputeContext() {
    if (!QGuiApplication::instance()) {
        // Without a display Qt would abort the process; say so instead.
        if (!display_available())
            throw Error("OpenGL: no display ($DISPLAY is not set); run under xvfb-run or use --backend cpu");
        static int argc = 1;
        static char name[] = "embedscope";
        static char* argv[] = {name, nullptr};
        app_ = std::make_unique<QGuiApplication>(argc, argv);
    }
    QSurfaceFormat format;
    format.setVersion(4, 3);
    format.setProfile(QSurfaceFormat::CoreProfile);
    surface_ = std::make_unique<QOffscreenSurface>();
    surface_->setFormat(format);
    surface_->create();
    context_ = std::make_unique<QOpenGLContext>();
    context_->setFormat(format);
    if (!context_->create()) throw Error("OpenGL: cannot create an OpenGL 4.3 core context");
    if (!context_->makeCurrent(surface_.get())) throw Error("OpenGL: cannot make the OpenGL context current");
    const QSurfaceFormat got = context_->format();
    if (got.majorVersion() < 4 || (got.majorVersion() == 4 && got.minorVersion() < 3))
        throw Error("OpenGL: compute needs OpenGL 4.3; the context offers " + std::to_string(got.majorVersion()) + "." +
                    std::to_string(got.minorVersion()));
}

GlComputeContext::~GlComputeContext() {
    if (context_) context_->doneCurrent();
    context_.reset();
    surface_.reset();
    app_.reset();
}

std::function<void*(const char*)> GlComputeContext::loader() const {
    QOpenGLContext* c = context_.get();
    return [c](const char* name) { return reinterpret_cast<void*>(c->getProcAddress(name)); };
}

std::string GlComputeContext::renderer() const {
    const GLubyte* r = context_->functions()->glGetString(GL_RENDERER);
    return r ? reinterpret_cast<const char*>(r) : "";
}

} // namespace es
