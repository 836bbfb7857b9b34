// The scatter view: the session's projected words as instanced, anti-aliased points drawn with
// OpenGL (3.3 core functions, in a 4.3 or 3.3 core context), the text's words highlighted and
// labelled, pan (drag), zoom (wheel, about the cursor), hover naming the word, and a Dear ImGui
// HUD. It only observes the Session; GL resources are freed on aboutToBeDestroyed (hellogl2).
#pragma once
#include "imgui_layer.h"
#include "view_transform.h"

#include <QImage>
#include <QOpenGLFunctions_3_3_Core>
#include <QOpenGLWidget>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class QOpenGLShaderProgram;

namespace es::ui {

class Session;

class ScatterView : public QOpenGLWidget, protected QOpenGLFunctions_3_3_Core {
    Q_OBJECT
public:
    explicit ScatterView(Session* session, QWidget* parent = nullptr);
    ~ScatterView() override;

    // The rows drawn highlighted, in the session's order (as last uploaded to the GPU).
    const std::vector<uint32_t>& highlightedRows() const { return highlighted_rows_; }
    size_t pointsDrawn() const { return points_uploaded_; }
    // Where `row`'s point is, in widget pixels.
    QPointF screenPosition(uint32_t row) const;
    // The row whose point is nearest `pos` within `radius_px`; highlighted points win ties of reach.
    std::optional<uint32_t> pickAt(QPointF pos, double radius_px = 8) const;
    std::optional<uint32_t> hoveredRow() const { return hovered_; }
    // True while the ImGui HUD has the pointer (the view then neither picks nor pans).
    bool overlayWantsMouse() const { return imgui_.wantsMouse(); }
    bool labelsShown() const { return show_labels_; }
    // Where the HUD's "labels" checkbox was last drawn, in widget pixels (for tests).
    QRectF hudLabelsToggleRect() const { return labels_toggle_rect_; }

    const ViewTransform& transform() const { return transform_; }
    QString glVersion() const { return gl_version_; }
    QString glRenderer() const { return gl_renderer_; }
    bool drewData() const { return drew_data_; }

    void fitToData();
    void centreOn(uint32_t row);
    // Rings `row`'s point as the pointer does (a chip under the pointer); nullopt clears it.
    void setEmphasis(std::optional<uint32_t> row);

    static QColor highlightColour();

signals:
    // The first complete frame with the table's points drawn (after glFinish).
    void firstDataFrame();

protected:
    void initializeGL() override;
    void resizeGL(int w, int h) override;
    void paintGL() override;
    bool event(QEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void mouseDoubleClickEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void leaveEvent(QEvent* e) override;

private:
    void releaseGl();
    // Whether the pointer at `pos` belongs to the HUD. Decided from the last frame's geometry:
    // ImGui's own WantCaptureMouse lags one frame behind the pointer.
    bool overlayHas(QPointF pos) const { return hud_active_ || hud_rect_.contains(pos); }
    void onProjectionChanged();
    void onTokensChanged();
    void uploadPoints();
    void uploadHighlights();
    QRectF dataExtent() const;
    void setHovered(std::optional<uint32_t> row, QPoint global_pos);
    void drawGrid(class QPainter& p);
    void drawPoints();
    void renderAnnotations();
    void drawHud(double frame_ms);

    Session* session_;
    ViewTransform transform_;
    ImGuiLayer imgui_;

    std::unique_ptr<QOpenGLShaderProgram> program_;
    GLuint quad_vbo_ = 0, points_vbo_ = 0, highlight_vbo_ = 0;
    GLuint points_vao_ = 0, highlight_vao_ = 0;
    GLuint timer_query_ = 0;
    bool timer_pending_ = false;
    double gpu_ms_ = -1;
    bool points_dirty_ = true, highlights_dirty_ = true;
    size_t points_uploaded_ = 0;
    std::vector<uint32_t> highlighted_rows_;
    std::vector<QPointF> highlight_positions_;

    QString gl_version_, gl_renderer_;
    bool gl_ok_ = false;
    bool drew_data_ = false;
    bool user_moved_ = false;
    bool dragging_ = false;
    QPointF last_mouse_;
    std::optional<uint32_t> hovered_;
    QImage annotations_;

    float point_px_ = 5.0f, highlight_px_ = 13.0f;
    bool show_labels_ = true;
    QRectF labels_toggle_rect_;
    QRectF hud_rect_;          // the HUD window as last drawn
    bool hud_active_ = false;  // one of its widgets is being used (a slider dragged)
    double cpu_ms_ = 0;
};

} // namespace es::ui
