// Drawing shared by the positions, RoPE and attention views: colour maps, matrices drawn as
// images (one pixel per cell, scaled without smoothing), line plots with axes and legends, and
// CSV export. Everything paints through a QPainter, so a view draws the same on screen and
// into a PNG of any size.
#pragma once
#include <QColor>
#include <QImage>
#include <QPainter>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace es::ui::plot {

// Okabe–Ito, colour-blind safe, lightened or darkened for the theme's mode.
QColor series(int i);
QColor sequential(double t);  // 0..1, viridis (perceptually uniform, colour-blind safe)
QColor diverging(double t);   // −1..1, blue – paper – vermillion

// rows × cols values; colour from [lo, hi] (sequential) or [−m, m] with m = max(|lo|, |hi|)
// (diverging). Masked cells (mask[i] true) take the theme's grid colour.
QImage matrixImage(const float* values, int rows, int cols, double lo, double hi, bool diverging,
                   const std::vector<bool>* mask = nullptr);

// Every plot's text is scaled by this (presentation mode enlarges it for a projector); the views
// read it each time they lay out text, so a change shows at their next paint.
void setTextScale(double scale);
double textScale();
QFont titleFont();
QFont labelFont();
// Draws `title` at the top of `area`; returns what is left below it.
QRectF drawTitle(QPainter& p, const QRectF& area, const QString& title, const QString& subtitle = {});

struct Series {
    QString name;
    std::vector<QPointF> points;
    QColor colour;
    Qt::PenStyle style = Qt::SolidLine;
    bool markers = false;  // dots instead of a line
    double width = 2.0;
};

struct Axes {
    QString xLabel, yLabel;
    bool logY = false;
    bool padX = false;  // room left and right of the data (scatter-like plots with labels)
    std::optional<double> xMin, xMax, yMin, yMax;
    std::vector<std::pair<double, QString>> hLines;  // horizontal reference lines (value, label)
    std::vector<std::pair<double, QString>> vLines;
};

// Axes, ticks, grid, the series clipped to the plot, a legend; returns the plot's rectangle and
// (through `map`) how data maps to it, for overlays.
struct Mapping {
    QRectF plot;
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    bool logY = false;
    QPointF operator()(QPointF d) const;
};
Mapping drawLinePlot(QPainter& p, const QRectF& area, const Axes& axes, const std::vector<Series>& series);

// Where a legend of `size` goes inside `plot`: the corner (4 px in) that hides the least of the
// series, drawn as polylines in pixels; on a tie top right, top left, bottom right, bottom left.
QRectF legendRect(const QRectF& plot, const QSizeF& size, const std::vector<std::vector<QPointF>>& lines);

// Where the cells of a rows × cols matrix go in `area`, leaving room for labels and the colour
// bar — the layout drawMatrix uses (the GL heatmap draws its cells there).
QRectF matrixCells(const QRectF& area, int rows, int cols, const QStringList& rowLabels, const QStringList& colLabels,
                   const QString& barLo, const QString& barHi, bool square = true);
// Everything of a matrix but its cells: border, labels, colour bar.
QRectF drawMatrixFrame(QPainter& p, const QRectF& area, int rows, int cols, const QStringList& rowLabels,
                       const QStringList& colLabels, const QString& barLo, const QString& barHi, bool diverging,
                       bool square = true);
// A matrix image in `area` with row/column labels (drawn where there is room) and a colour bar;
// square cells, or cells stretched to fill the area.
// Returns the rectangle the cells occupy.
QRectF drawMatrix(QPainter& p, const QRectF& area, const QImage& image, const QStringList& rowLabels,
                  const QStringList& colLabels, const QString& barLo, const QString& barHi, bool diverging,
                  bool square = true);

// Writes a CSV (header + rows) through QSaveFile; false with `error` set when it cannot.
bool writeCsv(const QString& path, const QStringList& header, const std::vector<std::vector<QString>>& rows,
              QString* error);
QString number(double v);  // shortest round-trip text for CSV

} // namespace es::ui::plot
