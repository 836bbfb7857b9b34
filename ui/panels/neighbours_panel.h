// The neighbours panel: the k nearest words of the current row (a clicked point, a word of the
// list, or a typed word) with their scores as bars, by cosine, dot product or euclidean
// distance — computed by the Session in the original space, not in the 2-D view — and the part
// of the view's overlay that draws lines to them ("isolate" shows only them).
#pragma once
#include "scatter/view_overlay.h"
#include "search/neighbours.h"

#include <QJsonObject>
#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;
class QToolButton;

namespace es::ui {

class ScoreList;
class Session;
class WordField;

class NeighboursPanel : public QWidget {
    Q_OBJECT
public:
    explicit NeighboursPanel(Session* session, QWidget* parent = nullptr);

    int k() const;
    void setK(int k);  // 1..50
    Metric metric() const { return metric_; }
    void setMetric(Metric m);
    bool isolate() const;
    void setIsolate(bool on);

    // What the list shows, for the row it was computed for.
    const std::vector<Neighbour>& neighbours() const { return shown_; }
    std::optional<uint32_t> shownRow() const { return shown_row_; }
    int shownK() const { return shown_k_; }
    Metric shownMetric() const { return shown_metric_; }

    // Fills the overlay's centre, neighbours and isolate.
    void contributeTo(ViewOverlay& overlay) const;

    QJsonObject state() const;  // {"k", "metric", "isolate"}
    void restoreState(const QJsonObject& o);

    WordField* wordField() const { return word_; }
    ScoreList* list() const { return list_; }
    QSlider* kSlider() const { return k_slider_; }
    QComboBox* metricChooser() const { return metric_box_; }
    QCheckBox* isolateToggle() const { return isolate_; }

signals:
    void overlayChanged();

private:
    void scheduleRefresh();
    void refresh();
    void goToTypedWord();
    void goBack();

    Session* session_;
    WordField* word_;
    QToolButton* back_;
    QSlider* k_slider_;
    QSpinBox* k_spin_;
    QComboBox* metric_box_;
    QCheckBox* isolate_;
    QLabel* note_;
    QLabel* heading_;
    ScoreList* list_;
    Metric metric_ = Metric::Cosine;
    bool refresh_pending_ = false;
    std::optional<uint32_t> shown_row_;
    std::vector<Neighbour> shown_;
    int shown_k_ = 0;
    Metric shown_metric_ = Metric::Cosine;
    std::vector<uint32_t> history_;  // rows visited through the list, for Back
};

} // namespace es::ui
