#include "gl/gl_surface_format.h"

#include <QOpenGLContext>

namespace es::ui {

QSurfaceFormat gl_core_format(int major, int minor) {
    QSurfaceFormat f;
    f.setRenderableType(QSurfaceFormat::OpenGL);
    f.setVersion(major, minor);
    f.setProfile(QSurfaceFormat::CoreProfile);
    f.setDepthBufferSize(24);   // the 3-D views
    f.setStencilBufferSize(8);  // QPainter's GL engine clips and fills paths with the stencil
    return f;
}

void request_gl_core_format() { QSurfaceFormat::setDefaultFormat(gl_core_format(4, 3)); }

void settle_gl_core_format() {
    QOpenGLContext probe;
    probe.setFormat(QSurfaceFormat::defaultFormat());
    if (probe.create() && probe.format().version() >= qMakePair(4, 3)) return;
    QSurfaceFormat::setDefaultFormat(gl_core_format(3, 3));
}

} // namespace es::ui
