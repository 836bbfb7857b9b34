// The search & colour panel: search the vocabulary by substring or regular expression (matches
// highlighted by the view; the count, or the expression's error, shown here), select the matches,
// colour the points by frequency rank, by selection or by a metadata column of a TSV source,
// and set the points' size and opacity.
#pragma once
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QTimer;

namespace es::ui {

class ScatterView;
class Session;

class SearchPanel : public QWidget {
    Q_OBJECT
public:
    SearchPanel(Session* session, ScatterView* view, QWidget* parent = nullptr);

    void setPattern(const QString& pattern, bool regex);  // sends it to the Session at once
    QString countText() const;
    QString errorText() const;

    QLineEdit* patternField() const { return pattern_; }
    QCheckBox* regexToggle() const { return regex_; }
    QPushButton* selectMatchesButton() const { return select_; }
    QComboBox* colourChooser() const { return colour_; }
    QSlider* pointSizeSlider() const { return size_; }
    QSlider* opacitySlider() const { return opacity_; }

private:
    void sendSearch();
    void showSearch();
    void refreshColourChoices();
    void colourPicked(int index);

    Session* session_;
    ScatterView* view_;
    QLineEdit* pattern_;
    QCheckBox* regex_;
    QTimer* typing_;
    QLabel* count_;
    QLabel* error_;
    QPushButton* select_;
    QComboBox* colour_;
    QSlider* size_;
    QSlider* opacity_;
    QLabel* size_value_;
    QLabel* opacity_value_;
};

} // namespace es::ui
