// The window's command-line options (DESIGN.md "Command line", first form).
#pragma once
#include <QSize>
#include <QString>
#include <QStringList>

namespace es::ui {

struct WindowOptions {
    QString vectors;     // empty: the default table
    QString text;        // empty with has_text false: the default sentence
    bool has_text = false;
    QString screenshot;  // empty: interactive
    QSize size{1280, 800};
};

// Reads `args` (without the program name). On bad usage returns false with a one-line message
// in `error`; options of later issues (--session, --view) are rejected as not available yet.
bool parse_window_options(const QStringList& args, WindowOptions& out, QString& error);

inline constexpr const char* kDefaultSentence = "the king and the queen went to paris";

} // namespace es::ui
