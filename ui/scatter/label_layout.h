// Places labels next to their points without overlapping each other or other labelled points:
// greedy, in the given order, trying positions around the point at growing distances.
#pragma once
#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <vector>

namespace es::ui {

struct LabelRequest {
    QPointF anchor;        // the point, in pixels
    QSizeF size;           // the label's box
    double radius = 4;     // the point's radius: labels keep clear of it
};

struct LabelPlacement {
    QRectF rect;
    bool leader = false;   // placed away from the point: draw a line to it
};

std::vector<LabelPlacement> layout_labels(const std::vector<LabelRequest>& labels, const QRectF& bounds);

} // namespace es::ui
