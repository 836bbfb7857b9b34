// A ranked list of words with their scores, each drawn with a bar of its strength (similarity,
// or closeness for distances), as the neighbours and analogy panels show them. Clicking a word or
// pressing Enter on it reports its row.
#pragma once
#include <QListWidget>

#include <cstdint>
#include <optional>
#include <vector>

namespace es::ui {

struct ScoredWord {
    uint32_t row = 0;
    QString word;
    double score = 0;     // as the method reports it
    double strength = 0;  // 0..1, the bar's length
};

class ScoreList : public QListWidget {
    Q_OBJECT
public:
    explicit ScoreList(QWidget* parent = nullptr);

    void setScores(const std::vector<ScoredWord>& scores, int decimals = 3);
    const std::vector<ScoredWord>& scores() const { return scores_; }
    // Shown, greyed, when the list is empty ("Click a point…").
    void setPlaceholder(const QString& text);
    // The row drawn as chosen (an analogy's answer); nullopt for none.
    void setMarkedRow(std::optional<uint32_t> row);
    std::optional<uint32_t> markedRow() const { return marked_; }

signals:
    void rowChosen(uint32_t row);

protected:
    void paintEvent(QPaintEvent* e) override;

private:
    std::vector<ScoredWord> scores_;
    QString placeholder_;
    std::optional<uint32_t> marked_;
};

} // namespace es::ui
