#include "plots/plot_view.h"

#include "document/views_document.h"
#include "plots/views_plot.h"
#include "style/theme.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QStackedLayout>
#include <QVBoxLayout>

namespace es::ui {

class PlotView::Canvas : public QWidget {
public:
    explicit Canvas(PlotView* owner) : QWidget(owner), owner_(owner) {
        setMinimumSize(320, 240);
        setMouseTracking(true);
    }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        p.fillRect(rect(), theme::background());
        p.setRenderHint(QPainter::Antialiasing);
        owner_->painting_canvas_ = true;
        const bool drew = owner_->paintContent(p, QRectF(rect()));
        owner_->painting_canvas_ = false;
        owner_->noteDrawn(drew);
    }
    void mouseMoveEvent(QMouseEvent* e) override { owner_->canvasMouseMove(e->position()); }
    void mousePressEvent(QMouseEvent* e) override { owner_->canvasMousePress(e->position()); }
    void leaveEvent(QEvent*) override { owner_->canvasLeave(); }

private:
    PlotView* owner_;
};

PlotView::PlotView(Session* session, QWidget* parent) : QWidget(parent), doc_(ViewsDocument::of(session)) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(6, 6, 6, 6);
    outer->setSpacing(4);
    controls_ = new QHBoxLayout;
    controls_->setSpacing(8);
    outer->addLayout(controls_);
    stack_ = new QStackedLayout;
    canvas_ = new Canvas(this);
    stack_->addWidget(canvas_);
    outer->addLayout(stack_, 1);
    auto* png = new QPushButton(tr("PNG…"), this);
    auto* csv = new QPushButton(tr("CSV…"), this);
    png->setToolTip(tr("Save this picture as a PNG image"));
    csv->setToolTip(tr("Save every plotted series as CSV files in a folder"));
    controls_->addStretch(1);
    controls_->addWidget(png);
    controls_->addWidget(csv);
    connect(png, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export PNG"), QString(), tr("PNG image (*.png)"));
        if (path.isEmpty()) return;
        QString error;
        if (!exportPng(path, size() * 2, &error)) QMessageBox::warning(this, tr("Export PNG"), error);
    });
    connect(csv, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export CSV into folder"));
        if (dir.isEmpty()) return;
        QString error;
        if (exportCsv(dir, &error).isEmpty() && !error.isEmpty()) QMessageBox::warning(this, tr("Export CSV"), error);
    });
    connect(doc_, &ViewsDocument::dataChanged, canvas_, qOverload<>(&QWidget::update));
    connect(doc_, &ViewsDocument::contextChanged, canvas_, qOverload<>(&QWidget::update));
}

void PlotView::noteDrawn(bool drew) {
    if (drew && !drew_) {
        drew_ = true;
        emit contentDrawn();
    }
}

bool PlotView::paintMessage(QPainter& p, const QRectF& area, const QString& text) {
    p.save();
    p.setPen(theme::axisText());
    p.setFont(plot::titleFont());
    p.drawText(area.adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, text);
    p.restore();
    return false;
}

QImage PlotView::renderImage(QSize size) {
    QImage img(size, QImage::Format_ARGB32_Premultiplied);
    img.fill(theme::background());
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    paintContent(p, QRectF(QPointF(0, 0), QSizeF(size)));
    p.end();
    return img;
}

bool PlotView::exportPng(const QString& path, QSize size, QString* error) {
    const QImage img = renderImage(size);
    if (!img.save(path, "PNG")) {
        if (error) *error = path + tr(": cannot write the PNG file");
        return false;
    }
    return true;
}

QStringList PlotView::exportCsv(const QString& dir, QString* error) {
    QStringList written;
    for (const CsvTable& t : csvTables()) {
        const QString path = QDir(dir).filePath(t.name + QStringLiteral(".csv"));
        if (!plot::writeCsv(path, t.header, t.rows, error)) return {};
        written << path;
    }
    if (written.isEmpty() && error) *error = tr("nothing plotted yet");
    return written;
}

} // namespace es::ui
