// [SECTION] colours and matrix images
// [SECTION] fonts and titles
// [SECTION] line plots
// [SECTION] matrices
// [SECTION] CSV export
#include "plots/views_plot.h"

#include "style/colour_maps.h"
#include "style/theme.h"

#include <QPainterPath>
#include <QSaveFile>

#include <algorithm>
#include <array>
#include <cmath>

namespace es::ui::plot {

// =========================================================================================
// [SECTION] colours and matrix images
// =========================================================================================

namespace {

QColor mix(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t), float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

// "Nice" tick step for a range: 1, 2 or 5 × 10^k.
double tick_step(double span, int target) {
    const double raw = span / std::max(target, 1);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * mag) return m * mag;
    return 10 * mag;
}

QString tick_text(double v) {
    if (v != 0 && (std::fabs(v) >= 1e5 || std::fabs(v) < 1e-3)) return QString::number(v, 'g', 2);
    return QString::number(v, 'g', 4);
}

} // namespace

QColor series(int i) {
    // Okabe & Ito (2008): orange, sky blue, bluish green, vermillion, blue, reddish purple, yellow, grey.
    static const std::array<QRgb, 8> light = {0xffd17a00, 0xff3d9ad1, 0xff009e73, 0xffd55e00,
                                              0xff0072b2, 0xffcc79a7, 0xffb8a000, 0xff6b7480};
    static const std::array<QRgb, 8> dark = {0xffe69f00, 0xff56b4e9, 0xff2cc197, 0xffff7f2a,
                                             0xff4aa3e0, 0xffe39bc3, 0xfff0e442, 0xffaab2bf};
    const auto& t = theme::dark() ? dark : light;
    return QColor::fromRgba(t[size_t(((i % 8) + 8) % 8)]);
}

QColor sequential(double t) { return colour_maps::viridis(t); }

QColor diverging(double t) {
    if (!std::isfinite(t)) t = 0;
    const QColor paper = theme::dark() ? QColor(0x2a, 0x2e, 0x35) : QColor(0xf7, 0xf7, 0xf7);
    return t < 0 ? mix(paper, QColor(0x00, 0x72, 0xb2), -t) : mix(paper, QColor(0xd5, 0x5e, 0x00), t);
}

QImage matrixImage(const float* v, int rows, int cols, double lo, double hi, bool div, const std::vector<bool>* mask) {
    QImage img(std::max(cols, 1), std::max(rows, 1), QImage::Format_RGB32);
    img.fill(theme::grid());
    const double m = std::max(std::fabs(lo), std::fabs(hi));
    const double span = hi > lo ? hi - lo : 1.0;
    const QColor masked = theme::grid();
    for (int r = 0; r < rows; ++r) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(r));
        for (int c = 0; c < cols; ++c) {
            const size_t i = size_t(r) * size_t(cols) + size_t(c);
            if (mask && (*mask)[i]) {
                // Hatched: a masked cell reads as "not allowed", not as a small value.
                line[c] = ((r + c) % 2 == 0 ? masked : masked.darker(112)).rgb();
                continue;
            }
            line[c] = (div ? diverging(m > 0 ? v[i] / m : 0.0) : sequential((v[i] - lo) / span)).rgb();
        }
    }
    return img;
}

// =========================================================================================
// [SECTION] fonts and titles
// =========================================================================================

namespace {
double text_scale = 1.0;
}

void setTextScale(double scale) { text_scale = std::clamp(scale, 0.5, 4.0); }
double textScale() { return text_scale; }

QFont titleFont() {
    QFont f;
    f.setPointSizeF(13 * text_scale);
    f.setBold(true);
    return f;
}

QFont labelFont() {
    QFont f;
    f.setPointSizeF(10 * text_scale);
    return f;
}

