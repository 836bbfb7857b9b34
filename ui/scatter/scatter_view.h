// The scatter view: every row of the session's vocabulary as an anti-aliased GL point (one
// vertex per word, gl_PointSize), 2-D or 3-D through a GLM camera (pan, zoom about the cursor,
// orbit), animated between projections in the vertex shader; the text's words, the selection,
// search matches, overlays (neighbour lines, the analogy parallelogram) and contextual points
// drawn over them; labels placed clear of each other; picking, click/box/lasso selection; a
// Dear ImGui HUD, legend and tooltip. It only observes the Session (DESIGN.md); GL resources are
// freed on aboutToBeDestroyed (hellogl2). OpenGL 3.3 core functions in a 4.3 or 3.3 context.
// Its colours come from style/ (theme, colour_maps). Defined in scatter_view.cpp (life cycle,
// data, camera, setters), scatter_drawing.cpp, scatter_annotations.cpp, scatter_hud.cpp and
// scatter_input.cpp.
#pragma once
#include "render/point_raster.h"
#include "scatter/camera_state.h"
#include "scatter/halo_text.h"
#include "scatter/imgui_layer.h"
#include "scatter/point_style.h"
#include "scatter/view_overlay.h"
#include "scatter/view_transform.h"

#include <QElapsedTimer>
#include <QImage>
#include <QOpenGLFunctions_3_3_Core>
#include <QOpenGLWidget>
#include <QPolygonF>
#include <QTimer>
#include <QVector3D>

#include <glm/mat4x4.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class QOpenGLFramebufferObject;
class QOpenGLShaderProgram;
class QPainter;

namespace es {
struct Neighbour;
}

namespace es::ui {

class Session;

class ScatterView : public QOpenGLWidget, protected QOpenGLFunctions_3_3_Core {
    Q_OBJECT
public:
    // The grid lines' values in [lo, hi]: multiples of `step`, none when there would be over 400.
    static std::vector<double> gridLines(double lo, double hi, double step);
    explicit ScatterView(Session* session, QWidget* parent = nullptr);
    ~ScatterView() override;

    // --- what is drawn ---
    // The rows drawn highlighted (the text's words), in the session's order.
    const std::vector<uint32_t>& highlightedRows() const { return highlighted_rows_; }
    size_t pointsDrawn() const { return points_drawn_; }
    bool drewData() const { return drew_data_; }
    bool threeD() const { return three_d_; }
    bool animating() const { return animating_; }
    QString glVersion() const { return gl_version_; }
    QString glRenderer() const { return gl_renderer_; }
    double lastFrameMs() const { return cpu_ms_; }

    // Where `row`'s point is shown now, in widget pixels (NaN when behind the 3-D camera).
    QPointF screenPosition(uint32_t row) const;
    // Where a point in projected coordinates lands, in widget pixels.
    QPointF screenPositionOf(const QVector3D& p) const;
    // The row whose point is nearest `pos` within `radius_px`; highlighted words win ties of reach.
    std::optional<uint32_t> pickAt(QPointF pos, double radius_px = 8) const;
    // The rows whose points lie inside, sorted (box and lasso selection).
    std::vector<uint32_t> rowsInRect(const QRectF& rect) const;
    std::vector<uint32_t> rowsInPolygon(const QPolygonF& polygon) const;
    std::optional<uint32_t> hoveredRow() const { return hovered_; }

    // --- camera ---
    CameraState camera() const;
    void setCamera(const CameraState& camera);  // programmatic (undo, sessions): no cameraChanged
    const ViewTransform& transform() const { return transform_; }  // the 2-D camera
    void fitToData();   // a user's "fit": emits cameraChanged
    void centreOn(uint32_t row);

    // --- overlays and looks ---
    void setOverlay(const ViewOverlay& overlay);
    const ViewOverlay& overlay() const { return overlay_; }
    // Rings `row`'s point as the pointer does (a chip under the pointer); nullopt clears it.
    void setEmphasis(std::optional<uint32_t> row);
    void setPointSize(float px);  // diameter of an ordinary point, logical pixels (1..16)
    float pointSize() const { return point_px_; }
    void setOpacity(float opacity);  // of ordinary points, 0.05..1
    float opacity() const { return opacity_; }
    void setPresentation(bool on);   // larger points, labels and HUD for a projector
    bool presentation() const { return presentation_; }
    void setLabelsShown(bool on);
    bool labelsShown() const { return show_labels_; }
    void setLabelDensity(int max_labels);  // frequent words labelled besides the text's (0..200)
    int labelDensity() const { return label_density_; }

