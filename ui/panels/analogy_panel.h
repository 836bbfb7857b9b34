// The analogy panel: A : B :: C : ?, answered by the Session with 3CosAdd or 3CosMul; the top
// candidates with their scores, and the part of the view's overlay that draws the parallelogram
// (the arrow A→B, the same arrow from C to where b − a + c projects, and the chosen word).
// A word not in the vocabulary is marked in its field. Starts as man : king :: woman : ?.
#pragma once
#include "scatter/view_overlay.h"
#include "search/analogy.h"

#include <QJsonObject>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QCheckBox;

namespace es::ui {

class ScoreList;
class Session;
class WordField;

class AnalogyPanel : public QWidget {
    Q_OBJECT
public:
    explicit AnalogyPanel(Session* session, QWidget* parent = nullptr);

    void setWords(const QString& a, const QString& b, const QString& c);
    AnalogyMethod method() const { return method_; }
    void setMethod(AnalogyMethod m);
    // Looks the words up and asks the Session; marks unknown words. False when nothing was solved.
    bool solve();
    void clear();  // removes the answer and its drawing

    const std::optional<Analogy>& result() const { return result_; }
    std::optional<uint32_t> chosenRow() const { return chosen_; }
    bool shownInView() const;

    // Fills the overlay's analogy (the landing point in the current projection).
    void contributeTo(ViewOverlay& overlay) const;

    QJsonObject state() const;  // {"a", "b", "c", "method", "shown"}
    void restoreState(const QJsonObject& o);

    WordField* fieldA() const { return a_; }
    WordField* fieldB() const { return b_; }
    WordField* fieldC() const { return c_; }
    QComboBox* methodChooser() const { return method_box_; }
    QPushButton* solveButton() const { return solve_; }
    ScoreList* list() const { return list_; }

signals:
    void overlayChanged();

private:
    void showResult();
    void updateLanding();

    Session* session_;
    WordField *a_, *b_, *c_;
    QComboBox* method_box_;
    QPushButton* solve_;
    QPushButton* clear_;
    QCheckBox* show_;
    QLabel* status_;
    ScoreList* list_;
    AnalogyMethod method_ = AnalogyMethod::CosAdd;
    std::optional<Analogy> result_;
    std::optional<uint32_t> chosen_;
    QVector3D landing_;
    bool solved_once_ = false;
};

} // namespace es::ui
