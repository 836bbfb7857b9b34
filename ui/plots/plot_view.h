// The frame the positions, RoPE and attention views share: a row of controls over a canvas the
// view paints with QPainter (the same code paints the PNG export at any size), "PNG…" and
// "CSV…" buttons, and the view's document (ViewsDocument).
#pragma once
#include <QImage>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <vector>

class QHBoxLayout;
class QPainter;
class QStackedLayout;

namespace es::ui {

class Session;
class ViewsDocument;

class PlotView : public QWidget {
    Q_OBJECT
public:
    PlotView(Session* session, QWidget* parent);
    ViewsDocument* document() const { return doc_; }

    // True once the canvas (or the GL heatmap) painted real data on screen.
    bool drewContent() const { return drew_; }
    // The view as it is now, painted at `size` (for PNG export and --screenshot).
    QImage renderImage(QSize size);
    bool exportPng(const QString& path, QSize size, QString* error);

    struct CsvTable {
        QString name;  // file name stem
        QStringList header;
        std::vector<std::vector<QString>> rows;
    };
    // Every plotted series of the current picture.
    virtual std::vector<CsvTable> csvTables() const = 0;
    // Writes each table as DIR/<name>.csv; returns the paths written.
    QStringList exportCsv(const QString& dir, QString* error);
    // The QPainter canvas (the attention view's heatmap modes show a GL widget instead).
    QWidget* canvas() const { return canvas_; }

signals:
    void contentDrawn();

protected:
    // Paints the picture into `area`; returns whether it drew data (not only a message).
    virtual bool paintContent(QPainter& p, const QRectF& area) = 0;
    QHBoxLayout* controls() const { return controls_; }
    QStackedLayout* stack() const { return stack_; }
    void noteDrawn(bool drew);
    // The message painted while there is no data (loading, an error).
    bool paintMessage(QPainter& p, const QRectF& area, const QString& text);
    // True while paintContent paints the on-screen canvas (not an export): hit areas are kept then.
    bool paintingCanvas() const { return painting_canvas_; }
    // Pointer events on the canvas, in canvas coordinates.
    virtual void canvasMouseMove(QPointF) {}
    virtual void canvasMousePress(QPointF) {}
    virtual void canvasLeave() {}

private:
    class Canvas;
    ViewsDocument* doc_ = nullptr;
    QHBoxLayout* controls_ = nullptr;
    QStackedLayout* stack_ = nullptr;
    QWidget* canvas_ = nullptr;
    bool drew_ = false;
    bool painting_canvas_ = false;
};

} // namespace es::ui
