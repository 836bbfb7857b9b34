// Positional encodings: Vaswani's sinusoids as a position × dimension heatmap, the similarity
// of every position with every other (it depends on the distance only) and their PCA path; a
// loaded GPT-2 or BERT model's learned positions the same way, side by side.
#pragma once
#include "encoder/positional_encodings.h"
#include "plots/plot_view.h"

#include <memory>

class QComboBox;
class QSpinBox;

namespace es::ui {

class PositionsView : public PlotView {
    Q_OBJECT
public:
    explicit PositionsView(Session* session, QWidget* parent = nullptr);
    std::vector<CsvTable> csvTables() const override;
    void setPositions(int positions);  // how many positions are drawn
    bool hasLearned() const;

    struct Pictures {
        PositionTable table;
        std::vector<float> similarity;
        PositionPath path;
    };

protected:
    bool paintContent(QPainter& p, const QRectF& area) override;

private:
    void recompute();
    QSpinBox* positions_ = nullptr;
    QSpinBox* dim_ = nullptr;
    QComboBox* metric_ = nullptr;
    std::shared_ptr<const Pictures> sinusoidal_, learned_;
    unsigned generation_ = 0;
};

} // namespace es::ui