    // The current view drawn offscreen at `size` device pixels (the same region of the data,
    // scaled), for PNG export; the HUD is left out, the legend kept. Null image without GL.
    QImage renderImage(QSize size);

    // True while the ImGui HUD has the pointer (the view then neither picks nor pans).
    bool overlayWantsMouse() const { return imgui_.wantsMouse(); }
    // Where the HUD's "labels" checkbox was last drawn, in widget pixels (for tests).
    QRectF hudLabelsToggleRect() const { return labels_toggle_rect_; }

    // Who draws the vocabulary's points: GL points, or core's CPU rasteriser into an image that
    // is uploaded as a texture. Auto picks the CPU on a software GL (llvmpipe), where one GL point
    // costs more than rasterising it here; EMBEDSCOPE_POINTS=cpu|gpu|auto sets the start value.
    enum class PointRenderer { Auto, Gpu, Cpu };
    void setPointRenderer(PointRenderer renderer);
    PointRenderer pointRenderer() const { return point_renderer_; }
    bool pointsOnCpu() const;            // what Auto resolved to (GL known after the first paint)
    QString pointRendererText() const;   // for diagnostics and the HUD

    // Benchmarks: glFinish at the end of every frame, so a frame's time includes the rasteriser.
    void setFinishEachFrame(bool on) { finish_each_frame_ = on; }

signals:
    // The first complete frame with the vocabulary's points drawn (after glFinish).
    void firstDataFrame();
    // Once at the end of a user's gesture that moved the camera (drag, wheel burst, fit).
    void cameraChanged();

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
    // One frame's geometry: logical size, device pixel ratio and the data → clip matrix.
    struct Frame {
        QSizeF size;
        double dpr = 1;
        glm::mat4 mvp{1.0f};
        bool exporting = false;
    };
    enum class Gesture { None, Pan, Orbit, Box, Lasso };

    static constexpr float kHighlightPx = 13.0f;       // the text's words' discs
    static constexpr float kPresentationScale = 1.5f;  // points, labels and HUD in presentation mode

    // scatter_view.cpp: life cycle, data from the session, camera
    void releaseGl();
    void onProjectionChanged();
    void onTokensChanged();
    void onColourChanged();
    void onMarksChanged();
    void uploadIfDirty();
    void uploadIndices(GLuint buffer, const std::vector<uint32_t>& rows, GLsizei& count);
    void startAnimation(std::vector<float> from, const CameraState& camera_from, const CameraState& camera_to);
    double animationT() const;
    // This frame's step along the camera's path; ends the transition once it is complete.
    void stepAnimation();
    // Projected position of row `row` as shown now (between projections while animating).
    QVector3D shownPosition(uint32_t row) const;
    Frame makeFrame(QSizeF size, double dpr, bool exporting) const;
    glm::mat4 matrixFor(QSizeF size) const;
    bool project(const Frame& f, const QVector3D& p, QPointF& out) const;
    void fitCamera(CameraState& into) const;
    void applyCamera(const CameraState& c);
    void noteUserCamera();

    // scatter_drawing.cpp: the frame, points, grid, the cached layer
    void renderFrame(QPainter& painter, const Frame& f);
    // The grid's spacing in data units: 1, 2 or 5 × 10^k, the smallest at least ~110 pixels.
    static double gridStep(double pixels_per_unit);
    void drawGrid(QPainter& p, const Frame& f);
    // `base`: every word (the cacheable layer); `marks`: the text's words, selection, search, isolate.
    void drawPoints(const Frame& f, bool base, bool marks);
    // The layer's pixels (top-down) that make up this frame; nullopt: draw without the layer.
    std::optional<QRectF> ensureLayer(const Frame& f);
    // Copies `source` (pixels of `from`, counted from the top) onto the whole frame; `from` holds
    // its rows in GL's bottom-up order, so an unscaled blit is a plain copy.
    void blitLayer(QOpenGLFramebufferObject& from, const Frame& f, const QRectF& source);
    // Paper, grid (2-D) and every word drawn by the CPU into `into`'s texture, bottom row first.
    void paintOnCpu(const Frame& f, QOpenGLFramebufferObject& into);

