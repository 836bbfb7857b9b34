#include "scatter_view.h"

#include "label_layout.h"
#include "session.h"
#include "theme.h"

#include <imgui.h>

#include <QElapsedTimer>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLShaderProgram>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace es::ui {
namespace {

constexpr double kFitMargin = 48;
constexpr double kFitQuantile = 0.005;  // the fit ignores the farthest 0.5% on each side

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

QString percent(double ratio) { return QString::number(ratio * 100.0, 'f', 1) + QStringLiteral("%"); }

} // namespace

ScatterView::ScatterView(Session* session, QWidget* parent) : QOpenGLWidget(parent), session_(session) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 240);
    connect(session_, &Session::projectionChanged, this, &ScatterView::onProjectionChanged);
    connect(session_, &Session::tokensChanged, this, &ScatterView::onTokensChanged);
    connect(session_, &Session::stateChanged, this, qOverload<>(&ScatterView::update));
}

ScatterView::~ScatterView() { releaseGl(); }

QColor ScatterView::highlightColour() { return theme::highlight(); }

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

    static constexpr float corners[8] = {-1, -1, 1, -1, -1, 1, 1, 1};
    glGenBuffers(1, &quad_vbo_);
    glBindBuffer(GL_ARRAY_BUFFER, quad_vbo_);
    glBufferData(GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW);
    glGenBuffers(1, &points_vbo_);
    glGenBuffers(1, &highlight_vbo_);
    for (auto [vao, instances] : {std::pair{&points_vao_, points_vbo_}, std::pair{&highlight_vao_, highlight_vbo_}}) {
        glGenVertexArrays(1, vao);
        glBindVertexArray(*vao);
        glBindBuffer(GL_ARRAY_BUFFER, quad_vbo_);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
        glBindBuffer(GL_ARRAY_BUFFER, instances);
        glEnableVertexAttribArray(1);
        glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
        glVertexAttribDivisor(1, 1);
    }
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    glGenQueries(1, &timer_query_);
    points_dirty_ = highlights_dirty_ = true;

    if (!imgui_.initialize(float(devicePixelRatioF()))) qWarning("scatter view: the ImGui overlay could not start");
}

void ScatterView::releaseGl() {
    if (!program_ && !imgui_.initialized()) return;
    makeCurrent();
    imgui_.shutdown();
    if (program_) {
        glDeleteQueries(1, &timer_query_);
        glDeleteVertexArrays(1, &points_vao_);
        glDeleteVertexArrays(1, &highlight_vao_);
        glDeleteBuffers(1, &quad_vbo_);
        glDeleteBuffers(1, &points_vbo_);
        glDeleteBuffers(1, &highlight_vbo_);
        program_.reset();
    }
    timer_query_ = points_vao_ = highlight_vao_ = quad_vbo_ = points_vbo_ = highlight_vbo_ = 0;
    doneCurrent();
    if (context()) disconnect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &ScatterView::releaseGl);
}

void ScatterView::resizeGL(int w, int h) {
    const QSizeF before = transform_.viewport();
    transform_.setViewport(QSizeF(w, h));
    if (!user_moved_ || before.width() <= 1) fitToData();
}

// --- data from the session -------------------------------------------------------------

void ScatterView::onProjectionChanged() {
    points_dirty_ = highlights_dirty_ = true;
    user_moved_ = false;
    hovered_.reset();
    fitToData();
    update();
}

void ScatterView::onTokensChanged() {
    highlights_dirty_ = true;
    highlighted_rows_ = session_->highlightedRows();
    highlight_positions_.clear();
    for (const auto& h : session_->highlights()) highlight_positions_.push_back(h.position);
    if (!user_moved_) fitToData();
    update();
}

void ScatterView::uploadPoints() {
    const auto& pts = session_->points();
    glBindBuffer(GL_ARRAY_BUFFER, points_vbo_);
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(pts.size() * sizeof(float)), pts.empty() ? nullptr : pts.data(),
                 GL_STATIC_DRAW);
    points_uploaded_ = session_->state() == Session::State::Ready ? pts.size() / 2 : 0;
    points_dirty_ = false;
}

void ScatterView::uploadHighlights() {
    std::vector<float> xy;
    for (const QPointF& p : highlight_positions_) xy.insert(xy.end(), {float(p.x()), float(p.y())});
    glBindBuffer(GL_ARRAY_BUFFER, highlight_vbo_);
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(xy.size() * sizeof(float)), xy.empty() ? nullptr : xy.data(),
                 GL_DYNAMIC_DRAW);
    highlights_dirty_ = false;
}

