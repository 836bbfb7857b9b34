// [SECTION] set-up and GL resources
// [SECTION] data from the session
// [SECTION] camera
// [SECTION] picking and selection queries
// [SECTION] drawing: points, grid, annotations, labels, overlay
// [SECTION] Dear ImGui: HUD, legend, tooltip
// [SECTION] offscreen rendering
// [SECTION] input
#include "scatter/scatter_view.h"

#include "scatter/label_layout.h"
#include "search/neighbours.h"
#include "document/session.h"
#include "style/colour_maps.h"
#include "style/theme.h"
#include "scatter/trajectory_paint.h"

#include <imgui.h>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/type_ptr.hpp>

#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFramebufferObject>
#include <QOpenGLPaintDevice>
#include <QOpenGLShaderProgram>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

namespace es::ui {
namespace {

constexpr double kFitMargin = 48;
constexpr double kFitQuantile = 0.005;  // the fit ignores the farthest 0.5% on each side
constexpr double kAnimationMs = 400;
constexpr double kClickSlopPx = 4;     // a press and release closer than this is a click
constexpr float kRankBoost = 0.8f;     // the most frequent words drawn 1.8× larger than the rarest
constexpr float kHighlightPx = 13.0f;
constexpr float kSelectionPx = 9.0f;
constexpr float kSearchPx = 8.0f;
constexpr float kPresentationScale = 1.5f;
constexpr int kLabelScanRows = 60000;  // frequent words considered for density labels
constexpr int kLayerMarginPx = 160;    // the cached point layer reaches this far past each edge

void set_colour(QOpenGLShaderProgram& p, const char* name, const QColor& c) {
    p.setUniformValue(name, float(c.redF()), float(c.greenF()), float(c.blueF()), float(c.alphaF()));
}

// 1, 2 or 5 × 10^k, the smallest at least `raw`.
double nice_step(double raw) {
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * mag >= raw) return m * mag;
    return 10 * mag;
}

QString tick_text(double v, double step) {
    if (std::abs(v) < step * 1e-6) return QStringLiteral("0");
    const int decimals = std::max(0, int(-std::floor(std::log10(step))));
    return QString::number(v, 'f', decimals);
}

double ease(double t) {  // smoothstep: starts and ends at rest
    t = std::clamp(t, 0.0, 1.0);
    return t * t * (3 - 2 * t);
}

// The GPU buffers hold the rows last to first, so the frequent words are drawn last, on top.
std::vector<float> reversed_rows(const std::vector<float>& v, size_t stride) {
    std::vector<float> out(v.size());
    const size_t n = v.size() / stride;
    for (size_t i = 0; i < n; ++i) std::copy_n(v.begin() + ptrdiff_t(i * stride), stride, out.begin() + ptrdiff_t((n - 1 - i) * stride));
    return out;
}

ImVec4 im_colour(const QColor& c, float alpha = 1.0f) { return ImVec4(float(c.redF()), float(c.greenF()), float(c.blueF()), alpha); }

// The points' rank ramp, for the legend.
QColor ramp_colour(float t) {
    const colour_maps::RgbF c = colour_maps::rankRamp(t);
    return QColor::fromRgbF(c.r, c.g, c.b);
}

} // namespace

// =========================================================================================
// [SECTION] set-up and GL resources
// =========================================================================================

ScatterView::ScatterView(Session* session, QWidget* parent) : QOpenGLWidget(parent), session_(session) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 240);
    connect(session_, &Session::projectionChanged, this, &ScatterView::onProjectionChanged);
    connect(session_, &Session::tokensChanged, this, &ScatterView::onTokensChanged);
    connect(session_, &Session::colourChanged, this, &ScatterView::onColourChanged);
    connect(session_, &Session::selectionChanged, this, &ScatterView::onMarksChanged);
    connect(session_, &Session::searchChanged, this, &ScatterView::onMarksChanged);
    connect(session_, &Session::contextualChanged, this, qOverload<>(&ScatterView::update));
    connect(session_, &Session::trajectoriesChanged, this, qOverload<>(&ScatterView::update));
    connect(session_, &Session::stateChanged, this, [this] {
        points_dirty_ = previous_dirty_ = values_dirty_ = marks_dirty_ = true;
        update();
    });
    wheel_end_.setSingleShot(true);
    wheel_end_.setInterval(350);
    connect(&wheel_end_, &QTimer::timeout, this, [this] {
        update();  // the stretched layer is drawn again, sharp
        emit cameraChanged();
    });
    const QByteArray points = qgetenv("EMBEDSCOPE_POINTS").toLower();
    if (points == "cpu") point_renderer_ = PointRenderer::Cpu;
    else if (points == "gpu") point_renderer_ = PointRenderer::Gpu;
    if (session_->state() == Session::State::Ready) onProjectionChanged();
}

ScatterView::~ScatterView() { releaseGl(); }

void ScatterView::setPointRenderer(PointRenderer renderer) {
    point_renderer_ = renderer;
    update();
}

bool ScatterView::pointsOnCpu() const {
    if (point_renderer_ != PointRenderer::Auto) return point_renderer_ == PointRenderer::Cpu;
    static const QRegularExpression software(QStringLiteral("llvmpipe|softpipe|swrast|software"), QRegularExpression::CaseInsensitiveOption);
    return software.match(gl_renderer_).hasMatch();
}

QString ScatterView::pointRendererText() const {
    const QString how = pointsOnCpu() ? tr("CPU rasteriser, %n thread(s)", nullptr, int(std::max(1u, std::thread::hardware_concurrency())))
                                      : tr("GL points");
    if (point_renderer_ != PointRenderer::Auto) return how + tr(" (chosen)");
    return how + (pointsOnCpu() ? tr(" (auto: software GL)") : tr(" (auto: hardware GL)"));
}

void ScatterView::initializeGL() {
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &ScatterView::releaseGl);
    const QSurfaceFormat f = context()->format();
    const bool version_ok = f.majorVersion() > 3 || (f.majorVersion() == 3 && f.minorVersion() >= 3);
    gl_ok_ = version_ok && initializeOpenGLFunctions();
    if (!gl_ok_) {
        gl_version_ = QStringLiteral("OpenGL %1.%2").arg(f.majorVersion()).arg(f.minorVersion());
        return;
    }
    gl_version_ = QStringLiteral("OpenGL ") + QString::fromLatin1(reinterpret_cast<const char*>(glGetString(GL_VERSION)));
    gl_renderer_ = QString::fromLatin1(reinterpret_cast<const char*>(glGetString(GL_RENDERER)));

    program_ = std::make_unique<QOpenGLShaderProgram>();
    if (!program_->addShaderFromSourceFile(QOpenGLShader::Vertex, QStringLiteral(":/shaders/points.vert")) ||
        !program_->addShaderFromSourceFile(QOpenGLShader::Fragment, QStringLiteral(":/shaders/points.frag")) ||
        !program_->link()) {
        qWarning("scatter view: the point shaders did not build: %s", qPrintable(program_->log()));
        program_.reset();
        gl_ok_ = false;
        return;
    }
    GLuint buffers[7];
    glGenBuffers(7, buffers);
    position_vbo_ = buffers[0], previous_vbo_ = buffers[1], value_vbo_ = buffers[2];
    highlight_ebo_ = buffers[3], selection_ebo_ = buffers[4], search_ebo_ = buffers[5], isolate_ebo_ = buffers[6];
    glGenVertexArrays(1, &vao_);
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, position_vbo_);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, previous_vbo_);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, value_vbo_);
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    points_dirty_ = previous_dirty_ = values_dirty_ = marks_dirty_ = true;

    if (!imgui_.initialize(float(devicePixelRatioF()))) qWarning("scatter view: the ImGui overlay could not start");
    imgui_.setScale(presentation_ ? kPresentationScale : 1.0f);
}

void ScatterView::releaseGl() {
    if (!program_ && !imgui_.initialized()) return;
    makeCurrent();
    imgui_.shutdown();
    layer_.reset();
    cpu_frame_.reset();
    if (program_) {
        glDeleteVertexArrays(1, &vao_);
        const GLuint buffers[7] = {position_vbo_, previous_vbo_, value_vbo_, highlight_ebo_, selection_ebo_, search_ebo_, isolate_ebo_};
        glDeleteBuffers(7, buffers);
        program_.reset();
    }
    vao_ = position_vbo_ = previous_vbo_ = value_vbo_ = highlight_ebo_ = selection_ebo_ = search_ebo_ = isolate_ebo_ = 0;
    doneCurrent();
    if (context()) disconnect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &ScatterView::releaseGl);
}

void ScatterView::resizeGL(int w, int h) {
    const QSizeF before = transform_.viewport();
    transform_.setViewport(QSizeF(w, h));
    if (!user_moved_ || before.width() <= 1) {
        CameraState c = camera();
        fitCamera(c);
        applyCamera(c);
    }
}

// =========================================================================================
// [SECTION] data from the session
// =========================================================================================

void ScatterView::onProjectionChanged() {
    if (session_->state() != Session::State::Ready) return;
    const CameraState from = camera();
    const size_t n = session_->points().size();
    // The positions shown now (mid-transition too) are where the new transition starts.
    std::vector<float> shown;
    if (shown_target_.size() == n && n > 0) {
        shown.resize(n);
        if (animating_ && previous_points_.size() == n) {
            const float t = float(animationT());
            for (size_t i = 0; i < n; ++i) shown[i] = previous_points_[i] + (shown_target_[i] - previous_points_[i]) * t;
        } else {
            shown = shown_target_;
        }
    }
    shown_target_ = session_->points();
    three_d_ = session_->projection().three_d;
    hovered_.reset();
    tooltip_row_.reset();
    points_dirty_ = true;
    marks_dirty_ = true;
    highlighted_rows_ = session_->highlightedRows();
    CameraState to = from;
    to.three_d = three_d_;
    if (!user_moved_ || from.three_d != three_d_) {
        fitCamera(to);
        user_moved_ = false;
    }
    if (shown.size() == n && n > 0) {
        startAnimation(std::move(shown), from, to);
    } else {
        previous_points_.clear();
        animating_ = false;
        previous_dirty_ = true;
        applyCamera(to);
    }
    update();
}

