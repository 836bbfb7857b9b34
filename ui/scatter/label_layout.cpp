#include "scatter/label_layout.h"

#include <cmath>
#include <limits>

namespace es::ui {
namespace {

double overlap(const QRectF& a, const QRectF& b) {
    const QRectF i = a.intersected(b);
    return i.isEmpty() ? 0.0 : i.width() * i.height();
}

// The label box at direction (dx, dy) ∈ {-1,0,1}², `gap` pixels clear of the point.
QRectF box_at(const LabelRequest& l, int dx, int dy, double gap) {
    const double w = l.size.width(), h = l.size.height(), r = l.radius + gap;
    const double x = dx > 0 ? l.anchor.x() + r : dx < 0 ? l.anchor.x() - r - w : l.anchor.x() - w / 2;
    const double y = dy > 0 ? l.anchor.y() + r * (dx ? 0.5 : 1) : dy < 0 ? l.anchor.y() - r * (dx ? 0.5 : 1) - h
                                                                         : l.anchor.y() - h / 2;
    return {x, y, w, h};
}

} // namespace

std::vector<LabelPlacement> layout_labels(const std::vector<LabelRequest>& labels, const QRectF& bounds) {
    // Right, left, above, below, then the diagonals; nearer rings first.
    static constexpr int dirs[8][2] = {{1, 0}, {-1, 0}, {0, -1}, {0, 1}, {1, -1}, {-1, -1}, {1, 1}, {-1, 1}};
    static constexpr double gaps[] = {3, 14, 30, 52};

    std::vector<QRectF> taken;  // placed labels and every labelled point
    for (const auto& l : labels)
        taken.emplace_back(l.anchor.x() - l.radius, l.anchor.y() - l.radius, 2 * l.radius, 2 * l.radius);

    std::vector<LabelPlacement> out;
    out.reserve(labels.size());
    for (size_t i = 0; i < labels.size(); ++i) {
        const LabelRequest& l = labels[i];
        LabelPlacement best;
        double best_cost = std::numeric_limits<double>::infinity();
        for (size_t g = 0; g < std::size(gaps) && best_cost >= 1; ++g)
            for (const auto& d : dirs) {
                const QRectF r = box_at(l, d[0], d[1], gaps[g]);
                double cost = 0;
                for (size_t j = 0; j < taken.size(); ++j)
                    if (j != i) cost += overlap(r, taken[j]);
                if (!bounds.contains(r)) cost += 1e6 + (r.width() * r.height() - overlap(r, bounds));
                cost += double(g) * 1e-3;  // equal otherwise: prefer the nearer ring
                if (cost < best_cost) {
                    best_cost = cost;
                    best = {r, g >= 2};
                    if (cost < 1) break;
                }
            }
        taken.push_back(best.rect);
        out.push_back(best);
    }
    return out;
}

} // namespace es::ui
