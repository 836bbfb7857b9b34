#include "gl/gl_compute_context.h"

#include "base/assertion.h"
#include "base/error.h"
#include "gl/gl_surface_format.h"

#include <QGuiApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QThread>

#include <cstdlib>

namespace es::ui {

bool GlComputeContext::display_available() {
    const char* x = std::getenv("DISPLAY");
    const char* w = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (w && *w);
}

GlComputeContext::GlComputeContext(QThread* user) {
    if (!QCoreApplication::instance()) {
        // Without a display Qt would abort the process; say so instead.
        if (!display_available())
            throw Error("OpenGL: no display ($DISPLAY is not set); run under xvfb-run or use --backend cpu");
        static int argc = 1;
        static char name[] = "embedscope";
        static char* argv[] = {name, nullptr};
        app_ = std::make_unique<QGuiApplication>(argc, argv);
    } else if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance())) {
        throw Error("OpenGL: no GUI application for OpenGL");
    }
    const QSurfaceFormat format = gl_core_format(4, 3);
    surface_ = std::make_unique<QOffscreenSurface>();
    surface_->setFormat(format);
    surface_->create();
    context_ = new QOpenGLContext;
    context_->setFormat(format);
    if (!context_->create()) {
        delete context_;
        context_ = nullptr;
        throw Error("OpenGL: cannot create an OpenGL 4.3 core context");
    }
    if (user) context_->moveToThread(user);
}

GlComputeContext::~GlComputeContext() {
    release();
    surface_.reset();
    app_.reset();
}

void GlComputeContext::makeCurrent() {
    ES_ASSERT(context_, "GlComputeContext::makeCurrent after release()");
    ES_ASSERT(context_->thread() == QThread::currentThread(), "GlComputeContext::makeCurrent on a thread that does not own the context");
    if (!context_->makeCurrent(surface_.get())) throw Error("OpenGL: cannot make the OpenGL context current");
    const QSurfaceFormat got = context_->format();
    if (got.version() < qMakePair(4, 3))
        throw Error("OpenGL: compute needs OpenGL 4.3; the context offers " + std::to_string(got.majorVersion()) + "." +
                    std::to_string(got.minorVersion()));
}

void GlComputeContext::release() {
    if (!context_) return;
    if (QOpenGLContext::currentContext() == context_) context_->doneCurrent();
    delete context_;
    context_ = nullptr;
}

std::function<void*(const char*)> GlComputeContext::loader() const {
    QOpenGLContext* c = context_;
    return [c](const char* name) { return reinterpret_cast<void*>(c->getProcAddress(name)); };
}

std::string GlComputeContext::renderer() const {
    const GLubyte* r = context_ ? context_->functions()->glGetString(GL_RENDERER) : nullptr;
    return r ? reinterpret_cast<const char*>(r) : "";
}

} // namespace es::ui