void ScatterView::startAnimation(std::vector<float> from, const CameraState& camera_from, const CameraState& camera_to) {
    previous_points_ = std::move(from);
    previous_dirty_ = true;
    camera_from_ = camera_from;
    camera_to_ = camera_to;
    if (camera_from.three_d != camera_to.three_d) camera_from_ = camera_to;  // no path between a plane and an orbit
    animating_ = true;
    animation_clock_.start();
    applyCamera(camera_from_);
}

double ScatterView::animationT() const {
    if (!animating_) return 1.0;
    return ease(double(animation_clock_.elapsed()) / kAnimationMs);
}

void ScatterView::onTokensChanged() {
    highlighted_rows_ = session_->highlightedRows();
    marks_dirty_ = true;
    update();
}

void ScatterView::onColourChanged() {
    values_dirty_ = true;
    update();
}

void ScatterView::onMarksChanged() {
    marks_dirty_ = true;
    update();
}

void ScatterView::uploadIndices(GLuint buffer, const std::vector<uint32_t>& rows, GLsizei& count) {
    std::vector<uint32_t> valid;
    valid.reserve(rows.size());
    for (uint32_t r : rows)
        if (r < points_uploaded_) valid.push_back(uint32_t(points_uploaded_ - 1 - r));  // buffers hold rows reversed
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, buffer);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(valid.size() * sizeof(uint32_t)), valid.empty() ? nullptr : valid.data(),
                 GL_DYNAMIC_DRAW);
    count = GLsizei(valid.size());
}

// Only what changed goes to the GPU: positions on a new projection, values on a new colouring,
// the small index lists when the text, selection, search or overlay change.
void ScatterView::uploadIfDirty() {
    const bool ready = session_->state() == Session::State::Ready;
    const std::vector<float> none;
    const auto& pts = ready ? session_->points() : none;
    glBindVertexArray(vao_);
    if (points_dirty_) {
        glBindBuffer(GL_ARRAY_BUFFER, position_vbo_);
        const std::vector<float> rev = reversed_rows(pts, 3);
        glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(rev.size() * sizeof(float)), rev.empty() ? nullptr : rev.data(), GL_STATIC_DRAW);
        points_uploaded_ = pts.size() / 3;
        points_dirty_ = false;
        ++data_generation_;
        values_dirty_ = marks_dirty_ = previous_dirty_ = true;
    }
    if (previous_dirty_) {  // outside a transition it only needs the right size (u_t = 1)
        const auto& prev = previous_points_.size() == pts.size() ? previous_points_ : pts;
        glBindBuffer(GL_ARRAY_BUFFER, previous_vbo_);
        const std::vector<float> rev = reversed_rows(prev, 3);
        glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(rev.size() * sizeof(float)), rev.empty() ? nullptr : rev.data(), GL_STATIC_DRAW);
        previous_dirty_ = false;
    }
    if (values_dirty_) {
        std::vector<float> values = ready ? session_->colourValues() : std::vector<float>{};
        values.resize(points_uploaded_, 0.0f);
        values = reversed_rows(values, 1);
        glBindBuffer(GL_ARRAY_BUFFER, value_vbo_);
        glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(values.size() * sizeof(float)), values.empty() ? nullptr : values.data(),
                     GL_STATIC_DRAW);
        values_dirty_ = false;
        ++data_generation_;
    }
    if (marks_dirty_) {
        const std::vector<uint32_t> empty;
        uploadIndices(highlight_ebo_, ready ? highlighted_rows_ : empty, highlight_count_);
        uploadIndices(selection_ebo_, ready ? session_->selection() : empty, selection_count_);
        uploadIndices(search_ebo_, ready ? session_->searchMatches() : empty, search_count_);
        isolated_rows_.clear();
        if (overlay_.isolate) {
            if (overlay_.centre) isolated_rows_.push_back(*overlay_.centre);
            for (const auto& [row, sim] : overlay_.neighbours) isolated_rows_.push_back(row);
            if (overlay_.analogy) {
                const auto& a = *overlay_.analogy;
                isolated_rows_.insert(isolated_rows_.end(), {a.a, a.b, a.c});
                if (a.chosen) isolated_rows_.push_back(*a.chosen);
            }
            std::sort(isolated_rows_.begin(), isolated_rows_.end());
            isolated_rows_.erase(std::unique(isolated_rows_.begin(), isolated_rows_.end()), isolated_rows_.end());
        }
        uploadIndices(isolate_ebo_, isolated_rows_, isolate_count_);
        marks_dirty_ = false;
    }
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

QVector3D ScatterView::shownPosition(uint32_t row) const {
    const auto& pts = session_->points();
    if (size_t(row) * 3 + 2 >= pts.size()) return {};
    const QVector3D now(pts[3 * row], pts[3 * row + 1], pts[3 * row + 2]);
    if (!animating_ || previous_points_.size() != pts.size()) return now;
    const QVector3D before(previous_points_[3 * row], previous_points_[3 * row + 1], previous_points_[3 * row + 2]);
    return before + (now - before) * float(animationT());
}

// =========================================================================================
// [SECTION] camera
// =========================================================================================

glm::mat4 ScatterView::matrixFor(QSizeF size) const {
    const float w = float(std::max(1.0, size.width())), h = float(std::max(1.0, size.height()));
    if (!three_d_) {
        const float ppu = float(transform_.pixelsPerUnit());
        const QPointF c = transform_.centre();
        glm::mat4 m(1.0f);
        m = glm::scale(m, glm::vec3(2 * ppu / w, 2 * ppu / h, 0.0f));
        return glm::translate(m, glm::vec3(-float(c.x()), -float(c.y()), 0.0f));
    }
    const double yaw = glm::radians(orbit_.yaw_deg), pitch = glm::radians(orbit_.pitch_deg);
    const glm::vec3 target(float(orbit_.target_x), float(orbit_.target_y), float(orbit_.target_z));
    const glm::vec3 dir(float(std::cos(pitch) * std::sin(yaw)), float(std::sin(pitch)), float(std::cos(pitch) * std::cos(yaw)));
    const float dist = float(orbit_.distance);
    const glm::mat4 view = glm::lookAt(target + dir * dist, target, glm::vec3(0, 1, 0));
    const glm::mat4 proj = glm::perspective(glm::radians(float(CameraState::kFovYDeg)), w / h, dist * 0.01f, dist * 100.0f);
    return proj * view;
}

ScatterView::Frame ScatterView::makeFrame(QSizeF size, double dpr, bool exporting) const {
    Frame f;
    f.size = size;
    f.dpr = dpr;
    f.mvp = matrixFor(size);
    f.exporting = exporting;
    return f;
}

bool ScatterView::project(const Frame& f, const QVector3D& p, QPointF& out) const {
    const glm::vec4 c = f.mvp * glm::vec4(p.x(), p.y(), p.z(), 1.0f);
    if (c.w <= 1e-6f) return false;
    out = QPointF((double(c.x / c.w) + 1) * 0.5 * f.size.width(), (1 - double(c.y / c.w)) * 0.5 * f.size.height());
    return true;
}

QPointF ScatterView::screenPositionOf(const QVector3D& p) const {
    QPointF out;
    const Frame f = makeFrame(size(), 1, false);
    if (!project(f, p, out)) return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    return out;
}

QPointF ScatterView::screenPosition(uint32_t row) const { return screenPositionOf(shownPosition(row)); }

CameraState ScatterView::camera() const {
    CameraState c = orbit_;
    c.three_d = three_d_;
    c.centre_x = transform_.centre().x();
    c.centre_y = transform_.centre().y();
    c.pixels_per_unit = transform_.pixelsPerUnit();
    return c;
}

void ScatterView::applyCamera(const CameraState& c) {
    transform_.setViewport(size());
    transform_.setCentre(QPointF(c.centre_x, c.centre_y));
    transform_.setPixelsPerUnit(c.pixels_per_unit);
    orbit_ = c;
    orbit_.pitch_deg = std::clamp(orbit_.pitch_deg, -CameraState::kMaxPitchDeg, CameraState::kMaxPitchDeg);
    update();
}

void ScatterView::setCamera(const CameraState& c) {
    animating_ = false;
    previous_points_.clear();
    three_d_ = c.three_d;
    user_moved_ = true;
    applyCamera(c);
}

