// Help ▸ Diagnostics: what this window runs on — OpenGL renderer and version, the compute
// backend in use, Qt, the screen's pixel ratio, the data and settings paths — with a Copy
// button for bug reports.
#pragma once
#include <QDialog>
#include <QList>
#include <QPair>
#include <QString>

namespace es::ui {

using DiagnosticRows = QList<QPair<QString, QString>>;

class DiagnosticsDialog : public QDialog {
    Q_OBJECT
public:
    explicit DiagnosticsDialog(const DiagnosticRows& rows, QWidget* parent = nullptr);
    // "name: value" lines, as Copy puts them on the clipboard.
    static QString asText(const DiagnosticRows& rows);
};

} // namespace es::ui
