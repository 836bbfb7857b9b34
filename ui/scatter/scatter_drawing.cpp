// ScatterView's drawing: the frame, the vocabulary's points (GL points, or the CPU rasteriser's
// image), the grid, the cached 2-D point layer and the offscreen export.
// [SECTION] the frame: paper, grid, points
// [SECTION] the cached point layer
// [SECTION] points on the CPU
// [SECTION] offscreen rendering
#include "scatter/scatter_view.h"

#include "document/session.h"
#include "style/colour_maps.h"
#include "style/theme.h"

#include <imgui.h>

#include <glm/gtc/type_ptr.hpp>

#include <QOpenGLFramebufferObject>
#include <QOpenGLPaintDevice>
#include <QOpenGLShaderProgram>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace es::ui {
namespace {

constexpr float kRankBoost = 0.8f;     // the most frequent words drawn 1.8× larger than the rarest
constexpr float kSelectionPx = 9.0f;
constexpr float kSearchPx = 8.0f;
constexpr int kLayerMarginPx = 160;    // the cached point layer reaches this far past each edge

void set_colour(QOpenGLShaderProgram& p, const char* name, const QColor& c) {
    p.setUniformValue(name, float(c.redF()), float(c.greenF()), float(c.blueF()), float(c.alphaF()));
}

} // namespace

// =========================================================================================
// [SECTION] the frame: paper, grid, points
// =========================================================================================

void ScatterView::paintGL() {
    QElapsedTimer clock;
    clock.start();
    if (animating_) stepAnimation();
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

double ScatterView::gridStep(double pixels_per_unit) {
    const double raw = 110.0 / pixels_per_unit;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * mag >= raw) return m * mag;
    return 10 * mag;
}

std::vector<double> ScatterView::gridLines(double lo, double hi, double step) {
    // Whole multiples of the step, counted with an int: x += step (or k += 1) stands still once x
    // is far larger than the step (a camera at 1e18); a view never shows more than a few dozen.
    std::vector<double> out;
    if (!(step > 0) || !std::isfinite(lo) || !std::isfinite(hi)) return out;
    const double first = std::ceil(lo / step), last = std::floor(hi / step);
    if (!(last - first < 400)) return out;
    for (int i = 0, n = int(last - first); i <= n; ++i) out.push_back((first + i) * step);  // an int counts where k += 1 cannot
    return out;
}

void ScatterView::drawGrid(QPainter& p, const Frame& f) {
    // The data rectangle the frame shows (the 2-D camera is a centre and a scale).
    const double ppu = transform_.pixelsPerUnit();
    const double step = gridStep(ppu);
    const QPointF c = transform_.centre();
    const QPointF d0(c.x() - f.size.width() / 2 / ppu, c.y() - f.size.height() / 2 / ppu);
    const QPointF d1(c.x() + f.size.width() / 2 / ppu, c.y() + f.size.height() / 2 / ppu);
    // Lines as rectangles on whole device pixels: the raster (CPU path) and GL paint engines place them alike.
    p.setRenderHint(QPainter::Antialiasing, false);
    const double line = std::max(1.0, std::round(f.dpr)) / f.dpr;
    for (double x : gridLines(d0.x(), d1.x(), step)) {
        QPointF s;
        project(f, QVector3D(float(x), 0, 0), s);
        p.fillRect(QRectF(std::round(s.x() * f.dpr) / f.dpr, 0, line, f.size.height()), std::abs(x) < step * 1e-6 ? theme::axis() : theme::grid());
    }
    for (double y : gridLines(d0.y(), d1.y(), step)) {
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
        const auto stops = colour_maps::rankRampStops();
        for (size_t i = 0; i < stops.size(); ++i) ramp[i] = QVector3D(stops[i].r, stops[i].g, stops[i].b);
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

// =========================================================================================
// [SECTION] the cached point layer
// =========================================================================================

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

// =========================================================================================
// [SECTION] points on the CPU
// =========================================================================================

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

} // namespace es::ui