// The camera that shows the data whole (less the farthest 0.5 % on each side), into `c`.
void ScatterView::fitCamera(CameraState& c) const {
    const auto& pts = session_->points();
    const size_t n = pts.size() / 3;
    double lo[3] = {-1, -1, -1}, hi[3] = {1, 1, 1};
    if (n > 0) {
        std::vector<float> v(n);
        const auto a = size_t(double(n - 1) * kFitQuantile), b = size_t(double(n - 1) * (1 - kFitQuantile));
        for (int k = 0; k < 3; ++k) {
            for (size_t i = 0; i < n; ++i) v[i] = pts[3 * i + size_t(k)];
            std::nth_element(v.begin(), v.begin() + ptrdiff_t(a), v.end());
            lo[k] = v[a];
            std::nth_element(v.begin(), v.begin() + ptrdiff_t(b), v.end());
            hi[k] = v[b];
        }
    }
    for (const auto& h : session_->highlights())
        for (int k = 0; k < 3; ++k) lo[k] = std::min(lo[k], double(h.position[k])), hi[k] = std::max(hi[k], double(h.position[k]));
    ViewTransform t;
    t.setViewport(size());
    t.fit(QRectF(QPointF(lo[0], lo[1]), QPointF(hi[0], hi[1])), kFitMargin);
    c.centre_x = t.centre().x();
    c.centre_y = t.centre().y();
    c.pixels_per_unit = t.pixelsPerUnit();
    c.target_x = (lo[0] + hi[0]) / 2, c.target_y = (lo[1] + hi[1]) / 2, c.target_z = (lo[2] + hi[2]) / 2;
    const double radius = 0.5 * std::sqrt((hi[0] - lo[0]) * (hi[0] - lo[0]) + (hi[1] - lo[1]) * (hi[1] - lo[1]) +
                                          (hi[2] - lo[2]) * (hi[2] - lo[2]));
    const double aspect = std::max(0.2, std::min(1.0, double(width()) / std::max(1, height())));
    c.distance = std::max(1e-3, radius / std::tan(glm::radians(CameraState::kFovYDeg / 2)) / aspect * 1.02);
    c.yaw_deg = 30, c.pitch_deg = 20;
}

void ScatterView::fitToData() {
    CameraState c = camera();
    fitCamera(c);
    animating_ = false;
    applyCamera(c);
    user_moved_ = false;
    emit cameraChanged();
}

void ScatterView::centreOn(uint32_t row) {
    const QVector3D p = shownPosition(row);
    CameraState c = camera();
    c.centre_x = p.x(), c.centre_y = p.y();
    c.target_x = p.x(), c.target_y = p.y(), c.target_z = p.z();
    applyCamera(c);
    user_moved_ = true;
}

void ScatterView::noteUserCamera() {
    user_moved_ = true;
    animating_ = animating_ && !previous_points_.empty();
    update();
}

// =========================================================================================
// [SECTION] picking and selection queries
// =========================================================================================

std::optional<uint32_t> ScatterView::pickAt(QPointF pos, double radius_px) const {
    if (session_->state() != Session::State::Ready) return std::nullopt;
    const Frame f = makeFrame(size(), 1, false);
    std::optional<uint32_t> best;
    double best_d2 = (radius_px + kHighlightPx / 2) * (radius_px + kHighlightPx / 2);
    for (uint32_t r : highlighted_rows_) {
        QPointF s;
        if (!project(f, shownPosition(r), s)) continue;
        const QPointF d = s - pos;
        const double d2 = QPointF::dotProduct(d, d);
        if (d2 <= best_d2) best_d2 = d2, best = r;
    }
    if (best) return best;
    best_d2 = radius_px * radius_px;
    auto consider = [&](uint32_t i) {
        QPointF s;
        if (!project(f, shownPosition(i), s)) return;
        const QPointF d = s - pos;
        const double d2 = QPointF::dotProduct(d, d);
        if (d2 < best_d2) best_d2 = d2, best = i;
    };
    if (overlay_.isolate && !isolated_rows_.empty()) {
        for (uint32_t r : isolated_rows_) consider(r);
        return best;
    }
    const auto& pts = session_->points();
    const size_t n = pts.size() / 3;
    if (!animating_) {
        // The same arithmetic as project(), inlined over the flat array: 341k rows per move.
        const glm::mat4& m = f.mvp;
        const double w = f.size.width(), h = f.size.height();
        for (size_t i = 0; i < n; ++i) {
            const glm::vec4 c = m * glm::vec4(pts[3 * i], pts[3 * i + 1], pts[3 * i + 2], 1.0f);
            if (c.w <= 1e-6f) continue;
            const double dx = (double(c.x / c.w) + 1) * 0.5 * w - pos.x(), dy = (1 - double(c.y / c.w)) * 0.5 * h - pos.y();
            const double d2 = dx * dx + dy * dy;
            if (d2 < best_d2) best_d2 = d2, best = uint32_t(i);
        }
        return best;
    }
    for (size_t i = 0; i < n; ++i) consider(uint32_t(i));
    return best;
}

std::vector<uint32_t> ScatterView::rowsInRect(const QRectF& rect) const {
    return rowsInPolygon(QPolygonF(rect.normalized()));
}

