#include "window/window_options.h"

#include "persistence/state_schema.h"

#include <QRegularExpression>

namespace es::ui {

QStringList window_view_names() { return state_view_names(); }

bool parse_window_options(const QStringList& args, WindowOptions& out, QString& error) {
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString name = args[i];
        QString value;
        bool inline_value = false;
        if (name.startsWith("--") && name.contains('=')) {
            value = name.section('=', 1);
            name = name.section('=', 0, 0);
            inline_value = true;
        }
        auto take_value = [&]() -> bool {
            if (inline_value) return true;
            if (i + 1 >= args.size()) {
                error = name + ": needs a value";
                return false;
            }
            value = args[++i];
            return true;
        };
        if (name == "--vectors") {
            if (!take_value()) return false;
            if (value.isEmpty()) {
                error = "--vectors: empty path";
                return false;
            }
            out.vectors = value;
        } else if (name == "--text") {
            if (!take_value()) return false;
            out.text = value;
            out.has_text = true;
        } else if (name == "--screenshot") {
            if (!take_value()) return false;
            if (value.isEmpty()) {
                error = "--screenshot: empty path";
                return false;
            }
            out.screenshot = value;
        } else if (name == "--size") {
            if (!take_value()) return false;
            static const QRegularExpression re(QStringLiteral("^(\\d{2,5})x(\\d{2,5})$"));
            const auto m = re.match(value);
            const int w = m.hasMatch() ? m.captured(1).toInt() : 0, h = m.hasMatch() ? m.captured(2).toInt() : 0;
            if (w < 200 || h < 150 || w > 8192 || h > 8192) {
                error = "--size: '" + value + "' is not WIDTHxHEIGHT between 200x150 and 8192x8192";
                return false;
            }
            out.size = QSize(w, h);
        } else if (name == "--model") {
            if (!take_value()) return false;
            if (value.isEmpty()) {
                error = "--model: empty path (a model folder or 'builtin')";
                return false;
            }
            out.model = value;
        } else if (name == "--session") {
            if (!take_value()) return false;
            if (value.isEmpty()) {
                error = "--session: empty path";
                return false;
            }
            out.session = value;
        } else if (name == "--view") {
            if (!take_value()) return false;
            if (!window_view_names().contains(value)) {
                error = "--view: '" + value + "' is not one of " + window_view_names().join('|');
                return false;
            }
            out.view = value;
        } else {
            error = "unknown option '" + args[i] + "' (see embedscope --help)";
            return false;
        }
    }
    if (!out.vectors.isEmpty() && !out.model.isEmpty()) {
        error = "--vectors and --model: give one source, not both";
        return false;
    }
    return true;
}

} // namespace es::ui
