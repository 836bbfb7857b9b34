// The OpenGL format every window and benchmark asks for (DESIGN.md): 4.3 core (compute shaders),
// else 3.3 core, drawing the same.
#pragma once
#include <QSurfaceFormat>

namespace es::ui {

QSurfaceFormat gl_core_format(int major, int minor);
// Before QApplication exists: the default format asks for 4.3 core.
void request_gl_core_format();
// Once QApplication exists: where less than 4.3 is offered, the default falls back to 3.3 core.
void settle_gl_core_format();

} // namespace es::ui