std::vector<uint32_t> ScatterView::rowsInPolygon(const QPolygonF& polygon) const {
    std::vector<uint32_t> rows;
    if (session_->state() != Session::State::Ready || polygon.size() < 3) return rows;
    const Frame f = makeFrame(size(), 1, false);
    const QRectF box = polygon.boundingRect();
    const bool is_rect = polygon.size() == 5 && polygon.isClosed() && QPolygonF(box) == polygon;
    auto test = [&](uint32_t i) {
        QPointF s;
        if (!project(f, shownPosition(i), s) || !box.contains(s)) return;
        if (is_rect || polygon.containsPoint(s, Qt::OddEvenFill)) rows.push_back(i);
    };
    if (overlay_.isolate && !isolated_rows_.empty()) {
        for (uint32_t r : isolated_rows_) test(r);
    } else {
        const size_t n = session_->points().size() / 3;
        for (size_t i = 0; i < n; ++i) test(uint32_t(i));
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

void ScatterView::selectRows(std::vector<uint32_t> rows, bool add) {
    if (add) {
        const auto& had = session_->selection();
        rows.insert(rows.end(), had.begin(), had.end());
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    }
    session_->setSelection(std::move(rows));
}

// =========================================================================================
// [SECTION] drawing: points, grid, annotations, labels, overlay
// =========================================================================================

void ScatterView::paintGL() {
    QElapsedTimer clock;
    clock.start();
    if (animating_) {
        const double t = double(animation_clock_.elapsed()) / kAnimationMs;
        const bool done = t >= 1.0;
        CameraState c = camera_to_;
        if (!done && camera_from_.three_d == camera_to_.three_d) {
            const double e = ease(t);
            auto lerp = [e](double a, double b) { return a + (b - a) * e; };
            c.centre_x = lerp(camera_from_.centre_x, camera_to_.centre_x);
            c.centre_y = lerp(camera_from_.centre_y, camera_to_.centre_y);
            c.pixels_per_unit = camera_from_.pixels_per_unit * std::pow(camera_to_.pixels_per_unit / camera_from_.pixels_per_unit, e);
            c.target_x = lerp(camera_from_.target_x, camera_to_.target_x);
            c.target_y = lerp(camera_from_.target_y, camera_to_.target_y);
            c.target_z = lerp(camera_from_.target_z, camera_to_.target_z);
            c.distance = camera_from_.distance * std::pow(camera_to_.distance / camera_from_.distance, e);
            c.yaw_deg = lerp(camera_from_.yaw_deg, camera_to_.yaw_deg);
            c.pitch_deg = lerp(camera_from_.pitch_deg, camera_to_.pitch_deg);
        }
        if (!user_moved_) applyCamera(c);
        if (done) {
            animating_ = false;  // u_t = 1 from now on: the previous buffer is not read
            previous_points_.clear();
        }
    }
    const Frame f = makeFrame(size(), devicePixelRatioF(), false);
    const bool ready = session_->state() == Session::State::Ready;
    std::optional<QRectF> layer_source;
    if (gl_ok_ && ready && !three_d_ && !animating_) {
        uploadIfDirty();
        layer_source = ensureLayer(f);
    }
    QPainter painter(this);
    if (layer_source) {
        painter.beginNativePainting();
        blitLayer(*layer_, f, *layer_source);
        drawPoints(f, false, true);
        painter.endNativePainting();
        drawAnnotations(painter, f);
    } else {
        renderFrame(painter, f);
    }
    painter.end();
    cpu_ms_ = double(clock.nsecsElapsed()) / 1e6;

    if (imgui_.initialized()) {
        imgui_.beginFrame(size(), float(devicePixelRatioF()));
        drawHud(cpu_ms_);
        drawLegend(false);
        drawTooltip();
        imgui_.endFrame();
        if (ImGui::IsAnyItemActive() || ImGui::IsMouseDown(0)) update();  // ImGui reads input one frame late
    }
    if (animating_) update();

    if (finish_each_frame_) glFinish();
    if (!drew_data_ && ready && points_uploaded_ > 0) {
        glFinish();  // "complete": the pixels are in the framebuffer, not just queued
        drew_data_ = true;
        emit firstDataFrame();
    }
}

void ScatterView::renderFrame(QPainter& painter, const Frame& f) {
    const bool ready = session_->state() == Session::State::Ready;
    if (gl_ok_ && pointsOnCpu()) {
        painter.beginNativePainting();
        uploadIfDirty();
        const QSize px(int(std::lround(f.size.width() * f.dpr)), int(std::lround(f.size.height() * f.dpr)));
        if (!cpu_frame_ || cpu_frame_->size() != px) {
            GLint bound = 0;
            glGetIntegerv(GL_FRAMEBUFFER_BINDING, &bound);
            cpu_frame_ = std::make_unique<QOpenGLFramebufferObject>(px);
            glBindFramebuffer(GL_FRAMEBUFFER, GLuint(bound));
        }
        if (cpu_frame_->isValid()) {
            paintOnCpu(f, *cpu_frame_);
            blitLayer(*cpu_frame_, f, QRectF(QPointF(0, 0), QSizeF(px)));
            if (ready) drawPoints(f, false, true);
            painter.endNativePainting();
            drawAnnotations(painter, f);
            return;
        }
        cpu_frame_.reset();
        painter.endNativePainting();
    }
    painter.fillRect(QRectF(QPointF(0, 0), f.size), theme::background());
    if (ready && !three_d_) drawGrid(painter, f);
    if (gl_ok_) {
        painter.beginNativePainting();
        uploadIfDirty();
        if (ready) drawPoints(f, true, true);
        painter.endNativePainting();
    }
    drawAnnotations(painter, f);
}

void ScatterView::drawGrid(QPainter& p, const Frame& f) {
    // The data rectangle the frame shows (the 2-D camera is a centre and a scale).
    const double ppu = transform_.pixelsPerUnit();
    const double step = nice_step(110.0 / ppu);
    const QPointF c = transform_.centre();
    const QPointF d0(c.x() - f.size.width() / 2 / ppu, c.y() - f.size.height() / 2 / ppu);
    const QPointF d1(c.x() + f.size.width() / 2 / ppu, c.y() + f.size.height() / 2 / ppu);
    // Lines as rectangles on whole device pixels: the raster (CPU path) and GL paint engines place them alike.
    p.setRenderHint(QPainter::Antialiasing, false);
    const double line = std::max(1.0, std::round(f.dpr)) / f.dpr;
    for (double x = std::ceil(d0.x() / step) * step; x <= d1.x(); x += step) {
        QPointF s;
        project(f, QVector3D(float(x), 0, 0), s);
        p.fillRect(QRectF(std::round(s.x() * f.dpr) / f.dpr, 0, line, f.size.height()), std::abs(x) < step * 1e-6 ? theme::axis() : theme::grid());
    }
    for (double y = std::ceil(d0.y() / step) * step; y <= d1.y(); y += step) {
        QPointF s;
        project(f, QVector3D(0, float(y), 0), s);
        p.fillRect(QRectF(0, std::round(s.y() * f.dpr) / f.dpr, f.size.width(), line), std::abs(y) < step * 1e-6 ? theme::axis() : theme::grid());
    }
}

void ScatterView::drawPoints(const Frame& f, bool base, bool marks) {
    const GLsizei fw = GLsizei(std::lround(f.size.width() * f.dpr)), fh = GLsizei(std::lround(f.size.height() * f.dpr));
    glViewport(0, 0, fw, fh);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_STENCIL_TEST);
    glDisable(GL_CULL_FACE);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glEnable(GL_PROGRAM_POINT_SIZE);

    const float dpr = float(f.dpr);
    const float scale = presentation_ ? kPresentationScale : 1.0f;
    program_->bind();
    program_->setUniformValue("u_mvp", QMatrix4x4(glm::value_ptr(f.mvp)).transposed());
    program_->setUniformValue("u_t", float(animationT()));
    program_->setUniformValue("u_count", float(std::max<size_t>(1, points_uploaded_)));
    program_->setUniformValue("u_opacity", 1.0f);
    {
        QVector4D pal[8];
        for (int i = 0; i < 8; ++i) {
            const QColor& c = theme::palette()[size_t(i)];
            pal[i] = QVector4D(float(c.redF()), float(c.greenF()), float(c.blueF()), 1.0f);
        }
        program_->setUniformValueArray("u_palette", pal, 8);
        QVector3D ramp[4];
        for (size_t i = 0; i < colour_maps::kRankRamp.size(); ++i) {
            const colour_maps::RgbF& c = colour_maps::kRankRamp[i];
            ramp[i] = QVector3D(c.r, c.g, c.b);
        }
        program_->setUniformValueArray("u_ramp", ramp, 4);
    }
    glBindVertexArray(vao_);

    // Every word: coloured by the session's values, faded by the opacity control.
    const Session::ColourBy by = session_->colourBy();
    const int mode = by == Session::ColourBy::Rank ? 1 : by == Session::ColourBy::Metadata ? 2 : 3;
    if (base) points_drawn_ = 0;
    if (base && !overlay_.isolate) {
        program_->setUniformValue("u_colour_mode", session_->colourValues().size() == points_uploaded_ ? mode : 0);
        program_->setUniformValue("u_size_px", point_px_ * scale * dpr);
        program_->setUniformValue("u_rank_boost", kRankBoost);
        program_->setUniformValue("u_outline_px", 0.0f);
        program_->setUniformValue("u_opacity", opacity_);
        set_colour(*program_, "u_fill", theme::point().toRgb());
        if (mode != 1) {
            QColor c = theme::point();
            c.setAlphaF(1.0f);
            set_colour(*program_, "u_fill", c);
        }
        glDrawArrays(GL_POINTS, 0, GLsizei(points_uploaded_));
        points_drawn_ = points_uploaded_;
    }

    // The marked sets over them, each in its own look; ordinary colours off.
    program_->setUniformValue("u_colour_mode", 0);
    program_->setUniformValue("u_rank_boost", 0.0f);
    program_->setUniformValue("u_opacity", 1.0f);
    auto draw_set = [&](GLuint ebo, GLsizei count, float px, float outline_px, const QColor& fill, const QColor& outline) {
        if (count <= 0) return;
        program_->setUniformValue("u_size_px", px * scale * dpr);
        program_->setUniformValue("u_outline_px", outline_px * dpr);
        set_colour(*program_, "u_fill", fill);
        set_colour(*program_, "u_outline", outline);
        glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo);
        glDrawElements(GL_POINTS, count, GL_UNSIGNED_INT, nullptr);
    };
    if (marks && overlay_.isolate) {
        QColor c = theme::point();
        c.setAlphaF(1.0f);
        draw_set(isolate_ebo_, isolate_count_, std::max(6.0f, point_px_ * 2), 0, c, c);
        points_drawn_ = size_t(isolate_count_);
    }
    QColor clear = theme::search();
    clear.setAlpha(0);
    if (marks) draw_set(search_ebo_, search_count_, kSearchPx, 2.0f, clear, theme::search());
    if (marks) draw_set(selection_ebo_, selection_count_, kSelectionPx, 1.5f, theme::selection(), theme::highlightOutline());
    if (marks) draw_set(highlight_ebo_, highlight_count_, kHighlightPx, 2.0f, theme::highlight(), theme::highlightOutline());

    glBindVertexArray(0);
    program_->release();
    glDisable(GL_PROGRAM_POINT_SIZE);
}


// The 2-D layer of paper, grid and every word is drawn once into a texture with a margin, and
// reused while only the marks, overlay, labels, hover or HUD change, while a pan stays within
// the margin (whole pixels), and stretched during a wheel burst: on a software rasteriser the
// 341k points cost far more than the rest.
std::optional<QRectF> ScatterView::ensureLayer(const Frame& f) {
    const Session::ColourBy by = session_->colourBy();
    const LayerKey key{transform_.pixelsPerUnit(), size(), f.dpr, point_px_, opacity_, presentation_, overlay_.isolate,
                       int(by), theme::background().rgba(), data_generation_, pointsOnCpu()};
    const QSize px(int(std::lround(f.size.width() * f.dpr)), int(std::lround(f.size.height() * f.dpr)));
    const int margin = int(std::lround(kLayerMarginPx * f.dpr));
    const QPointF c = transform_.centre();
    const double ppu = transform_.pixelsPerUnit();
    if (layer_ && key == layer_key_) {
        // A pan by whole pixels within the margin: the layer shifted (layer = screen + margin − d).
        const double dx = (layer_centre_.x() - c.x()) * ppu * f.dpr, dy = -(layer_centre_.y() - c.y()) * ppu * f.dpr;
        const double rx = std::round(dx), ry = std::round(dy);
        if (std::abs(rx) <= margin && std::abs(ry) <= margin && std::abs(dx - rx) < 1e-3 && std::abs(dy - ry) < 1e-3)
            return QRectF(margin - rx, margin - ry, px.width(), px.height());
    }
    LayerKey same_but_scale = key;
    same_but_scale.pixels_per_unit = layer_key_.pixels_per_unit;
    if (layer_ && same_but_scale == layer_key_ && wheel_end_.isActive()) {
        // During a wheel burst the layer is stretched; it is drawn again when the burst ends.
        const double ppu0 = layer_key_.pixels_per_unit * f.dpr, half_w = layer_->width() / 2.0, half_h = layer_->height() / 2.0;
        const double x0 = half_w + (c.x() - f.size.width() / 2 / ppu - layer_centre_.x()) * ppu0;
        const double x1 = half_w + (c.x() + f.size.width() / 2 / ppu - layer_centre_.x()) * ppu0;
        const double y0 = half_h - (c.y() + f.size.height() / 2 / ppu - layer_centre_.y()) * ppu0;
        const double y1 = half_h - (c.y() - f.size.height() / 2 / ppu - layer_centre_.y()) * ppu0;
        if (x0 >= 0 && y0 >= 0 && x1 <= layer_->width() && y1 <= layer_->height()) return QRectF(QPointF(x0, y0), QPointF(x1, y1));
    }
    const QSize layer_px(px.width() + 2 * margin, px.height() + 2 * margin);
    if (!layer_ || layer_->size() != layer_px) {
        QOpenGLFramebufferObjectFormat format;
        format.setAttachment(QOpenGLFramebufferObject::CombinedDepthStencil);
        layer_ = std::make_unique<QOpenGLFramebufferObject>(layer_px, format);
        if (!layer_->isValid()) {
            layer_.reset();
            return std::nullopt;
        }
    }
    const Frame lf = makeFrame(QSizeF(layer_px.width() / f.dpr, layer_px.height() / f.dpr), f.dpr, false);
    if (key.on_cpu) {
        paintOnCpu(lf, *layer_);
        layer_key_ = key;
        layer_centre_ = c;
        return QRectF(margin, margin, px.width(), px.height());
    }
    layer_->bind();
    {
        QOpenGLPaintDevice device(layer_px);
        device.setDevicePixelRatio(f.dpr);
        QPainter p(&device);
        p.fillRect(QRectF(QPointF(0, 0), lf.size), theme::background());
        drawGrid(p, lf);
        p.beginNativePainting();
        drawPoints(lf, true, false);
        p.endNativePainting();
    }
    layer_->release();
    layer_key_ = key;
    layer_centre_ = c;
    return QRectF(margin, margin, px.width(), px.height());
}

