// The window's command-line options (DESIGN.md "Command line", first form).
#pragma once
#include <QSize>
#include <QString>
#include <QStringList>

namespace es::ui {

struct WindowOptions {
    QString vectors;     // empty: the default table (or the session's / model's source)
    QString model;       // a model folder or "builtin"; empty: none
    QString session;     // a saved session file to open; empty: none
    QString view;        // the central tab: scatter|tokens|positions|rope|attention; empty: scatter
    QString text;        // empty with has_text false: the default sentence (or the session's)
    bool has_text = false;
    QString screenshot;  // empty: interactive
    QSize size{1280, 800};
};

// The names --view accepts, in the order of the window's tabs.
QStringList window_view_names();

// Reads `args` (without the program name). On bad usage returns false with a one-line message
// in `error`. --vectors and --model exclude each other.
bool parse_window_options(const QStringList& args, WindowOptions& out, QString& error);

inline constexpr const char* kDefaultSentence = "the king and the queen went to paris";

} // namespace es::ui