QRectF ScatterView::dataExtent() const {
    const auto& pts = session_->points();
    const size_t n = pts.size() / 2;
    QRectF r;
    if (n > 0) {
        std::vector<float> xs(n), ys(n);
        for (size_t i = 0; i < n; ++i) xs[i] = pts[2 * i], ys[i] = pts[2 * i + 1];
        const auto lo = size_t(double(n - 1) * kFitQuantile), hi = size_t(double(n - 1) * (1 - kFitQuantile));
        auto at = [](std::vector<float>& v, size_t k) {
            std::nth_element(v.begin(), v.begin() + ptrdiff_t(k), v.end());
            return double(v[k]);
        };
        const double x0 = at(xs, lo), x1 = at(xs, hi), y0 = at(ys, lo), y1 = at(ys, hi);
        r = QRectF(QPointF(x0, y0), QPointF(x1, y1));
    }
    for (const QPointF& p : highlight_positions_) r = r.isNull() ? QRectF(p, QSizeF(1e-3, 1e-3)) : r.united(QRectF(p, QSizeF(0, 0)));
    return r.isNull() ? QRectF(-1, -1, 2, 2) : r;
}

void ScatterView::fitToData() {
    transform_.setViewport(size());
    transform_.fit(dataExtent(), kFitMargin);
    update();
}

void ScatterView::setEmphasis(std::optional<uint32_t> row) { setHovered(row, {}); }

void ScatterView::centreOn(uint32_t row) {
    transform_.pan(QPointF(width() / 2.0, height() / 2.0) - screenPosition(row));
    user_moved_ = true;
    update();
}

QPointF ScatterView::screenPosition(uint32_t row) const { return transform_.toScreen(session_->projectRow(row)); }

std::optional<uint32_t> ScatterView::pickAt(QPointF pos, double radius_px) const {
    if (session_->state() != Session::State::Ready) return std::nullopt;
    std::optional<uint32_t> best;
    double best_d2 = (radius_px + highlight_px_ / 2) * (radius_px + highlight_px_ / 2);
    for (size_t i = 0; i < highlight_positions_.size(); ++i) {
        const QPointF d = transform_.toScreen(highlight_positions_[i]) - pos;
        const double d2 = QPointF::dotProduct(d, d);
        if (d2 <= best_d2) best_d2 = d2, best = highlighted_rows_[i];
    }
    if (best) return best;
    best_d2 = radius_px * radius_px;
    const auto& pts = session_->points();
    for (size_t i = 0; i < pts.size() / 2; ++i) {
        const QPointF d = transform_.toScreen(QPointF(pts[2 * i], pts[2 * i + 1])) - pos;
        const double d2 = QPointF::dotProduct(d, d);
        if (d2 < best_d2) best_d2 = d2, best = uint32_t(i);
    }
    return best;
}

// --- drawing ---------------------------------------------------------------------------

void ScatterView::paintGL() {
    QElapsedTimer clock;
    clock.start();
    const bool ready = session_->state() == Session::State::Ready;
    QPainter painter(this);
    painter.fillRect(rect(), theme::background());
    if (ready) drawGrid(painter);
    if (gl_ok_) {
        painter.beginNativePainting();
        if (points_dirty_) uploadPoints();
        if (highlights_dirty_) uploadHighlights();
        if (ready) drawPoints();
        painter.endNativePainting();
    }
    renderAnnotations();
    painter.drawImage(QPointF(0, 0), annotations_);
    painter.end();
    cpu_ms_ = double(clock.nsecsElapsed()) / 1e6;

    if (imgui_.initialized()) {
        imgui_.beginFrame(size(), float(devicePixelRatioF()));
        drawHud(cpu_ms_);
        imgui_.endFrame();
        if (ImGui::IsAnyItemActive() || ImGui::IsMouseDown(0)) update();  // ImGui reads input one frame late
    }

    if (!drew_data_ && ready && points_uploaded_ > 0) {
        glFinish();  // "complete": the pixels are in the framebuffer, not just queued
        drew_data_ = true;
        emit firstDataFrame();
    }
}

