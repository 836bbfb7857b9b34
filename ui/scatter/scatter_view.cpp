// ScatterView's life cycle and state: GL resources, the session's data on the GPU, the
// transition between projections, the camera and the public setters. Drawing, annotations, the
// HUD and input live in scatter_drawing.cpp, scatter_annotations.cpp, scatter_hud.cpp and
// scatter_input.cpp.
// [SECTION] set-up and GL resources
// [SECTION] data from the session
// [SECTION] camera
// [SECTION] overlays and looks
#include "scatter/scatter_view.h"

#include "document/session.h"

#include <glm/gtc/matrix_transform.hpp>

#include <QOpenGLContext>
#include <QOpenGLFramebufferObject>
#include <QOpenGLShaderProgram>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

namespace es::ui {
namespace {

constexpr double kFitMargin = 48;
constexpr double kFitQuantile = 0.005;  // the fit ignores the farthest 0.5% on each side
constexpr double kAnimationMs = 400;

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

// The rows an isolating overlay keeps: its centre, neighbours and analogy words, sorted, once each.
std::vector<uint32_t> overlay_rows(const ViewOverlay& overlay) {
    std::vector<uint32_t> rows;
    if (overlay.centre) rows.push_back(*overlay.centre);
    for (const auto& [row, sim] : overlay.neighbours) rows.push_back(row);
    if (overlay.analogy) {
        const auto& a = *overlay.analogy;
        rows.insert(rows.end(), {a.a, a.b, a.c});
        if (a.chosen) rows.push_back(*a.chosen);
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
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

void ScatterView::stepAnimation() {
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
        isolated_rows_ = overlay_.isolate ? overlay_rows(overlay_) : std::vector<uint32_t>{};
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

void ScatterView::applyCamera(const CameraState& wanted) {
    const CameraState c = wanted.clamped();  // every frame's arithmetic stays finite and bounded
    transform_.setViewport(size());
    transform_.setCentre(QPointF(c.centre_x, c.centre_y));
    transform_.setPixelsPerUnit(c.pixels_per_unit);
    orbit_ = c;
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
// [SECTION] overlays and looks
// =========================================================================================

void ScatterView::setOverlay(const ViewOverlay& overlay) {
    if (overlay == overlay_) return;
    overlay_ = overlay;
    marks_dirty_ = true;
    if (overlay_.isolate) isolated_rows_ = overlay_rows(overlay_);  // picking needs them before the next upload
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

} // namespace es::ui