    // scatter_annotations.cpp: QPainter over the points
    void drawAnnotations(QPainter& p, const Frame& f);
    void drawOverlay(QPainter& p, const Frame& f);
    void drawLabels(QPainter& p, const Frame& f);
    void haloText(QPainter& p, const QPointF& baseline, const QString& text, const QFont& font, const QColor& colour,
                  double halo_px = 6);

    // scatter_hud.cpp: Dear ImGui
    void drawHud(double frame_ms);
    void drawLegend(bool exporting);
    void drawTooltip();

    // scatter_input.cpp: picking and gestures
    bool overlayHas(QPointF pos) const { return hud_active_ || hud_rect_.contains(pos) || legend_rect_.contains(pos); }
    void setHovered(std::optional<uint32_t> row);
    void finishGesture(QMouseEvent* e);
    void selectRows(std::vector<uint32_t> rows, bool add);

    Session* session_;
    ViewTransform transform_;   // 2-D camera
    CameraState orbit_;         // 3-D camera (its 3-D fields)
    bool three_d_ = false;
    ImGuiLayer imgui_;
    HaloText halo_text_;

    std::unique_ptr<QOpenGLShaderProgram> program_;
    // What the cached 2-D layer (paper, grid, every word) was drawn with.
    struct LayerKey {
        double pixels_per_unit;
        QSize widget;
        double dpr;
        float point_px, opacity;
        bool presentation, isolate;
        int colour_by;
        QRgb background;
        unsigned generation;
        bool on_cpu;
        bool operator==(const LayerKey&) const = default;
    };
    std::unique_ptr<QOpenGLFramebufferObject> layer_;
    LayerKey layer_key_{};
    QPointF layer_centre_;
    unsigned data_generation_ = 0;  // bumped by every upload of positions or colours
    GLuint vao_ = 0, position_vbo_ = 0, previous_vbo_ = 0, value_vbo_ = 0;
    GLuint highlight_ebo_ = 0, selection_ebo_ = 0, search_ebo_ = 0, isolate_ebo_ = 0;
    GLsizei highlight_count_ = 0, selection_count_ = 0, search_count_ = 0, isolate_count_ = 0;
    bool points_dirty_ = true, previous_dirty_ = true, values_dirty_ = true, marks_dirty_ = true;
    size_t points_uploaded_ = 0, points_drawn_ = 0;
    std::vector<uint32_t> highlighted_rows_;
    std::vector<uint32_t> isolated_rows_;

    // The transition between projections: positions before, and the camera's path.
    std::vector<float> previous_points_;
    std::vector<float> shown_target_;  // the session's points as last adopted
    bool animating_ = false;
    QElapsedTimer animation_clock_;
    CameraState camera_from_, camera_to_;

    // The CPU point path: the rows' colours and diameters (as points.vert gives them) and the image.
    PointRenderer point_renderer_ = PointRenderer::Auto;
    PointRasterizer rasterizer_;
    PointStyle cpu_style_;
    unsigned cpu_style_generation_ = ~0u;
    std::vector<uint32_t> cpu_colours_;
    std::vector<float> cpu_diameters_;
    QImage cpu_image_;
    std::unique_ptr<QOpenGLFramebufferObject> cpu_frame_;  // frames drawn without the cached layer

    ViewOverlay overlay_;
    QString gl_version_, gl_renderer_;
    bool gl_ok_ = false;
    bool drew_data_ = false;
    bool user_moved_ = false;
    bool finish_each_frame_ = false;

    Gesture gesture_ = Gesture::None;
    bool gesture_moved_ = false;
    QPointF press_pos_, last_mouse_;
    QPolygonF lasso_;
    QTimer wheel_end_;
    std::optional<uint32_t> hovered_;
    std::optional<uint32_t> tooltip_row_;
    std::vector<std::pair<QString, float>> tooltip_neighbours_;

    float point_px_ = 3.0f, opacity_ = 0.55f;
    bool presentation_ = false;
    bool show_labels_ = true;
    int label_density_ = 30;
    QRectF labels_toggle_rect_;
    QRectF hud_rect_, legend_rect_;  // the ImGui windows as last drawn
    bool hud_active_ = false;        // one of the HUD's widgets is being used (a slider dragged)
    double cpu_ms_ = 0;
};

} // namespace es::ui