void ScatterView::drawGrid(QPainter& p) {
    const double step = nice_step(110.0 / transform_.pixelsPerUnit());
    const QPointF d0 = transform_.toData(QPointF(0, height())), d1 = transform_.toData(QPointF(width(), 0));
    p.setRenderHint(QPainter::Antialiasing, false);
    for (double x = std::ceil(d0.x() / step) * step; x <= d1.x(); x += step) {
        const double sx = std::round(transform_.toScreen(QPointF(x, 0)).x());
        p.setPen(QPen(std::abs(x) < step * 1e-6 ? theme::axis() : theme::grid(), 1));
        p.drawLine(QPointF(sx, 0), QPointF(sx, height()));
    }
    for (double y = std::ceil(d0.y() / step) * step; y <= d1.y(); y += step) {
        const double sy = std::round(transform_.toScreen(QPointF(0, y)).y());
        p.setPen(QPen(std::abs(y) < step * 1e-6 ? theme::axis() : theme::grid(), 1));
        p.drawLine(QPointF(0, sy), QPointF(width(), sy));
    }
}

void ScatterView::drawPoints() {
    const qreal dpr = devicePixelRatioF();
    const int fw = int(std::lround(width() * dpr)), fh = int(std::lround(height() * dpr));
    glViewport(0, 0, fw, fh);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_CULL_FACE);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

    if (timer_pending_) {
        GLint available = 0;
        glGetQueryObjectiv(timer_query_, GL_QUERY_RESULT_AVAILABLE, &available);
        if (available) {
            GLuint64 ns = 0;
            glGetQueryObjectui64v(timer_query_, GL_QUERY_RESULT, &ns);
            gpu_ms_ = double(ns) / 1e6;
            timer_pending_ = false;
        }
    }
    const bool time_this = !timer_pending_;
    if (time_this) glBeginQuery(GL_TIME_ELAPSED, timer_query_);

    program_->bind();
    const QPointF s = transform_.ndcScale(), o = transform_.ndcOffset();
    program_->setUniformValue("u_scale", float(s.x()), float(s.y()));
    program_->setUniformValue("u_offset", float(o.x()), float(o.y()));
    program_->setUniformValue("u_viewport", float(fw), float(fh));

    program_->setUniformValue("u_size_px", float(point_px_ * dpr));
    program_->setUniformValue("u_outline_px", 0.0f);
    set_colour(*program_, "u_fill", theme::point());
    set_colour(*program_, "u_outline", theme::point());
    glBindVertexArray(points_vao_);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, GLsizei(points_uploaded_));

    if (!highlight_positions_.empty()) {
        program_->setUniformValue("u_size_px", float(highlight_px_ * dpr));
        program_->setUniformValue("u_outline_px", float(2.0 * dpr));
        set_colour(*program_, "u_fill", theme::highlight());
        set_colour(*program_, "u_outline", theme::highlightOutline());
        glBindVertexArray(highlight_vao_);
        glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, GLsizei(highlight_positions_.size()));
    }
    glBindVertexArray(0);
    program_->release();
    if (time_this) {
        glEndQuery(GL_TIME_ELAPSED);
        timer_pending_ = true;
    }
}

