// Where each token looks: one head as a query × key heatmap drawn by the GPU (smooth at 512
// tokens), the line view (two columns of tokens, lines weighted by attention; hover isolates a
// token), all heads as a layers × heads grid of thumbnails (click opens one), the neuron view
// (q, k, q⊙k, q·k, softmax for one query), aggregates (head average, rollout, attention to
// special tokens), causal masks hatched, and a word's contextual trajectories through the layers.
#pragma once
#include "panels/head_controls.h"
#include "plots/plot_view.h"

#include <QImage>
#include <QRectF>

#include <memory>
#include <vector>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace es::ui {

class HeatmapWidget;
struct ViewsData;

class AttentionView : public PlotView {
    Q_OBJECT
public:
    enum class Mode { Head, Lines, AllHeads, Neuron, Average, Rollout, Special, Contexts };
    Q_ENUM(Mode)

    explicit AttentionView(Session* session, QWidget* parent = nullptr);
    std::vector<CsvTable> csvTables() const override;

    void setMode(Mode m);
    Mode mode() const { return mode_; }
    void setHead(int layer, int head);
    void setQueryToken(int token);
    int layer() const;
    int head() const;
    HeatmapWidget* heatmap() const { return heatmap_; }
    // Where the all-heads thumbnail of (layer, head) was last drawn on screen (for tests).
    QRectF thumbnailRect(int layer, int head) const;
    // The token the line view isolates (−1: none); `left` for a query, else a key.
    int isolatedToken() const { return isolate_; }
    // Where the line view last drew token `token`'s label (query column or key column).
    QRectF lineLabelRect(int token, bool query) const;

protected:
    bool paintContent(QPainter& p, const QRectF& area) override;
    void canvasMouseMove(QPointF pos) override;
    void canvasMousePress(QPointF pos) override;
    void canvasLeave() override;

private:
    // The matrix of the heatmap modes: values ([n][n], −1 masked), range, title.
    struct Matrix {
        std::vector<float> values;
        int n = 0;
        float lo = 0, hi = 1;
        QString title, subtitle;
    };
    Matrix matrix() const;
    void refresh();
    void syncRanges();
    bool paintHeatmap(QPainter& p, const QRectF& area);
    bool paintLines(QPainter& p, const QRectF& area);
    bool paintAllHeads(QPainter& p, const QRectF& area);
    bool paintNeuron(QPainter& p, const QRectF& area);
    bool paintSpecial(QPainter& p, const QRectF& area);
    bool paintContexts(QPainter& p, const QRectF& area);
    std::vector<int64_t> specialPositions(QString* what) const;

    Mode mode_ = Mode::Head;
    QComboBox* mode_box_ = nullptr;
    HeadControls heads_;
    QLineEdit* context_ = nullptr;
    HeatmapWidget* heatmap_ = nullptr;
    // All-heads thumbnails, made once per data (max-pooled to at most 96 × 96).
    const ViewsData* thumbs_for_ = nullptr;
    std::vector<QImage> thumbs_;
    std::vector<QRectF> thumb_rects_;
    int thumb_heads_ = 0;
    // Line view geometry of the last on-screen paint.
    std::vector<QRectF> left_rects_, right_rects_;
    int isolate_ = -1;
    bool isolate_left_ = true;
};

} // namespace es::ui
