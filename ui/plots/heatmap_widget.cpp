#include "plots/heatmap_widget.h"

#include "plots/views_plot.h"
#include "style/colour_maps.h"
#include "style/theme.h"

#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLShaderProgram>
#include <QPainter>

namespace es::ui {

HeatmapWidget::HeatmapWidget(QWidget* parent) : QOpenGLWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(320, 240);
}

HeatmapWidget::~HeatmapWidget() {
    // QOpenGLWidget's destructor destroys the context after this one has run: the slot below
    // must not be called on a half-destroyed HeatmapWidget (UBSan caught it).
    if (context()) disconnect(context(), &QOpenGLContext::aboutToBeDestroyed, this, nullptr);
    makeCurrent();
    releaseGl();
    doneCurrent();
}

void HeatmapWidget::releaseGl() {
    if (!program_) return;
    glDeleteTextures(1, &texture_);
    glDeleteTextures(1, &overlay_texture_);
    glDeleteVertexArrays(1, &vao_);
    texture_ = overlay_texture_ = vao_ = 0;
    program_.reset();
    overlay_program_.reset();
}

void HeatmapWidget::setMatrix(std::vector<float> values, int rows, int cols, float lo, float hi, QStringList rowLabels,
                              QStringList colLabels, QString title, QString subtitle) {
    if (rows != rows_ || cols != cols_) labels_dirty_ = true;
    values_ = std::move(values);
    rows_ = rows;
    cols_ = cols;
    if (rowLabels != row_labels_ || colLabels != col_labels_ || lo != lo_ || hi != hi_) labels_dirty_ = true;
    if (title != title_ || subtitle != subtitle_) frame_dirty_ = true;
    lo_ = lo;
    hi_ = hi;
    row_labels_ = std::move(rowLabels);
    col_labels_ = std::move(colLabels);
    title_ = std::move(title);
    subtitle_ = std::move(subtitle);
    dirty_ = true;
    update();
}

