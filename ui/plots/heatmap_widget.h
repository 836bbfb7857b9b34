// A matrix drawn by the GPU: the values are one float texture (a texel per cell, nearest
// sampling) coloured in a fragment shader, so a 512 × 512 attention map is one quad, not a
// widget or a rectangle per cell. Labels, colour bar and the hovered row/column are painted over
// it (QPainter into an image, drawn as a texture; the labels are painted and uploaded only when
// they change, so a hover or a new head costs no text layout). Masked cells (value −1) are
// hatched. GL resources are freed on aboutToBeDestroyed (hellogl2).
#pragma once
#include <QImage>
#include <QOpenGLFunctions_3_3_Core>
#include <QOpenGLWidget>
#include <QStringList>

#include <memory>
#include <vector>

class QOpenGLShaderProgram;

namespace es::ui {

class HeatmapWidget : public QOpenGLWidget, protected QOpenGLFunctions_3_3_Core {
    Q_OBJECT
public:
    explicit HeatmapWidget(QWidget* parent = nullptr);
    ~HeatmapWidget() override;

    // rows × cols values in [lo, hi]; −1 marks a masked cell.
    void setMatrix(std::vector<float> values, int rows, int cols, float lo, float hi, QStringList rowLabels,
                   QStringList colLabels, QString title, QString subtitle);
    bool drewContent() const { return drew_; }
    int hoveredRow() const { return hover_row_; }
    int hoveredColumn() const { return hover_col_; }

signals:
    void drawn();

protected:
    void initializeGL() override;
    void paintGL() override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void leaveEvent(QEvent* e) override;

private:
    QRectF area() const;
    QRectF cells() const;
    void releaseGl();
    void paintLabelsImage();  // frame, labels, colour bar into labels_image_ (the costly part)
    void paintFrameImage();   // labels_image_ and the title into frame_image_
    void paintHover(QPainter& p);
    void uploadOverlay(const QImage& overlay);
    void drawOverlay();

    std::vector<float> values_;
    int rows_ = 0, cols_ = 0;
    float lo_ = 0, hi_ = 1;
    QStringList row_labels_, col_labels_;
    QString title_, subtitle_;
    bool dirty_ = true;
    bool drew_ = false;
    // The overlay in layers: labels (changed with the tokens), + title (with the head), + hover;
    // and what the overlay texture holds now.
    QImage labels_image_, frame_image_;
    bool labels_dirty_ = true, frame_dirty_ = true;
    QRgb frame_background_ = 0;
    double labels_text_scale_ = 0;  // plot::textScale() the labels were drawn at
    enum class OverlayTexture { Stale, Frame, FrameAndHover } overlay_texture_holds_ = OverlayTexture::Stale;
    int hover_row_ = -1, hover_col_ = -1;
    std::unique_ptr<QOpenGLShaderProgram> program_, overlay_program_;
    GLuint texture_ = 0, overlay_texture_ = 0, vao_ = 0;
};

} // namespace es::ui