QRectF drawTitle(QPainter& p, const QRectF& area, const QString& title, const QString& subtitle) {
    p.save();
    p.setFont(titleFont());
    p.setPen(theme::label());
    const QFontMetricsF fm(p.font());
    QRectF r(area.left() + 4, area.top() + 2, area.width() - 8, fm.height());
    p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(title, Qt::ElideRight, r.width()));
    double used = fm.height() + 4;
    if (!subtitle.isEmpty()) {
        p.setFont(labelFont());
        p.setPen(theme::axisText());
        const QFontMetricsF sm(p.font());
        QRectF s(area.left() + 4, area.top() + used, area.width() - 8, sm.height());
        p.drawText(s, Qt::AlignLeft | Qt::AlignVCenter, sm.elidedText(subtitle, Qt::ElideRight, s.width()));
        used += sm.height() + 2;
    }
    p.restore();
    return area.adjusted(0, used, 0, 0);
}

// =========================================================================================
// [SECTION] line plots
// =========================================================================================

QPointF Mapping::operator()(QPointF d) const {
    const double fx = x1 > x0 ? (d.x() - x0) / (x1 - x0) : 0.5;
    double y = d.y(), a = y0, b = y1;
    if (logY) {
        y = std::log10(std::max(y, 1e-300));
        a = std::log10(a);
        b = std::log10(b);
    }
    const double fy = b > a ? (y - a) / (b - a) : 0.5;
    return {plot.left() + fx * plot.width(), plot.bottom() - fy * plot.height()};
}

QRectF legendRect(const QRectF& plot, const QSizeF& size, const std::vector<std::vector<QPointF>>& lines) {
    const double in = 4;
    const QRectF corners[4] = {
        QRectF(QPointF(plot.right() - in - size.width(), plot.top() + in), size),
        QRectF(QPointF(plot.left() + in, plot.top() + in), size),
        QRectF(QPointF(plot.right() - in - size.width(), plot.bottom() - in - size.height()), size),
        QRectF(QPointF(plot.left() + in, plot.bottom() - in - size.height()), size),
    };
    // Each line sampled every ~3 px, so a segment crossing a corner counts even between points.
    size_t hidden[4] = {0, 0, 0, 0};
    auto count = [&](QPointF q) {
        for (int c = 0; c < 4; ++c) hidden[c] += corners[c].contains(q);
    };
    for (const auto& line : lines)
        for (size_t i = 0; i < line.size(); ++i) {
            count(line[i]);
            if (i == 0) continue;
            const QPointF d = line[i] - line[i - 1];
            const int steps = std::min(2000, int(std::hypot(d.x(), d.y()) / 3));
            for (int k = 1; k < steps; ++k) count(line[i - 1] + d * (double(k) / steps));
        }
    return corners[std::min_element(std::begin(hidden), std::end(hidden)) - std::begin(hidden)];
}