void ScatterView::blitLayer(QOpenGLFramebufferObject& from, const Frame& f, const QRectF& source) {
    const GLint w = GLint(std::lround(f.size.width() * f.dpr)), h = GLint(std::lround(f.size.height() * f.dpr));
    const bool exact = std::abs(source.width() - w) < 1e-6 && std::abs(source.height() - h) < 1e-6;
    GLint draw_fbo = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_fbo);
    glDisable(GL_SCISSOR_TEST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, from.handle());
    const GLint x0 = GLint(std::lround(source.left())), x1 = GLint(std::lround(source.right()));
    const double lh = from.height();  // GL counts rows bottom-up
    glBlitFramebuffer(x0, GLint(std::lround(lh - source.bottom())), x1, GLint(std::lround(lh - source.top())), 0, 0, w, h,
                      GL_COLOR_BUFFER_BIT, exact ? GL_NEAREST : GL_LINEAR);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(draw_fbo));
}

void ScatterView::paintOnCpu(const Frame& f, QOpenGLFramebufferObject& into) {
    const QSize px = into.size();
    if (cpu_image_.size() != px) cpu_image_ = QImage(px, QImage::Format_RGBA8888_Premultiplied);
    cpu_image_.setDevicePixelRatio(f.dpr);
    // The image is drawn upside down, GL's row order, so that blitting it to the screen is a plain
    // copy: a mirrored blit costs llvmpipe ~2.5 ms a frame at 1280×800.
    {
        QPainter p(&cpu_image_);
        p.translate(0, f.size.height());
        p.scale(1, -1);
        p.fillRect(QRectF(QPointF(0, 0), f.size), theme::background());
        if (session_->state() == Session::State::Ready && !three_d_) drawGrid(p, f);
    }
    points_drawn_ = 0;
    const auto& pts = session_->points();
    const size_t n = session_->state() == Session::State::Ready ? pts.size() / 3 : 0;
    if (n > 0 && !overlay_.isolate) {
        // The same uniforms drawPoints gives points.vert, turned into per-row colours and sizes.
        const Session::ColourBy by = session_->colourBy();
        const int mode = by == Session::ColourBy::Rank ? 1 : by == Session::ColourBy::Metadata ? 2 : 3;
        const auto& values = session_->colourValues();
        PointStyle style;
        style.colour_mode = values.size() == n ? mode : 0;
        style.fill = theme::point().toRgb();
        if (mode != 1) style.fill.setAlphaF(1.0f);
        std::copy(theme::palette().begin(), theme::palette().end(), style.palette.begin());
        style.size_px = point_px_ * (presentation_ ? kPresentationScale : 1.0f) * float(f.dpr);
        style.rank_boost = kRankBoost;
        style.opacity = opacity_;
        if (!(style == cpu_style_) || cpu_style_generation_ != data_generation_ || cpu_colours_.size() != n) {
            style_points(style, values, n, cpu_colours_, cpu_diameters_);
            cpu_style_ = style;
            cpu_style_generation_ = data_generation_;
        }
        PointRasterInput in;
        in.positions = pts.data();
        in.previous = animating_ && previous_points_.size() == pts.size() ? previous_points_.data() : nullptr;
        in.t = float(animationT());
        in.count = n;
        in.colours = cpu_colours_.data();
        in.diameters = cpu_diameters_.data();
        std::copy_n(glm::value_ptr(f.mvp), 16, in.mvp.begin());
        in.last_to_first = true;  // as the GL buffers: the most frequent words drawn last, on top
        const ptrdiff_t stride = ptrdiff_t(cpu_image_.bytesPerLine() / 4);
        uint32_t* bottom_row = reinterpret_cast<uint32_t*>(cpu_image_.bits()) + (px.height() - 1) * stride;
        rasterizer_.draw(in, RasterTarget{bottom_row, px.width(), px.height(), -stride});
        points_drawn_ = n;
    }
    glBindTexture(GL_TEXTURE_2D, into.texture());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, px.width(), px.height(), GL_RGBA, GL_UNSIGNED_BYTE, cpu_image_.constBits());
    glBindTexture(GL_TEXTURE_2D, 0);
}

// Text, labels, ticks, overlay lines and the hover ring, with QPainter's raster quality.
void ScatterView::drawAnnotations(QPainter& p, const Frame& f) {
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    const QRectF all(QPointF(0, 0), f.size);
    const double scale = presentation_ ? kPresentationScale : 1.0;
    QFont small = font();
    small.setPixelSize(int(12 * scale));
    QFont title = font();
    title.setPixelSize(int(14 * scale));

    if (!gl_ok_) {
        p.setPen(theme::label());
        p.setFont(title);
        p.drawText(all, Qt::AlignCenter | Qt::TextWordWrap, tr("This view needs OpenGL 3.3 or newer; the system offers %1.").arg(gl_version_));
        return;
    }
    const Session::State state = session_->state();
    if (state != Session::State::Ready) {
        p.setPen(theme::axisText());
        p.setFont(title);
        if (state == Session::State::Loading || state == Session::State::Empty)
            p.drawText(all, Qt::AlignCenter, tr("Loading the word vectors…"));
        return;
    }

    const QStringList axes = session_->axisLabels();
    if (!three_d_) {
        // Tick values along the bottom and left edges.
        const double ppu = transform_.pixelsPerUnit();
        const double step = nice_step(110.0 / ppu);
        const QPointF c = transform_.centre();
        const QPointF d0(c.x() - f.size.width() / 2 / ppu, c.y() - f.size.height() / 2 / ppu);
        const QPointF d1(c.x() + f.size.width() / 2 / ppu, c.y() + f.size.height() / 2 / ppu);
        p.setFont(small);
        p.setPen(theme::axisText());
        for (double x = std::ceil(d0.x() / step) * step; x <= d1.x(); x += step) {
            QPointF s;
            project(f, QVector3D(float(x), 0, 0), s);
            p.drawText(QRectF(s.x() + 3, f.size.height() - 18 * scale, 80 * scale, 16 * scale), Qt::AlignLeft | Qt::AlignVCenter,
                       tick_text(x, step));
        }
        for (double y = std::ceil(d0.y() / step) * step; y <= d1.y(); y += step) {
            QPointF s;
            project(f, QVector3D(0, float(y), 0), s);
            p.drawText(QRectF(4, s.y() - 17 * scale, 80 * scale, 16 * scale), Qt::AlignLeft | Qt::AlignVCenter, tick_text(y, step));
        }
        // Axis titles: what each axis is and the variance it explains.
        const QFontMetricsF tm(title);
        if (axes.size() > 0)
            haloText(p, QPointF((f.size.width() - tm.horizontalAdvance(axes[0])) / 2, f.size.height() - 28 * scale), axes[0],
                      title, theme::axisText());
        if (axes.size() > 1) {
            p.save();
            p.translate(30 * scale, (f.size.height() + tm.horizontalAdvance(axes[1])) / 2);
            p.rotate(-90);
            haloText(p, QPointF(0, 0), axes[1], title, theme::axisText());
            p.restore();
        }
    } else {
        // The three axes as a small gizmo in the lower-left corner, turning with the camera.
        const glm::mat4 m = f.mvp;
        const QPointF origin(60 * scale, f.size.height() - 60 * scale);
        const glm::vec4 o = m * glm::vec4(float(orbit_.target_x), float(orbit_.target_y), float(orbit_.target_z), 1.0f);
        p.setFont(small);
        for (int k = 0; k < 3; ++k) {
            glm::vec3 d(0.0f);
            d[k] = float(orbit_.distance) * 0.1f;
            const glm::vec4 e = m * glm::vec4(float(orbit_.target_x) + d.x, float(orbit_.target_y) + d.y, float(orbit_.target_z) + d.z, 1.0f);
            QPointF dir(e.x / e.w - o.x / o.w, -(e.y / e.w - o.y / o.w));
            const double len = std::hypot(dir.x(), dir.y());
            dir = len > 1e-9 ? dir / len * (40 * scale) * std::min(1.0, len * 4) : QPointF();
            p.setPen(QPen(theme::palette()[size_t(k == 0 ? 6 : k == 1 ? 5 : 3)], 2));
            p.drawLine(origin, origin + dir);
            const QString name = k < axes.size() ? axes[k] : QStringLiteral("xyz").mid(k, 1);
            haloText(p, origin + dir * 1.1 + QPointF(-4, 4), name.section(QLatin1Char(' '), 0, 0), small, theme::axisText(), 4);
        }
    }

    drawOverlay(p, f);
    drawLabels(p, f);

    // Contextual vectors: the text's tokens at the encoder's layer, as diamonds with their text.
    const auto& ctx = session_->contextualPoints();
    const auto& ctx_tokens = session_->contextualTokens();
    if (!ctx.empty()) {
        QFont cf = font();
        cf.setPixelSize(int(14 * scale));
        cf.setItalic(true);
        const QColor colour = theme::palette()[3];
        QPointF prev;
        bool have_prev = false;
        for (size_t i = 0; i + 2 < ctx.size(); i += 3) {
            QPointF s;
            if (!project(f, QVector3D(ctx[i], ctx[i + 1], ctx[i + 2]), s)) {
                have_prev = false;
                continue;
            }
            if (have_prev) {
                p.setPen(QPen(QColor(colour.red(), colour.green(), colour.blue(), 110), 1.2 * scale, Qt::DotLine));
                p.drawLine(prev, s);
            }
            prev = s, have_prev = true;
            const double r = 6 * scale;
            QPolygonF diamond({s + QPointF(0, -r), s + QPointF(r, 0), s + QPointF(0, r), s + QPointF(-r, 0)});
            p.setPen(QPen(theme::highlightOutline(), 1.5));
            p.setBrush(colour);
            p.drawPolygon(diamond);
            const size_t t = i / 3;
            if (t < ctx_tokens.size())
                haloText(p, s + QPointF(r + 3, r), QString::fromStdString(ctx_tokens[t].text).trimmed(), cf, colour.darker(130), 4);
        }
    }

    paint_trajectories(p, [&](const QVector3D& v, QPointF& s) { return project(f, v, s); }, all,
                       f.exporting ? std::vector<QRectF>{} : std::vector<QRectF>{hud_rect_, legend_rect_},
                       session_->trajectoryPaths(), session_->trajectoryLabels(), session_->layer(), theme::palette(), scale);

    if (hovered_ && !f.exporting) {
        const QPointF a = screenPosition(*hovered_);
        p.setPen(QPen(theme::hover(), 2));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(a, 8 * scale, 8 * scale);
    }

    // The gesture under way: a box or a lasso.
    if (!f.exporting && (gesture_ == Gesture::Box || gesture_ == Gesture::Lasso) && gesture_moved_) {
        QColor fill = theme::selection();
        fill.setAlpha(40);
        p.setPen(QPen(theme::selection(), 1.5, Qt::DashLine));
        p.setBrush(fill);
        if (gesture_ == Gesture::Box) p.drawRect(QRectF(press_pos_, last_mouse_).normalized());
        else p.drawPolygon(lasso_);
    }
}

