#include "window_options.h"

#include <QRegularExpression>

namespace es::ui {

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
        } else if (name == "--session" || name == "--view" || name == "--model") {
            error = name + ": not available in this version";
            return false;
        } else {
            error = "unknown option '" + args[i] + "' (see embedscope --help)";
            return false;
        }
    }
    return true;
}

} // namespace es::ui
