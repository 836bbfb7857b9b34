// The projection panel: principal components (any two or three of PC1…PC10, each labelled with
// the variance it explains) or custom axes from word pairs or groups (he → she, "bad, awful" →
// "good, great"), 2-D or 3-D, fitted on the top 10k / 50k / all words or the selection and
// applied to every row — through Session::setProjection (which works on its worker thread).
#pragma once
#include "document/projection_spec.h"

#include <QWidget>

#include <array>

class QButtonGroup;
class QComboBox;
class QLabel;
class QPushButton;
class QRadioButton;
class QStackedWidget;

namespace es::ui {

class Session;
class WordField;

class ProjectionPanel : public QWidget {
    Q_OBJECT
public:
    explicit ProjectionPanel(Session* session, QWidget* parent = nullptr);

    // The projection the controls describe (what apply() hands to the Session).
    ProjectionSpec spec() const;
    // Checks the axis words (marking unknown ones) and sends spec() to the Session; false when a
    // word is not in the vocabulary.
    bool apply();

    QRadioButton* pcaChoice() const { return pca_; }
    QRadioButton* axesChoice() const { return axes_; }
    QRadioButton* twoDChoice() const { return two_d_; }
    QRadioButton* threeDChoice() const { return three_d_; }
    QComboBox* componentChooser(int axis) const { return components_[size_t(axis)]; }
    WordField* axisFrom(int axis) const { return from_[size_t(axis)]; }
    WordField* axisTo(int axis) const { return to_[size_t(axis)]; }
    QComboBox* fitChooser() const { return fit_; }
    QPushButton* applyButton() const { return apply_; }
    QString statusText() const;

private:
    void showSession();          // the controls follow the Session's projection (undo, files)
    void refreshComponentNames();
    void refreshFitNames();
    void refreshStatus();
    void controlsChanged();      // PCA choices apply at once; axes wait for Enter or Apply
    void componentPicked(int axis);

    Session* session_;
    QRadioButton *pca_, *axes_, *two_d_, *three_d_;
    QStackedWidget* pages_;
    std::array<QComboBox*, 3> components_{};
    std::array<QLabel*, 3> component_labels_{};
    std::array<WordField*, 3> from_{}, to_{};
    std::array<QLabel*, 3> axis_labels_{};
    QComboBox* fit_;
    QPushButton* apply_;
    QLabel* variance_;
    QLabel* status_;
    std::array<int, 3> last_components_{0, 1, 2};
    bool syncing_ = false;
};

} // namespace es::ui