void ScatterView::drawOverlay(QPainter& p, const Frame& f) {
    const double scale = presentation_ ? kPresentationScale : 1.0;
    QFont bold = font();
    bold.setPixelSize(int(16 * scale));
    bold.setBold(true);
    auto at = [&](uint32_t row, QPointF& s) { return project(f, shownPosition(row), s); };

    // Neighbour lines: thicker and darker for the more similar.
    if (overlay_.centre && !overlay_.neighbours.empty()) {
        QPointF c;
        if (at(*overlay_.centre, c)) {
            float lo = overlay_.neighbours.front().second, hi = lo;
            for (const auto& [row, sim] : overlay_.neighbours) lo = std::min(lo, sim), hi = std::max(hi, sim);
            const QColor base = theme::palette()[3];
            for (const auto& [row, sim] : overlay_.neighbours) {
                QPointF s;
                if (!at(row, s)) continue;
                const double w = hi > lo ? double(sim - lo) / double(hi - lo) : 1.0;
                QColor col = base;
                col.setAlphaF(float(0.35 + 0.6 * w));
                p.setPen(QPen(col, (1.0 + 3.0 * w) * scale, Qt::SolidLine, Qt::RoundCap));
                p.drawLine(c, s);
                p.setPen(QPen(theme::highlightOutline(), 1));
                p.setBrush(base);
                p.drawEllipse(s, 3.5 * scale, 3.5 * scale);
            }
            p.setPen(QPen(theme::highlightOutline(), 2));
            p.setBrush(base.darker(120));
            p.drawEllipse(c, 6 * scale, 6 * scale);
        }
    }

    // The analogy's parallelogram: a→b, the same arrow from c to where b − a + c lands, the
    // sides a→c and b→landing dashed; the chosen word ringed.
    if (overlay_.analogy) {
        const auto& an = *overlay_.analogy;
        QPointF a, b, c, land;
        if (at(an.a, a) && at(an.b, b) && at(an.c, c) && project(f, an.landing, land)) {
            auto arrow = [&](QPointF from, QPointF to, const QColor& colour) {
                p.setPen(QPen(colour, 3 * scale, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
                p.drawLine(from, to);
                const QPointF d = to - from;
                const double len = std::hypot(d.x(), d.y());
                if (len < 1) return;
                const QPointF u = d / len, n(-u.y(), u.x());
                const double head = std::min(14.0 * scale, len * 0.4);
                p.setBrush(colour);
                p.setPen(Qt::NoPen);
                p.drawPolygon(QPolygonF({to, to - u * head + n * head * 0.45, to - u * head - n * head * 0.45}));
            };
            QColor side = theme::axisText();
            p.setPen(QPen(side, 1.5 * scale, Qt::DashLine));
            p.drawLine(a, c);
            p.drawLine(b, land);
            arrow(a, b, theme::palette()[5]);
            arrow(c, land, theme::palette()[5]);
            // The landing point: a cross in a ring (it need not be a word).
            p.setPen(QPen(theme::palette()[6], 2.5 * scale));
            p.setBrush(Qt::NoBrush);
            const double r = 7 * scale;
            p.drawEllipse(land, r, r);
            p.drawLine(land + QPointF(-r * 0.6, -r * 0.6), land + QPointF(r * 0.6, r * 0.6));
            p.drawLine(land + QPointF(-r * 0.6, r * 0.6), land + QPointF(r * 0.6, -r * 0.6));
            QPointF chosen;
            if (an.chosen && at(*an.chosen, chosen)) {
                p.setPen(QPen(theme::palette()[6], 3 * scale));
                p.drawEllipse(chosen, 11 * scale, 11 * scale);
            }
            for (QPointF s : {a, b, c}) {  // their labels: drawLabels()
                p.setPen(QPen(theme::highlightOutline(), 1.5));
                p.setBrush(theme::palette()[5]);
                p.drawEllipse(s, 5 * scale, 5 * scale);
            }
        }
    }
}

void ScatterView::haloText(QPainter& p, const QPointF& baseline, const QString& text, const QFont& font, const QColor& colour,
                           double halo_px) {
    halo_text_.draw(p, baseline, text, font, colour, theme::halo(), halo_px);
}

// Labels: the text's words first (placed clear of each other by label_layout), then as many of
// the most frequent words on screen as the density allows, each only where it overlaps nothing.

void ScatterView::drawLabels(QPainter& p, const Frame& f) {
    if (!show_labels_) return;
    const double scale = presentation_ ? kPresentationScale : 1.0;
    QFont label = font();
    label.setPixelSize(int(17 * scale));
    label.setBold(true);
    QFont minor = font();
    minor.setPixelSize(int(12 * scale));
    const QFontMetricsF lm(label), mm(minor);
    const QRectF bounds = QRectF(QPointF(0, 0), f.size).adjusted(2, 2, -2, -2);

    // The text's words, then the overlay's (analogy, neighbours' centre) not already among them.
    struct Named {
        uint32_t row;
        QString text;
        QColor colour;
    };
    std::vector<Named> named;
    for (const auto& h : session_->highlights()) named.push_back({h.row, h.word, theme::label()});
    auto add = [&](uint32_t row, const QString& suffix, const QColor& colour) {
        for (const Named& n : named)
            if (n.row == row) return;
        named.push_back({row, session_->word(row) + suffix, colour});
    };
    if (overlay_.analogy) {
        const auto& an = *overlay_.analogy;
        if (an.chosen) add(*an.chosen, QStringLiteral(" ✓"), theme::palette()[6].darker(115));
        for (uint32_t r : {an.a, an.b, an.c}) add(r, {}, theme::palette()[5].darker(130));
    }
    if (overlay_.centre) add(*overlay_.centre, {}, theme::palette()[3].darker(140));

    std::vector<QRectF> taken;
    std::vector<LabelRequest> requests;
    std::vector<size_t> which;
    for (size_t i = 0; i < named.size(); ++i) {
        QPointF a;
        if (!project(f, shownPosition(named[i].row), a) || !bounds.contains(a)) continue;
        requests.push_back({a, QSizeF(lm.horizontalAdvance(named[i].text) + 4, lm.height()), kHighlightPx * scale / 2});
        which.push_back(i);
    }
    const auto placed = layout_labels(requests, bounds);
    for (size_t k = 0; k < placed.size(); ++k) {
        const QRectF r = placed[k].rect;
        taken.push_back(r);
        const Named& nm = named[which[k]];
        if (placed[k].leader) {
            const QPointF a = requests[k].anchor;
            const QPointF target(std::clamp(a.x(), r.left(), r.right()), std::clamp(a.y(), r.top(), r.bottom()));
            p.setPen(QPen(nm.colour.lighter(130), 1.3));
            p.drawLine(a, target);
        }
        haloText(p, QPointF(r.left() + 2, r.top() + lm.ascent()), nm.text, label, nm.colour);
    }
    // Keep the HUD and legend corners free on screen.
    if (!f.exporting) taken.push_back(hud_rect_), taken.push_back(legend_rect_);

    int budget = label_density_;
    if (budget <= 0 || overlay_.isolate) {
        if (overlay_.isolate)
            for (uint32_t r : isolated_rows_) {
                QPointF a;
                if (!project(f, shownPosition(r), a) || !bounds.contains(a)) continue;
                haloText(p, a + QPointF(6, -5), session_->word(r), minor, theme::label(), 4);
            }
        return;
    }
    const size_t n = std::min<size_t>(session_->points().size() / 3, kLabelScanRows);
    std::vector<bool> is_text(n, false);
    for (uint32_t r : highlighted_rows_)
        if (r < n) is_text[r] = true;
    for (size_t i = 0; i < n && budget > 0; ++i) {
        if (is_text[i]) continue;
        QPointF a;
        if (!project(f, shownPosition(uint32_t(i)), a) || !bounds.contains(a)) continue;
        const QString w = session_->word(uint32_t(i));
        const QRectF r(a.x() + 4, a.y() - mm.height() / 2, mm.horizontalAdvance(w) + 2, mm.height());
        if (!bounds.contains(r)) continue;
        const QRectF pad = r.adjusted(-3, -1, 3, 1);
        if (std::any_of(taken.begin(), taken.end(), [&](const QRectF& t) { return t.intersects(pad); })) continue;
        taken.push_back(r);
        haloText(p, QPointF(r.left() + 1, r.top() + mm.ascent()), w, minor, theme::axisText().darker(140), 3.5);
        --budget;
    }
}

// =========================================================================================
// [SECTION] Dear ImGui: HUD, legend, tooltip
// =========================================================================================

void ScatterView::drawHud(double frame_ms) {
    const QLocale locale;
    ImGui::SetNextWindowPos(ImVec2(float(width()) - 12.0f, 12.0f), ImGuiCond_Always, ImVec2(1.0f, 0.0f));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoFocusOnAppearing;
    if (ImGui::Begin("View", nullptr, flags)) {
        ImGui::Text("points       %s", qPrintable(locale.toString(qulonglong(points_drawn_))));
        ImGui::Text("frame        %.1f ms", frame_ms);
        const QStringList axes = session_->axisLabels();
        ImGui::Text("projection   %s%s", three_d_ ? "3-D " : "2-D ",
                    session_->projection().kind == ProjectionSpec::Pca ? "PCA" : "custom axes");
        const auto ev = session_->explainedVariance();
        double total = 0;
        for (double v : ev) total += v;
        for (QString a : axes) ImGui::BulletText("%s", qPrintable(a.replace(QChar(0x2192), QLatin1String("->"))));  // ImGui's font is ASCII
        if (!ev.empty()) ImGui::Text("explained    %.1f %%", total * 100.0);
        ImGui::TextDisabled("%s", qPrintable(gl_renderer_));
        ImGui::TextDisabled("points by %s", pointsOnCpu() ? "the CPU" : "GL");
        ImGui::Separator();
        ImGui::PushItemWidth(140);
        float px = point_px_;
        if (ImGui::SliderFloat("point size", &px, 1.0f, 16.0f, "%.1f px")) setPointSize(px);
        float op = opacity_;
        if (ImGui::SliderFloat("opacity", &op, 0.05f, 1.0f, "%.2f")) setOpacity(op);
        int density = label_density_;
        if (ImGui::SliderInt("labels##density", &density, 0, 200)) setLabelDensity(density);
        ImGui::PopItemWidth();
        bool show = show_labels_;
        if (ImGui::Checkbox("labels", &show)) setLabelsShown(show);
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        labels_toggle_rect_ = QRectF(QPointF(a.x, a.y), QPointF(b.x, b.y));
        ImGui::SameLine();
        bool pres = presentation_;
        if (ImGui::Checkbox("presentation", &pres)) setPresentation(pres);
        ImGui::SameLine();
        if (ImGui::Button("fit")) fitToData();
    }
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    hud_rect_ = QRectF(pos.x, pos.y, size.x, size.y);
    hud_active_ = ImGui::IsAnyItemActive();
    ImGui::End();
}

void ScatterView::drawLegend(bool exporting) {
    if (session_->state() != Session::State::Ready) return;
    // Top left, clear of the y axis' tick values on screen.
    ImGui::SetNextWindowPos(ImVec2(exporting ? 12.0f : 64.0f, 12.0f), ImGuiCond_Always, ImVec2(0.0f, 0.0f));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoInputs;
    if (ImGui::Begin("Legend", nullptr, flags)) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float line = ImGui::GetTextLineHeight();
        auto swatch = [&](const QColor& fill, const QColor& ring, float r) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const ImVec2 c(p.x + line * 0.5f, p.y + line * 0.5f);
            if (fill.alpha() > 0) dl->AddCircleFilled(c, r, ImGui::ColorConvertFloat4ToU32(im_colour(fill, float(fill.alphaF()))));
            if (ring.alpha() > 0) dl->AddCircle(c, r, ImGui::ColorConvertFloat4ToU32(im_colour(ring)), 0, 2.0f);
            ImGui::Dummy(ImVec2(line, line));
            ImGui::SameLine();
        };
        const QLocale locale;
        switch (session_->colourBy()) {
        case Session::ColourBy::Rank: {
            ImGui::Text("%s words by frequency rank (log)", qPrintable(locale.toString(qulonglong(points_uploaded_))));
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float w = 180, bh = line * 0.7f;
            for (int i = 0; i < 30; ++i) {
                const ImU32 col = ImGui::ColorConvertFloat4ToU32(im_colour(ramp_colour(float(i) / 29.0f)));
                dl->AddRectFilled(ImVec2(p.x + w * float(i) / 30, p.y), ImVec2(p.x + w * float(i + 1) / 30 + 0.5f, p.y + bh), col);
            }
            ImGui::Dummy(ImVec2(w, bh));
            ImGui::Text("frequent");
            ImGui::SameLine(w - ImGui::CalcTextSize("rare").x + ImGui::GetStyle().WindowPadding.x);
            ImGui::Text("rare");
            break;
        }
        case Session::ColourBy::Selection: {
            QColor other = theme::point();
            other.setAlpha(255);
            swatch(theme::palette()[1], QColor(0, 0, 0, 0), line * 0.35f);
            ImGui::Text("selected");
            swatch(other, QColor(0, 0, 0, 0), line * 0.35f);
            ImGui::Text("not selected");
            break;
        }
        case Session::ColourBy::Metadata: {
            const QStringList cats = session_->colourCategories();
            ImGui::Text("%s", qPrintable(session_->colourColumn()));
            for (int i = 0; i < cats.size() && i < 8; ++i) {
                swatch(theme::palette()[size_t(i)], QColor(0, 0, 0, 0), line * 0.35f);
                ImGui::Text("%s", qPrintable(cats[i]));
            }
            if (cats.size() > 8) ImGui::TextDisabled("(%lld more share the colours)", static_cast<long long>(cats.size() - 8));
            break;
        }
        }
        ImGui::Separator();
        if (highlight_count_ > 0) {
            swatch(theme::highlight(), theme::highlightOutline(), line * 0.42f);
            ImGui::Text("the words of the text");
        }
        if (selection_count_ > 0) {
            swatch(theme::selection(), theme::highlightOutline(), line * 0.33f);
            ImGui::Text("selection (%d)", int(selection_count_));
        }
        if (search_count_ > 0) {
            swatch(QColor(0, 0, 0, 0), theme::search(), line * 0.33f);
            ImGui::Text("search matches (%s)", qPrintable(locale.toString(qlonglong(search_count_))));
        }
        if (!session_->contextualPoints().empty()) {
            swatch(theme::palette()[3], QColor(0, 0, 0, 0), line * 0.33f);
            ImGui::Text("the text in context, layer %d", session_->layer());
        }
        if (overlay_.analogy) {
            swatch(QColor(0, 0, 0, 0), theme::palette()[6], line * 0.4f);
            ImGui::Text("b - a + c lands here");
        }
    }
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    if (!exporting) legend_rect_ = QRectF(pos.x, pos.y, size.x, size.y);
    ImGui::End();
}