// Text, labels, ticks and the hover ring, drawn with the raster engine (true anti-aliasing and
// stroked halos) into an image the GL painter then composes over the points.
void ScatterView::renderAnnotations() {
    const qreal dpr = devicePixelRatioF();
    const QSize px(int(std::lround(width() * dpr)), int(std::lround(height() * dpr)));
    if (annotations_.size() != px) annotations_ = QImage(px, QImage::Format_ARGB32_Premultiplied);
    annotations_.setDevicePixelRatio(dpr);
    annotations_.fill(Qt::transparent);
    QPainter p(&annotations_);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);

    QFont small = font();
    small.setPixelSize(12);
    QFont title = font();
    title.setPixelSize(14);
    QFont label = font();
    label.setPixelSize(17);
    label.setBold(true);

    if (!gl_ok_) {
        p.setPen(theme::label());
        p.setFont(title);
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("This view needs OpenGL 3.3 or newer; the system offers %1.").arg(gl_version_));
        return;
    }
    const Session::State state = session_->state();
    if (state != Session::State::Ready) {
        p.setPen(theme::axisText());
        p.setFont(title);
        if (state == Session::State::Loading || state == Session::State::Empty)
            p.drawText(rect(), Qt::AlignCenter, tr("Loading the word vectors…"));
        return;
    }

    // Tick values along the bottom and left edges.
    const double step = nice_step(110.0 / transform_.pixelsPerUnit());
    const QPointF d0 = transform_.toData(QPointF(0, height())), d1 = transform_.toData(QPointF(width(), 0));
    p.setFont(small);
    p.setPen(theme::axisText());
    for (double x = std::ceil(d0.x() / step) * step; x <= d1.x(); x += step) {
        const double sx = transform_.toScreen(QPointF(x, 0)).x();
        p.drawText(QRectF(sx + 3, height() - 18, 80, 16), Qt::AlignLeft | Qt::AlignVCenter, tick_text(x, step));
    }
    for (double y = std::ceil(d0.y() / step) * step; y <= d1.y(); y += step) {
        const double sy = transform_.toScreen(QPointF(0, y)).y();
        p.drawText(QRectF(4, sy - 17, 80, 16), Qt::AlignLeft | Qt::AlignVCenter, tick_text(y, step));
    }

    // Text with a halo: legible over the densest part of the cloud.
    auto halo_text = [&](const QPointF& baseline, const QString& text, const QFont& f, const QColor& colour) {
        QPainterPath path;
        path.addText(baseline, f, text);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(theme::halo(), 6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPath(path);
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        p.drawPath(path);
    };

    // Axis titles and the legend.
    const auto& ratio = session_->pca().explained_variance_ratio;
    const QString pc1 = tr("PC1 · %1 of the variance").arg(ratio.size() > 0 ? percent(ratio[0]) : QString());
    const QString pc2 = tr("PC2 · %1 of the variance").arg(ratio.size() > 1 ? percent(ratio[1]) : QString());
    const QFontMetricsF tm(title);
    halo_text(QPointF((width() - tm.horizontalAdvance(pc1)) / 2, height() - 28), pc1, title, theme::axisText());
    p.save();
    p.translate(30, (height() + tm.horizontalAdvance(pc2)) / 2);
    p.rotate(-90);
    halo_text(QPointF(0, 0), pc2, title, theme::axisText());
    p.restore();

    const QLocale locale;
    p.setFont(small);
    const double lx = 44, ly = 16;
    p.setPen(Qt::NoPen);
    p.setBrush(theme::point());
    p.drawEllipse(QPointF(lx, ly + 8), 4, 4);
    p.setPen(theme::axisText());
    const QString words = tr("the %1 most frequent words").arg(locale.toString(qulonglong(points_uploaded_)));
    p.drawText(QRectF(lx + 10, ly, 400, 16), Qt::AlignLeft | Qt::AlignVCenter, words);
    const double lx2 = lx + 20 + QFontMetricsF(small).horizontalAdvance(words) + 16;
    p.setPen(QPen(theme::highlightOutline(), 1.5));
    p.setBrush(theme::highlight());
    p.drawEllipse(QPointF(lx2, ly + 8), 6, 6);
    p.setPen(theme::axisText());
    p.drawText(QRectF(lx2 + 12, ly, 300, 16), Qt::AlignLeft | Qt::AlignVCenter, tr("the words of the text"));

    // Labels for the text's words, placed clear of each other.
    const QRectF bounds = QRectF(rect()).adjusted(2, 2, -2, -2);
    const QFontMetricsF lm(label);
    if (show_labels_) {
        const auto& hl = session_->highlights();
        std::vector<LabelRequest> requests;
        std::vector<size_t> which;
        for (size_t i = 0; i < hl.size(); ++i) {
            const QPointF a = transform_.toScreen(hl[i].position);
            if (!bounds.contains(a)) continue;
            requests.push_back({a, QSizeF(lm.horizontalAdvance(hl[i].word) + 4, lm.height()), highlight_px_ / 2});
            which.push_back(i);
        }
        const auto placed = layout_labels(requests, bounds);
        for (size_t k = 0; k < placed.size(); ++k) {
            const QRectF r = placed[k].rect;
            if (placed[k].leader) {
                const QPointF a = requests[k].anchor;
                const QPointF target(std::clamp(a.x(), r.left(), r.right()), std::clamp(a.y(), r.top(), r.bottom()));
                p.setPen(QPen(theme::highlight().darker(115), 1.3));
                p.drawLine(a, target);
            }
            halo_text(QPointF(r.left() + 2, r.top() + lm.ascent()), hl[which[k]].word, label, theme::label());
        }
    }

    if (hovered_) {
        const QPointF a = screenPosition(*hovered_);
        p.setPen(QPen(theme::hover(), 2));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(a, 8, 8);
        const bool labelled = show_labels_ && std::find(highlighted_rows_.begin(), highlighted_rows_.end(), *hovered_) !=
                                                  highlighted_rows_.end();
        if (!labelled) {
            QFont hf = label;
            hf.setBold(false);
            halo_text(a + QPointF(11, -9), session_->word(*hovered_), hf, theme::hover());
        }
    }
}

