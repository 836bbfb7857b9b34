// A word followed through the encoder's layers, drawn over the scatter view: one path per
// sentence through its layer 0..L points (small dots, an arrowhead at the last layer, the
// shown layer ringed), each in its own Okabe–Ito colour with its label at the end.
#pragma once
#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QStringList>
#include <QVector3D>

#include <array>
#include <functional>
#include <vector>

class QPainter;

namespace es::ui {

// Scene point → widget pixels; false when it is behind the camera.
using ToWidget = std::function<bool(const QVector3D&, QPointF&)>;

// The colour of path `i`, from the view's palette (theme::palette()): vermillion, blue,
// reddish purple, orange, sky blue, black, then round again; not the contextual points' green.
QColor trajectory_colour(size_t i, const std::array<QColor, 8>& palette);

// `paths` [path][layer]; `layer` the one shown (ringed); `scale` 1, or larger in presentation mode.
// Labels stay inside `bounds` and off `keep_clear` (the view's HUD and legend) where they can.
void paint_trajectories(QPainter& p, const ToWidget& to_widget, const QRectF& bounds, const std::vector<QRectF>& keep_clear,
                        const std::vector<std::vector<QVector3D>>& paths, const QStringList& labels, int layer,
                        const std::array<QColor, 8>& palette, double scale);

} // namespace es::ui