void ScatterView::drawTooltip() {
    if (!hovered_ || gesture_ != Gesture::None || session_->state() != Session::State::Ready) return;
    const uint32_t row = *hovered_;
    if (tooltip_row_ != hovered_) {
        tooltip_row_ = hovered_;
        tooltip_neighbours_.clear();
        for (const Neighbor& nb : session_->neighbours(row, 3)) tooltip_neighbours_.emplace_back(session_->word(nb.row), nb.score);
    }
    ImGui::BeginTooltip();
    ImGui::TextColored(im_colour(theme::hover()), "%s", qPrintable(session_->word(row)));
    ImGui::Text("frequency rank %s", qPrintable(QLocale().toString(qulonglong(row) + 1)));
    if (!tooltip_neighbours_.empty()) {
        ImGui::Separator();
        ImGui::TextDisabled("nearest (cosine, original space)");
        for (const auto& [w, s] : tooltip_neighbours_) ImGui::Text("%-16s %.3f", qPrintable(w), double(s));
    }
    ImGui::EndTooltip();
}

// =========================================================================================
// [SECTION] offscreen rendering
// =========================================================================================

QImage ScatterView::renderImage(QSize size) {
    if (size.isEmpty() || !gl_ok_ || !program_) return {};
    makeCurrent();
    QOpenGLFramebufferObjectFormat format;
    format.setAttachment(QOpenGLFramebufferObject::CombinedDepthStencil);
    QOpenGLFramebufferObject fbo(size, format);
    if (!fbo.isValid()) {
        doneCurrent();
        return {};
    }
    fbo.bind();
    // The same region of the data, scaled: the export is the view at a higher pixel ratio.
    const double s = std::max(1e-3, std::min(double(size.width()) / std::max(1, width()), double(size.height()) / std::max(1, height())));
    const QSizeF logical(size.width() / s, size.height() / s);
    const Frame f = makeFrame(logical, s, true);
    {
        QOpenGLPaintDevice device(size);
        device.setDevicePixelRatio(s);
        QPainter painter(&device);
        renderFrame(painter, f);
    }
    if (imgui_.initialized()) {
        imgui_.beginFrame(logical.toSize(), float(s));
        drawLegend(true);
        imgui_.endFrame();
    }
    glFinish();
    QImage image = fbo.toImage();
    fbo.release();
    doneCurrent();
    update();  // the next on-screen frame re-sizes ImGui to the widget
    return image;
}

