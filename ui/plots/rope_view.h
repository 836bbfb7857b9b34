// RoPE for a class: a query split into its 2-D pairs, each an arrow on its own circle turning by
// m·θᵢ as the position m moves (slider, Play); the pairing the model uses, drawn; the frequency
// spectrum for rope_theta 10,000 vs 500,000 and the scalings; q·k against distance with a
// shifted pair landing on the same curve, RoFormer's long-range decay; and a real head's scores
// before and after the rotation (a RoPE model's, or the built-in encoder's on GloVe vectors).
#pragma once
#include "panels/head_controls.h"
#include "plots/plot_view.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QTimer;

namespace es::ui {

struct ViewsData;

class RopeView : public PlotView {
    Q_OBJECT
public:
    explicit RopeView(Session* session, QWidget* parent = nullptr);
    std::vector<CsvTable> csvTables() const override;

    void setPosition(double m);
    double position() const { return position_; }
    void setPlaying(bool on);
    bool playing() const;
    void setHead(int layer, int head, int token);

protected:
    bool paintContent(QPainter& p, const QRectF& area) override;

private:
    struct Frame;  // what one picture shows, computed from the data and the controls
    Frame frame() const;
    void syncRanges();

    QSlider* slider_ = nullptr;
    QLabel* position_label_ = nullptr;
    QPushButton* play_ = nullptr;
    HeadControls heads_;
    QTimer* timer_ = nullptr;
    double position_ = 3.0;
};

} // namespace es::ui