Mapping drawLinePlot(QPainter& p, const QRectF& area, const Axes& axes, const std::vector<Series>& all) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setFont(labelFont());
    const QFontMetricsF fm(p.font());
    Mapping m;
    m.logY = axes.logY;
    const bool pad_x = axes.padX;
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (const Series& s : all)
        for (const QPointF& q : s.points) {
            if (!std::isfinite(q.x()) || !std::isfinite(q.y()) || (axes.logY && q.y() <= 0)) continue;
            x0 = std::min(x0, q.x()), x1 = std::max(x1, q.x());
            y0 = std::min(y0, q.y()), y1 = std::max(y1, q.y());
        }
    for (const auto& [v, label] : axes.hLines) y0 = std::min(y0, v), y1 = std::max(y1, v);
    if (!std::isfinite(x0)) x0 = 0, x1 = 1, y0 = axes.logY ? 1 : 0, y1 = axes.logY ? 10 : 1;
    if (axes.xMin) x0 = *axes.xMin;
    if (axes.xMax) x1 = *axes.xMax;
    if (axes.yMin) y0 = *axes.yMin;
    if (axes.yMax) y1 = *axes.yMax;
    if (axes.logY) {
        y0 = std::pow(10.0, std::floor(std::log10(y0)));
        y1 = std::pow(10.0, std::ceil(std::log10(y1)));
        if (y1 <= y0) y1 = y0 * 10;
    } else if (y1 <= y0) {
        y0 -= 1, y1 += 1;
    } else if (!axes.yMin && !axes.yMax) {
        const double pad = (y1 - y0) * 0.06;
        y0 -= pad, y1 += pad;
    }
    if (x1 <= x0) x1 = x0 + 1;
    else if (!axes.xMin && !axes.xMax && pad_x) {
        const double pad = (x1 - x0) * 0.05;
        x0 -= pad, x1 += pad;
    }
    m.x0 = x0, m.x1 = x1, m.y0 = y0, m.y1 = y1;
    const double left = fm.horizontalAdvance(QStringLiteral("−0.0000")) + fm.height() + 6;
    m.plot = QRectF(area.left() + left, area.top() + 6, area.width() - left - 10, area.height() - 2.4 * fm.height() - 10);
    if (m.plot.width() < 20 || m.plot.height() < 20) {
        p.restore();
        return m;
    }
    p.fillRect(m.plot, theme::background());
    // Grid and ticks.
    p.setPen(QPen(theme::grid(), 1));
    QPen text_pen(theme::axisText());
    std::vector<std::pair<double, QString>> yt;
    if (axes.logY) {
        for (double v = y0; v <= y1 * 1.0001; v *= 10) yt.push_back({v, tick_text(v)});
    } else {
        const double st = tick_step(y1 - y0, 5);
        for (double v = std::ceil(y0 / st) * st; v <= y1 + st * 1e-9; v += st) yt.push_back({std::fabs(v) < st * 1e-9 ? 0.0 : v, {}});
        for (auto& t : yt) t.second = tick_text(t.first);
    }
    for (const auto& [v, label] : yt) {
        const double y = m({x0, v}).y();
        p.setPen(QPen(theme::grid(), 1));
        p.drawLine(QPointF(m.plot.left(), y), QPointF(m.plot.right(), y));
        p.setPen(text_pen);
        p.drawText(QRectF(area.left(), y - fm.height() / 2, left - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter, label);
    }
    const double xs = tick_step(x1 - x0, std::max(2, int(m.plot.width() / 90)));
    for (double v = std::ceil(x0 / xs) * xs; v <= x1 + xs * 1e-9; v += xs) {
        const double x = m({v, y0 > 0 ? y0 : 1}).x();
        p.setPen(QPen(theme::grid(), 1));
        p.drawLine(QPointF(x, m.plot.top()), QPointF(x, m.plot.bottom()));
        p.setPen(text_pen);
        p.drawText(QRectF(x - 40, m.plot.bottom() + 2, 80, fm.height()), Qt::AlignHCenter | Qt::AlignTop,
                   tick_text(std::fabs(v) < xs * 1e-9 ? 0.0 : v));
    }
    p.setPen(QPen(theme::axis(), 1.2));
    p.drawRect(m.plot);
    p.setPen(text_pen);
    p.drawText(QRectF(m.plot.left(), m.plot.bottom() + fm.height() + 2, m.plot.width(), fm.height()), Qt::AlignCenter,
               axes.xLabel);
    p.save();
    p.translate(area.left() + fm.height() * 0.6, m.plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-m.plot.height() / 2, -fm.height() / 2, m.plot.height(), fm.height()), Qt::AlignCenter, axes.yLabel);
    p.restore();
    // Reference lines.
    p.setClipRect(m.plot);
    for (const auto& [v, label] : axes.hLines) {
        const double y = m({x0, v}).y();
        p.setPen(QPen(theme::axisText(), 1.2, Qt::DashLine));
        p.drawLine(QPointF(m.plot.left(), y), QPointF(m.plot.right(), y));
        p.drawText(QRectF(m.plot.left() + 4, y - fm.height() - 1, m.plot.width() - 8, fm.height()), Qt::AlignRight, label);
    }
    for (const auto& [v, label] : axes.vLines) {
        const double x = m({v, y0 > 0 ? y0 : 1}).x();
        p.setPen(QPen(theme::axisText(), 1.2, Qt::DashLine));
        p.drawLine(QPointF(x, m.plot.top()), QPointF(x, m.plot.bottom()));
        p.drawText(QRectF(x + 3, m.plot.top() + 2, 200, fm.height()), Qt::AlignLeft, label);
    }
    // Series.
    for (const Series& s : all) {
        if (s.markers) {
            p.setPen(QPen(theme::background(), 1.5));
            p.setBrush(s.colour);
            for (const QPointF& q : s.points)
                if (std::isfinite(q.y()) && (!axes.logY || q.y() > 0)) p.drawEllipse(m(q), 5.5, 5.5);
            continue;
        }
        QPainterPath path;
        bool open = false;
        for (const QPointF& q : s.points) {
            if (!std::isfinite(q.y()) || (axes.logY && q.y() <= 0)) {
                open = false;
                continue;
            }
            if (open) path.lineTo(m(q));
            else path.moveTo(m(q));
            open = true;
        }
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(s.colour, s.width, s.style, Qt::RoundCap, Qt::RoundJoin));
        p.drawPath(path);
    }
    p.setClipping(false);
    // Legend, in the corner that hides the least of the data.
    double lw = 0;
    int named = 0;
    for (const Series& s : all)
        if (!s.name.isEmpty()) lw = std::max(lw, fm.horizontalAdvance(s.name)), ++named;
    if (lw > 0) {
        std::vector<std::vector<QPointF>> lines;
        for (const Series& s : all) {
            lines.emplace_back();
            for (const QPointF& q : s.points) {
                if (!std::isfinite(q.y()) || (axes.logY && q.y() <= 0)) {
                    if (!lines.back().empty()) lines.emplace_back();  // a gap in the line
                    continue;
                }
                if (s.markers) lines.push_back({m(q)});  // dots: no line between them
                else lines.back().push_back(m(q));
            }
        }
        const QRectF box = legendRect(m.plot, QSizeF(lw + 34, fm.height() * double(named) + 4), lines);
        double ly = box.top() + 2;
        QColor bg = theme::background();
        bg.setAlpha(225);
        p.setPen(QPen(theme::panelBorder(), 1));
        p.setBrush(bg);
        p.drawRoundedRect(box, 4, 4);
        for (const Series& s : all) {
            if (s.name.isEmpty()) continue;
            const double cy = ly + fm.height() / 2;
            if (s.markers) {
                p.setPen(Qt::NoPen);
                p.setBrush(s.colour);
                p.drawEllipse(QPointF(box.left() + 14, cy), 4.5, 4.5);
            } else {
                p.setPen(QPen(s.colour, s.width + 0.5, s.style));
                p.drawLine(QPointF(box.left() + 5, cy), QPointF(box.left() + 23, cy));
            }
            p.setPen(theme::label());
            p.drawText(QRectF(box.left() + 28, ly, lw + 4, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, s.name);
            ly += fm.height();
        }
    }
    p.restore();
    return m;
}