void ScatterView::drawHud(double frame_ms) {
    const QLocale locale;
    ImGui::SetNextWindowPos(ImVec2(float(width()) - 12.0f, 12.0f), ImGuiCond_Always, ImVec2(1.0f, 0.0f));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoFocusOnAppearing;
    if (ImGui::Begin("View", nullptr, flags)) {
        ImGui::Text("points       %s", qPrintable(locale.toString(qulonglong(points_uploaded_))));
        ImGui::Text("highlighted  %zu", highlight_positions_.size());
        if (gpu_ms_ >= 0)
            ImGui::Text("frame        %.2f ms  (GPU %.2f ms)", frame_ms, gpu_ms_);
        else
            ImGui::Text("frame        %.2f ms", frame_ms);
        ImGui::TextDisabled("%s", qPrintable(gl_version_));
        ImGui::TextDisabled("%s", qPrintable(gl_renderer_));
        ImGui::Separator();
        ImGui::PushItemWidth(140);
        if (ImGui::SliderFloat("point size", &point_px_, 1.5f, 12.0f, "%.1f px")) update();
        ImGui::PopItemWidth();
        if (ImGui::Checkbox("labels", &show_labels_)) update();
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        labels_toggle_rect_ = QRectF(QPointF(a.x, a.y), QPointF(b.x, b.y));
        ImGui::SameLine();
        if (ImGui::Button("fit")) {
            user_moved_ = false;
            fitToData();
        }
    }
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    hud_rect_ = QRectF(pos.x, pos.y, size.x, size.y);
    hud_active_ = ImGui::IsAnyItemActive();
    ImGui::End();
}

// --- input -------------------------------------------------------------------------------

bool ScatterView::event(QEvent* e) {
    if (e->type() == QEvent::FocusIn || e->type() == QEvent::FocusOut || e->type() == QEvent::KeyRelease) imgui_.feed(e);
    return QOpenGLWidget::event(e);
}

void ScatterView::setHovered(std::optional<uint32_t> row, QPoint global_pos) {
    if (row == hovered_) return;
    hovered_ = row;
    const QString word = row ? session_->word(*row) : QString();
    if (row && !global_pos.isNull())
        QToolTip::showText(global_pos, tr("%1 — row %2").arg(word).arg(*row), this);
    else
        QToolTip::hideText();
    update();
}

void ScatterView::mousePressEvent(QMouseEvent* e) {
    imgui_.feed(e);
    update();
    if (overlayHas(e->position())) return;
    if (e->button() == Qt::LeftButton) {
        dragging_ = true;
        last_mouse_ = e->position();
        setCursor(Qt::ClosedHandCursor);
    }
}

void ScatterView::mouseMoveEvent(QMouseEvent* e) {
    imgui_.feed(e);
    update();
    if (dragging_) {
        transform_.pan(e->position() - last_mouse_);
        last_mouse_ = e->position();
        user_moved_ = true;
        return;
    }
    setHovered(overlayHas(e->position()) ? std::nullopt : pickAt(e->position()), e->globalPosition().toPoint());
}

void ScatterView::mouseReleaseEvent(QMouseEvent* e) {
    imgui_.feed(e);
    update();
    if (e->button() == Qt::LeftButton && dragging_) {
        dragging_ = false;
        unsetCursor();
    }
}

void ScatterView::mouseDoubleClickEvent(QMouseEvent* e) {
    imgui_.feed(e);
    if (overlayHas(e->position())) return update();
    user_moved_ = false;
    fitToData();
}

void ScatterView::wheelEvent(QWheelEvent* e) {
    imgui_.feed(e);
    if (overlayHas(e->position())) return update();
    transform_.zoomAt(e->position(), std::pow(1.0015, e->angleDelta().y()));
    user_moved_ = true;
    setHovered(pickAt(e->position()), e->globalPosition().toPoint());
    update();
}

void ScatterView::keyPressEvent(QKeyEvent* e) {
    if (imgui_.feed(e)) return update();
    if (e->key() == Qt::Key_F || e->key() == Qt::Key_Home) {
        user_moved_ = false;
        fitToData();
        return;
    }
    QOpenGLWidget::keyPressEvent(e);
}

void ScatterView::leaveEvent(QEvent* e) {
    imgui_.feed(e);
    setHovered(std::nullopt, {});
    QOpenGLWidget::leaveEvent(e);
}

} // namespace es::ui