// =========================================================================================
// [SECTION] input
// =========================================================================================

void ScatterView::setOverlay(const ViewOverlay& overlay) {
    if (overlay == overlay_) return;
    overlay_ = overlay;
    marks_dirty_ = true;
    if (overlay_.isolate) {  // isolated_rows_ is needed by picking before the next upload
        isolated_rows_.clear();
        if (overlay_.centre) isolated_rows_.push_back(*overlay_.centre);
        for (const auto& [row, sim] : overlay_.neighbours) isolated_rows_.push_back(row);
        if (overlay_.analogy) {
            isolated_rows_.insert(isolated_rows_.end(), {overlay_.analogy->a, overlay_.analogy->b, overlay_.analogy->c});
            if (overlay_.analogy->chosen) isolated_rows_.push_back(*overlay_.analogy->chosen);
        }
        std::sort(isolated_rows_.begin(), isolated_rows_.end());
        isolated_rows_.erase(std::unique(isolated_rows_.begin(), isolated_rows_.end()), isolated_rows_.end());
    }
    update();
}

void ScatterView::setEmphasis(std::optional<uint32_t> row) { setHovered(row); }

void ScatterView::setPointSize(float px) {
    point_px_ = std::clamp(px, 1.0f, 16.0f);
    update();
}

void ScatterView::setOpacity(float opacity) {
    opacity_ = std::clamp(opacity, 0.05f, 1.0f);
    update();
}

void ScatterView::setPresentation(bool on) {
    presentation_ = on;
    if (imgui_.initialized()) imgui_.setScale(on ? kPresentationScale : 1.0f);
    update();
}

void ScatterView::setLabelsShown(bool on) {
    show_labels_ = on;
    update();
}

void ScatterView::setLabelDensity(int max_labels) {
    label_density_ = std::clamp(max_labels, 0, 200);
    update();
}

bool ScatterView::event(QEvent* e) {
    if (e->type() == QEvent::FocusIn || e->type() == QEvent::FocusOut || e->type() == QEvent::KeyRelease) imgui_.feed(e);
    return QOpenGLWidget::event(e);
}

void ScatterView::setHovered(std::optional<uint32_t> row) {
    if (row == hovered_) return;
    hovered_ = row;
    update();
}

void ScatterView::mousePressEvent(QMouseEvent* e) {
    imgui_.feed(e);
    update();
    if (overlayHas(e->position())) return;
    press_pos_ = last_mouse_ = e->position();
    gesture_moved_ = false;
    lasso_.clear();
    const Qt::KeyboardModifiers mods = e->modifiers();
    if (e->button() == Qt::LeftButton) {
        if (mods & Qt::ShiftModifier) gesture_ = Gesture::Box;
        else if (mods & (Qt::AltModifier | Qt::ControlModifier)) gesture_ = Gesture::Lasso, lasso_ << press_pos_;
        else gesture_ = three_d_ ? Gesture::Orbit : Gesture::Pan;
    } else if (e->button() == Qt::RightButton || e->button() == Qt::MiddleButton) {
        gesture_ = Gesture::Pan;
    }
}

void ScatterView::mouseMoveEvent(QMouseEvent* e) {
    imgui_.feed(e);
    update();
    const QPointF pos = e->position();
    if (gesture_ != Gesture::None) {
        if (QLineF(pos, press_pos_).length() > kClickSlopPx) gesture_moved_ = true;
        const QPointF d = pos - last_mouse_;
        switch (gesture_) {
        case Gesture::Pan:
            if (!gesture_moved_) break;
            if (three_d_) {
                // Move the target in the view plane, as far as the pointer moved at its depth.
                const double units_per_px = 2 * orbit_.distance * std::tan(glm::radians(CameraState::kFovYDeg / 2)) / std::max(1, height());
                const double yaw = glm::radians(orbit_.yaw_deg), pitch = glm::radians(orbit_.pitch_deg);
                const glm::dvec3 fwd(-std::cos(pitch) * std::sin(yaw), -std::sin(pitch), -std::cos(pitch) * std::cos(yaw));
                const glm::dvec3 right = glm::normalize(glm::cross(fwd, glm::dvec3(0, 1, 0)));
                const glm::dvec3 up = glm::cross(right, fwd);
                const glm::dvec3 move = (-right * d.x() + up * d.y()) * units_per_px;
                orbit_.target_x += move.x, orbit_.target_y += move.y, orbit_.target_z += move.z;
            } else {
                transform_.pan(d);
            }
            noteUserCamera();
            break;
        case Gesture::Orbit:
            if (!gesture_moved_) break;
            orbit_.yaw_deg -= d.x() * 0.4;
            orbit_.pitch_deg = std::clamp(orbit_.pitch_deg + d.y() * 0.4, -CameraState::kMaxPitchDeg, CameraState::kMaxPitchDeg);
            noteUserCamera();
            break;
        case Gesture::Lasso:
            if (QLineF(pos, lasso_.isEmpty() ? press_pos_ : lasso_.last()).length() >= 3) lasso_ << pos;
            break;
        case Gesture::Box:
        case Gesture::None: break;
        }
        last_mouse_ = pos;
        return;
    }
    setHovered(overlayHas(pos) ? std::nullopt : pickAt(pos));
}

void ScatterView::mouseReleaseEvent(QMouseEvent* e) {
    imgui_.feed(e);
    update();
    if (gesture_ == Gesture::None) return;
    last_mouse_ = e->position();
    finishGesture(e);
    gesture_ = Gesture::None;
    lasso_.clear();
}

void ScatterView::finishGesture(QMouseEvent* e) {
    const bool add = e->modifiers() & Qt::ControlModifier && gesture_ == Gesture::Box;
    if (!gesture_moved_) {
        // A click: the word under the pointer becomes the current row and the selection
        // (Ctrl toggles it in the selection); a click on nothing clears both.
        if (e->button() != Qt::LeftButton) return;
        const auto row = pickAt(e->position());
        if (e->modifiers() & Qt::ControlModifier && row) {
            std::vector<uint32_t> sel = session_->selection();
            const auto it = std::lower_bound(sel.begin(), sel.end(), *row);
            if (it != sel.end() && *it == *row) sel.erase(it);
            else sel.insert(it, *row);
            session_->setSelection(std::move(sel));
            session_->setCurrentRow(row);
            return;
        }
        session_->setCurrentRow(row);
        session_->setSelection(row ? std::vector<uint32_t>{*row} : std::vector<uint32_t>{});
        return;
    }
    switch (gesture_) {
    case Gesture::Pan:
    case Gesture::Orbit: emit cameraChanged(); break;
    case Gesture::Box: selectRows(rowsInRect(QRectF(press_pos_, last_mouse_)), add); break;
    case Gesture::Lasso:
        if (lasso_.size() >= 3) {
            lasso_ << lasso_.first();
            selectRows(rowsInPolygon(lasso_), false);
        }
        break;
    case Gesture::None: break;
    }
}

void ScatterView::mouseDoubleClickEvent(QMouseEvent* e) {
    imgui_.feed(e);
    if (overlayHas(e->position())) return update();
    fitToData();
}

void ScatterView::wheelEvent(QWheelEvent* e) {
    imgui_.feed(e);
    if (overlayHas(e->position())) return update();
    const double factor = std::pow(1.0015, e->angleDelta().y());
    if (three_d_) {
        // Toward the point under the cursor on the plane through the target: it stays put.
        const glm::mat4 m = matrixFor(size());
        const glm::mat4 inv = glm::inverse(m);
        const glm::vec4 t = m * glm::vec4(float(orbit_.target_x), float(orbit_.target_y), float(orbit_.target_z), 1.0f);
        const float ndc_z = t.z / t.w;
        const float nx = float(2 * e->position().x() / std::max(1, width()) - 1), ny = float(1 - 2 * e->position().y() / std::max(1, height()));
        glm::vec4 p = inv * glm::vec4(nx, ny, ndc_z, 1.0f);
        p /= p.w;
        const double s = 1 - 1 / factor;
        orbit_.target_x += (p.x - orbit_.target_x) * s;
        orbit_.target_y += (p.y - orbit_.target_y) * s;
        orbit_.target_z += (p.z - orbit_.target_z) * s;
        orbit_.distance = std::clamp(orbit_.distance / factor, 1e-6, 1e9);
    } else {
        transform_.zoomAt(e->position(), factor);
    }
    noteUserCamera();
    wheel_end_.start();
    setHovered(pickAt(e->position()));
}

void ScatterView::keyPressEvent(QKeyEvent* e) {
    if (imgui_.feed(e)) return update();
    if (e->key() == Qt::Key_F || e->key() == Qt::Key_Home) {
        fitToData();
        return;
    }
    if (e->key() == Qt::Key_Escape && (!session_->selection().empty() || session_->currentRow())) {
        session_->setSelection({});
        session_->setCurrentRow(std::nullopt);
        return;
    }
    QOpenGLWidget::keyPressEvent(e);
}

void ScatterView::leaveEvent(QEvent* e) {
    imgui_.feed(e);
    setHovered(std::nullopt);
    QOpenGLWidget::leaveEvent(e);
}

} // namespace es::ui