void HeatmapWidget::initializeGL() {
    initializeOpenGLFunctions();
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, [this] {
        makeCurrent();
        releaseGl();
        doneCurrent();
    });
    program_ = std::make_unique<QOpenGLShaderProgram>();
    program_->addShaderFromSourceFile(QOpenGLShader::Vertex, QStringLiteral(":/shaders/heatmap.vert"));
    program_->addShaderFromSourceFile(QOpenGLShader::Fragment, QStringLiteral(":/shaders/heatmap.frag"));
    if (!program_->link()) qWarning("heatmap shaders: %s", qPrintable(program_->log()));
    overlay_program_ = std::make_unique<QOpenGLShaderProgram>();
    overlay_program_->addShaderFromSourceFile(QOpenGLShader::Vertex, QStringLiteral(":/shaders/heatmap.vert"));
    overlay_program_->addShaderFromSourceFile(QOpenGLShader::Fragment, QStringLiteral(":/shaders/overlay.frag"));
    if (!overlay_program_->link()) qWarning("heatmap overlay shaders: %s", qPrintable(overlay_program_->log()));
    glGenVertexArrays(1, &vao_);
    glGenTextures(1, &overlay_texture_);
    glBindTexture(GL_TEXTURE_2D, overlay_texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glGenTextures(1, &texture_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    dirty_ = true;
    overlay_texture_holds_ = OverlayTexture::Stale;
}

QRectF HeatmapWidget::area() const {
    const QFontMetricsF t(plot::titleFont()), l(plot::labelFont());
    return QRectF(rect()).adjusted(8, t.height() + l.height() + 12, -8, -6);
}

QRectF HeatmapWidget::cells() const {
    return plot::matrixCells(area(), rows_, cols_, row_labels_, col_labels_, QString::number(lo_, 'g', 3),
                             QString::number(hi_, 'g', 3));
}

void HeatmapWidget::paintGL() {
    const QColor bg = theme::background();
    glClearColor(bg.redF(), bg.greenF(), bg.blueF(), 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    const bool has = rows_ > 0 && cols_ > 0 && values_.size() == size_t(rows_) * size_t(cols_);
    const QRectF c = cells();
    const qreal dpr = devicePixelRatioF();
    if (has && program_ && program_->isLinked()) {
        glBindTexture(GL_TEXTURE_2D, texture_);
        if (dirty_) {
            glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
            glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, cols_, rows_, 0, GL_RED, GL_FLOAT, values_.data());
            dirty_ = false;
        }
        const int fbh = int(height() * dpr);
        glViewport(int(c.left() * dpr), fbh - int(c.bottom() * dpr), int(c.width() * dpr), int(c.height() * dpr));
        program_->bind();
        program_->setUniformValue("cells", 0);
        program_->setUniformValue("range", QVector2D(lo_, hi_));
        QVector3D stops[9];
        const auto viridis = colour_maps::viridisStops();
        for (size_t i = 0; i < viridis.size(); ++i) stops[i] = QVector3D(viridis[i].r, viridis[i].g, viridis[i].b);
        program_->setUniformValueArray("stops", stops, 9);
        const QColor m = theme::grid(), md = theme::grid().darker(118);
        program_->setUniformValue("masked", QVector3D(m.redF(), m.greenF(), m.blueF()));
        program_->setUniformValue("maskedDark", QVector3D(md.redF(), md.greenF(), md.blueF()));
        glActiveTexture(GL_TEXTURE0);
        glBindVertexArray(vao_);
        glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
        glBindVertexArray(0);
        program_->release();
        glViewport(0, 0, int(width() * dpr), fbh);
    }
    const QSize px = QSize(width(), height()) * dpr;
    if (labels_dirty_ || labels_image_.size() != px || labels_image_.devicePixelRatio() != dpr || frame_background_ != bg.rgba() ||
        labels_text_scale_ != plot::textScale()) {
        labels_text_scale_ = plot::textScale();
        paintLabelsImage();
    }
    if (frame_dirty_) {
        paintFrameImage();
        overlay_texture_holds_ = OverlayTexture::Stale;
    }
    if (has && hover_row_ >= 0 && hover_col_ >= 0) {
        QImage overlay = frame_image_.copy();
        overlay.setDevicePixelRatio(dpr);
        QPainter p(&overlay);
        paintHover(p);
        p.end();
        uploadOverlay(overlay);
        overlay_texture_holds_ = OverlayTexture::FrameAndHover;
    } else if (overlay_texture_holds_ != OverlayTexture::Frame) {
        uploadOverlay(frame_image_);
        overlay_texture_holds_ = OverlayTexture::Frame;
    }
    drawOverlay();
    if (!has) return;
    if (!drew_) {
        drew_ = true;
        emit drawn();
    }
}

void HeatmapWidget::paintLabelsImage() {
    const qreal dpr = devicePixelRatioF();
    const bool has = rows_ > 0 && cols_ > 0 && values_.size() == size_t(rows_) * size_t(cols_);
    labels_image_ = QImage(QSize(width(), height()) * dpr, QImage::Format_RGBA8888_Premultiplied);
    labels_image_.setDevicePixelRatio(dpr);
    labels_image_.fill(Qt::transparent);
    QPainter p(&labels_image_);
    p.setRenderHint(QPainter::Antialiasing);
    if (!has) {
        p.setPen(theme::axisText());
        p.drawText(rect(), Qt::AlignCenter, tr("No attention to show"));
    } else {
        plot::drawMatrixFrame(p, area(), rows_, cols_, row_labels_, col_labels_, QString::number(lo_, 'g', 3),
                              QString::number(hi_, 'g', 3), false);
    }
    labels_dirty_ = false;
    frame_dirty_ = true;
    frame_background_ = theme::background().rgba();
}

void HeatmapWidget::paintFrameImage() {
    frame_image_ = labels_image_.copy();
    frame_image_.setDevicePixelRatio(labels_image_.devicePixelRatio());
    QPainter p(&frame_image_);
    p.setRenderHint(QPainter::Antialiasing);
    plot::drawTitle(p, QRectF(rect()).adjusted(8, 4, -8, 0), title_, subtitle_);
    frame_dirty_ = false;
}

void HeatmapWidget::paintHover(QPainter& p) {
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF c = cells();
    const double cw = c.width() / cols_, ch = c.height() / rows_;
    p.setPen(QPen(theme::highlight(), 2));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(c.left(), c.top() + hover_row_ * ch, c.width(), ch));
    p.drawRect(QRectF(c.left() + hover_col_ * cw, c.top(), cw, c.height()));
    const float v = values_[size_t(hover_row_) * size_t(cols_) + size_t(hover_col_)];
    const QString text = v < -0.5f ? tr("“%1” cannot see “%2” (causal mask)").arg(row_labels_.value(hover_row_), col_labels_.value(hover_col_))
                                   : tr("“%1” → “%2”: %3").arg(row_labels_.value(hover_row_), col_labels_.value(hover_col_)).arg(v, 0, 'f', 4);
    p.setFont(plot::titleFont());
    const QFontMetricsF fm(p.font());
    const QRectF box(width() - fm.horizontalAdvance(text) - 24, 4, fm.horizontalAdvance(text) + 16, fm.height() + 6);
    QColor b = theme::background();
    b.setAlpha(235);
    p.setBrush(b);
    p.setPen(QPen(theme::highlight(), 1.5));
    p.drawRoundedRect(box, 4, 4);
    p.setPen(theme::label());
    p.drawText(box, Qt::AlignCenter, text);
}

// Labels and the colour bar are painted with QPainter into an image drawn as one texture: the
// same pixels in every GL context (QPainter straight onto a core-profile widget is not).
void HeatmapWidget::uploadOverlay(const QImage& overlay) {
    glBindTexture(GL_TEXTURE_2D, overlay_texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, overlay.width(), overlay.height(), 0, GL_RGBA, GL_UNSIGNED_BYTE, overlay.constBits());
}

void HeatmapWidget::drawOverlay() {
    if (!overlay_program_ || !overlay_program_->isLinked()) return;
    glBindTexture(GL_TEXTURE_2D, overlay_texture_);
    glViewport(0, 0, int(width() * devicePixelRatioF()), int(height() * devicePixelRatioF()));
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    overlay_program_->bind();
    overlay_program_->setUniformValue("image", 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(vao_);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindVertexArray(0);
    overlay_program_->release();
    glDisable(GL_BLEND);
}

void HeatmapWidget::mouseMoveEvent(QMouseEvent* e) {
    const QRectF c = cells();
    int r = -1, col = -1;
    if (rows_ > 0 && cols_ > 0 && c.contains(e->position())) {
        r = std::clamp(int((e->position().y() - c.top()) / c.height() * rows_), 0, rows_ - 1);
        col = std::clamp(int((e->position().x() - c.left()) / c.width() * cols_), 0, cols_ - 1);
    }
    if (r != hover_row_ || col != hover_col_) {
        hover_row_ = r;
        hover_col_ = col;
        update();
    }
}

void HeatmapWidget::leaveEvent(QEvent*) {
    hover_row_ = hover_col_ = -1;
    update();
}

} // namespace es::ui
