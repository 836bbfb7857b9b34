// The one schema of a saved window state: the fields of a session file, which a lesson's steps
// reuse. check_state() validates every field (type, finiteness, range, allowed values, that a
// named file or folder exists) and returns the state cleaned: each rejected field is left out
// with one problem naming its path ("camera.pitch_deg: …"), and everything else is kept.
#pragma once
#include <QJsonObject>
#include <QStringList>

namespace es::ui {

// Limits of the schema, shared with the code that applies the state (the camera's are CameraState's).
namespace state_limits {
inline constexpr int kMaxNeighbours = 50;
inline constexpr int kMaxLayer = 4096;
inline constexpr qsizetype kMaxTextLength = 1 << 20;
inline constexpr qsizetype kMaxSelection = 1 << 22;
} // namespace state_limits

// The central tabs, in the window's order (--view and the "view" field).
QStringList state_view_names();
// The colour-by choices ("rank", "selection", "metadata").
QStringList state_colour_by_names();

// `state`: a session's fields (format and version are the caller's). Problems are appended.
QJsonObject check_state(const QJsonObject& state, QStringList* problems);

} // namespace es::ui