// =========================================================================================
// [SECTION] matrices
// =========================================================================================

namespace {
double label_width(const QFontMetricsF& fm, const QStringList& rowLabels, const QStringList& colLabels) {
    double w = 0;
    for (const QString& s : rowLabels) w = std::max(w, fm.horizontalAdvance(s));
    for (const QString& s : colLabels) w = std::max(w, fm.horizontalAdvance(s));
    return std::min(w + 6, 110.0);
}
} // namespace

QRectF matrixCells(const QRectF& area, int rows, int cols, const QStringList& rowLabels, const QStringList& colLabels,
                   const QString& barLo, const QString& barHi, bool square) {
    const QFontMetricsF fm(labelFont());
    const double labelw = label_width(fm, rowLabels, colLabels);
    const double barw = 14, barGap = fm.horizontalAdvance(barHi.size() > barLo.size() ? barHi : barLo) + 26;
    const QRectF room = area.adjusted(rowLabels.isEmpty() ? 4 : labelw, colLabels.isEmpty() ? 4 : labelw, -(barw + barGap), -4);
    rows = std::max(rows, 1), cols = std::max(cols, 1);
    const double cell = std::max(0.05, std::min(room.width() / cols, room.height() / rows));
    const double cellw = square ? cell : room.width() / cols, cellh = square ? cell : room.height() / rows;
    return QRectF(room.left(), room.top(), cellw * cols, cellh * rows);
}

