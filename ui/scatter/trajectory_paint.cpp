#include "scatter/trajectory_paint.h"

#include "style/theme.h"

#include <QFont>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QPainterPath>

#include <cmath>
#include <limits>

namespace es::ui {

QColor trajectory_colour(size_t i, const std::array<QColor, 8>& palette) {
    static constexpr size_t order[] = {6, 5, 7, 1, 2, 0};
    return palette[order[i % std::size(order)]];
}

namespace {

// The direction the path arrives at its end in: from the last point at least `reach` pixels
// before it (a layer that barely moves the word would otherwise turn the arrow at random);
// (0, 0) when the whole path is shorter than 2 px.
QPointF heading_at_end(const std::vector<QPointF>& pts, double reach) {
    QPointF nearest;
    for (size_t k = pts.size(); k-- > 1;) {
        const QPointF d = pts.back() - pts[k - 1];
        const double n = std::hypot(d.x(), d.y());
        if (n >= reach) return d / n;
        if (n >= 2.0 && nearest.isNull()) nearest = d / n;
    }
    return nearest;
}

// The label's box beside the path's end, in the direction the path travels if that is free,
// else the free one of sixteen directions nearest to it (then farther out); `taken` are other
// labels, the dots and the view's HUD.
QRectF place_label(const QPointF& end, const QPointF& heading, const QSizeF& size, double gap,
                   const std::vector<QRectF>& taken, const QRectF& bounds) {
    const double start = std::atan2(heading.y(), heading.x());
    QRectF best;
    double best_cost = std::numeric_limits<double>::infinity();
    for (double ring : {1.0, 2.2})
        for (int k = 0; k < 16; ++k) {
            // 0, +22.5°, −22.5°, +45°, …: nearest to the heading first.
            const double a = start + (k % 2 ? 1 : -1) * ((k + 1) / 2) * M_PI / 8;
            const QPointF d(std::cos(a), std::sin(a));
            // The box's nearest edge point to `end` sits `gap` away along d.
            const QPointF c = end + d * gap * ring + QPointF(d.x() * size.width() / 2, d.y() * size.height() / 2);
            const QRectF r(c.x() - size.width() / 2, c.y() - size.height() / 2, size.width(), size.height());
            double cost = 0;
            for (const QRectF& t : taken) {
                const QRectF i = r.intersected(t);
                if (!i.isEmpty()) cost += i.width() * i.height();
            }
            if (!bounds.contains(r)) cost += 1e6;
            cost += (ring - 1) * 50 + k * 0.5;
            if (cost < best_cost) best_cost = cost, best = r;
        }
    return best;
}

} // namespace

void paint_trajectories(QPainter& p, const ToWidget& to_widget, const QRectF& bounds, const std::vector<QRectF>& keep_clear,
                        const std::vector<std::vector<QVector3D>>& paths, const QStringList& labels, int layer,
                        const std::array<QColor, 8>& palette, double scale) {
    if (paths.empty()) return;
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    const QColor paper = theme::highlightOutline();  // white on light, the plot's dark on dark
    const double line = 3.0 * scale, dot = 3.5 * scale, arrow = 18.0 * scale;

    struct Drawn {
        std::vector<QPointF> pts;
        std::vector<int> layers;
    };
    std::vector<Drawn> drawn(paths.size());
    std::vector<QRectF> taken = keep_clear;
    for (size_t i = 0; i < paths.size(); ++i)
        for (size_t l = 0; l < paths[i].size(); ++l) {
            QPointF s;
            if (!to_widget(paths[i][l], s)) continue;
            drawn[i].pts.push_back(s);
            drawn[i].layers.push_back(int(l));
            taken.emplace_back(s.x() - dot * 2, s.y() - dot * 2, dot * 4, dot * 4);
        }

    // Paths under a paper-coloured casing so they read over the densest part of the cloud.
    for (size_t i = 0; i < drawn.size(); ++i) {
        const auto& pts = drawn[i].pts;
        if (pts.size() < 2) continue;
        QPainterPath path(pts[0]);
        for (size_t k = 1; k < pts.size(); ++k) path.lineTo(pts[k]);
        QColor casing = paper;
        casing.setAlpha(210);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(casing, line + 3.5 * scale, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPath(path);
        p.setPen(QPen(trajectory_colour(i, palette), line, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPath(path);
    }

    for (size_t i = 0; i < drawn.size(); ++i) {
        const auto& pts = drawn[i].pts;
        if (pts.empty()) continue;
        const QColor colour = trajectory_colour(i, palette);
        // A dot per layer: the first (the embeddings) hollow, where the path starts; the last
        // under an arrowhead along the way the path arrives.
        const QPointF d = heading_at_end(pts, arrow / 2);
        const size_t dots = d.isNull() ? pts.size() : pts.size() - 1;
        for (size_t k = 0; k < dots; ++k) {
            p.setPen(QPen(k == 0 ? colour : paper, (k == 0 ? 2.0 : 1.5) * scale));
            p.setBrush(k == 0 ? paper : colour);
            p.drawEllipse(pts[k], dot + 0.5 * scale, dot + 0.5 * scale);
        }
        // The layer shown in the slider: a ring.
        for (size_t k = 0; k < pts.size(); ++k)
            if (drawn[i].layers[k] == layer) {
                const double r = 9.5 * scale;
                p.setBrush(Qt::NoBrush);
                p.setPen(QPen(paper, 4.5 * scale));
                p.drawEllipse(pts[k], r, r);
                p.setPen(QPen(colour, 2.5 * scale));
                p.drawEllipse(pts[k], r, r);
            }
        if (!d.isNull()) {
            const QPointF tip = pts.back();
            const QPointF n(-d.y(), d.x());
            const QPolygonF head({tip, tip - d * arrow + n * arrow * 0.45, tip - d * arrow * 0.7, tip - d * arrow - n * arrow * 0.45});
            p.setPen(QPen(paper, 1.5 * scale, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            p.setBrush(colour);
            p.drawPolygon(head);
        }
    }

    // Labels at the paths' ends, on a paper box with the path's colour as its border.
    QFont font = QGuiApplication::font();
    font.setPixelSize(int(std::lround(15 * scale)));
    font.setBold(true);
    const QFontMetricsF fm(font);
    p.setFont(font);
    for (size_t i = 0; i < drawn.size(); ++i) {
        const auto& pts = drawn[i].pts;
        if (pts.empty() || qsizetype(i) >= labels.size() || labels[qsizetype(i)].isEmpty()) continue;
        const QString text = labels[qsizetype(i)];
        const QColor colour = trajectory_colour(i, palette);
        const QPointF d = heading_at_end(pts, arrow / 2), heading = d.isNull() ? QPointF(1, 0) : d;
        const QSizeF size(fm.horizontalAdvance(text) + 12 * scale, fm.height() + 6 * scale);
        const QRectF box = place_label(pts.back(), heading, size, 10 * scale, taken, bounds);
        taken.push_back(box);
        QColor fill = paper;
        fill.setAlpha(235);
        p.setPen(QPen(colour, 2.0 * scale));
        p.setBrush(fill);
        p.drawRoundedRect(box, 5 * scale, 5 * scale);
        p.setPen(theme::dark() ? colour.lighter(150) : colour.darker(135));
        p.drawText(box, Qt::AlignCenter, text);
    }
    p.restore();
}

} // namespace es::ui
