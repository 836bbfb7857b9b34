// Help ▸ About: the version, what the program is, and the licences and attributions of the data
// and vocabularies it uses (as each npm package's LICENSE and package.json state them).
#pragma once
#include <QDialog>

namespace es::ui {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
    // The attributions as shown (rich text), for tests and the diagnostics copy.
    static QString attributionsHtml();
};

} // namespace es::ui