QRectF drawMatrixFrame(QPainter& p, const QRectF& area, int rows, int cols, const QStringList& rowLabels,
                       const QStringList& colLabels, const QString& barLo, const QString& barHi, bool div, bool square) {
    p.save();
    p.setFont(labelFont());
    const QFontMetricsF fm(p.font());
    const double labelw = label_width(fm, rowLabels, colLabels);
    const double barw = 14, barGap = fm.horizontalAdvance(barHi.size() > barLo.size() ? barHi : barLo) + 26;
    const QRectF cells = matrixCells(area, rows, cols, rowLabels, colLabels, barLo, barHi, square);
    const double cellw = cells.width() / std::max(cols, 1), cellh = cells.height() / std::max(rows, 1);
    p.setPen(QPen(theme::axis(), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(cells);
    p.setPen(theme::label());
    const double everyRow = std::max(1.0, std::ceil(fm.height() / cellh)), everyCol = std::max(1.0, std::ceil(fm.height() / cellw));
    for (int r = 0; r < rowLabels.size() && r < rows; r += int(everyRow)) {
        const QRectF t(cells.left() - labelw, cells.top() + r * cellh + cellh / 2 - fm.height() / 2, labelw - 4, fm.height());
        p.drawText(t, Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(rowLabels[r], Qt::ElideRight, labelw - 4));
    }
    for (int c = 0; c < colLabels.size() && c < cols; c += int(everyCol)) {
        p.save();
        p.translate(cells.left() + c * cellw + cellw / 2, cells.top() - 4);
        p.rotate(-60);
        p.drawText(QRectF(0, -fm.height() / 2, labelw * 1.1, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(colLabels[c], Qt::ElideRight, labelw * 1.1));
        p.restore();
    }
    // Colour bar.
    const QRectF bar(cells.right() + 10, cells.top(), barw, std::min(cells.height(), 220.0));
    for (int i = 0; i < int(bar.height()); ++i) {
        const double t = 1.0 - i / std::max(bar.height() - 1, 1.0);
        p.setPen(div ? diverging(2 * t - 1) : sequential(t));
        p.drawLine(QPointF(bar.left(), bar.top() + i), QPointF(bar.right(), bar.top() + i));
    }
    p.setPen(QPen(theme::axis(), 1));
    p.drawRect(bar);
    p.setPen(theme::axisText());
    p.drawText(QRectF(bar.right() + 4, bar.top() - 2, barGap, fm.height()), Qt::AlignLeft | Qt::AlignTop, barHi);
    p.drawText(QRectF(bar.right() + 4, bar.bottom() - fm.height() + 2, barGap, fm.height()), Qt::AlignLeft | Qt::AlignBottom, barLo);
    p.restore();
    return cells;
}

QRectF drawMatrix(QPainter& p, const QRectF& area, const QImage& image, const QStringList& rowLabels,
                  const QStringList& colLabels, const QString& barLo, const QString& barHi, bool div, bool square) {
    const QRectF cells = matrixCells(area, image.height(), image.width(), rowLabels, colLabels, barLo, barHi, square);
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(cells, image);
    p.restore();
    return drawMatrixFrame(p, area, image.height(), image.width(), rowLabels, colLabels, barLo, barHi, div, square);
}

// =========================================================================================
// [SECTION] CSV export
// =========================================================================================

QString number(double v) { return QString::number(v, 'g', 9); }

bool writeCsv(const QString& path, const QStringList& header, const std::vector<std::vector<QString>>& rows,
              QString* error) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error) *error = path + QStringLiteral(": ") + f.errorString();
        return false;
    }
    auto quote = [](QString s) {
        if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n')))
            s = QLatin1Char('"') + s.replace(QLatin1String("\""), QLatin1String("\"\"")) + QLatin1Char('"');
        return s;
    };
    QStringList h;
    for (const QString& s : header) h << quote(s);
    f.write((h.join(QLatin1Char(',')) + QLatin1Char('\n')).toUtf8());
    for (const auto& r : rows) {
        QStringList l;
        for (const QString& s : r) l << quote(s);
        f.write((l.join(QLatin1Char(',')) + QLatin1Char('\n')).toUtf8());
    }
    if (!f.commit()) {
        if (error) *error = path + QStringLiteral(": ") + f.errorString();
        return false;
    }
    return true;
}

} // namespace es::ui::plot
