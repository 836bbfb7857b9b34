#include "scatter/view_transform.h"

#include <algorithm>

namespace es::ui {

void ViewTransform::fit(const QRectF& data, double margin_px) {
    const double w = std::max(1.0, viewport_.width() - 2 * margin_px);
    const double h = std::max(1.0, viewport_.height() - 2 * margin_px);
    const double dw = std::max(data.width(), 1e-9), dh = std::max(data.height(), 1e-9);
    ppu_ = std::min(w / dw, h / dh);
    centre_ = data.center();
}

void ViewTransform::setPixelsPerUnit(double ppu) { ppu_ = std::clamp(ppu, 1e-6, 1e9); }

void ViewTransform::pan(QPointF delta_px) { centre_ -= QPointF(delta_px.x() / ppu_, -delta_px.y() / ppu_); }

void ViewTransform::zoomAt(QPointF screen, double factor) {
    const QPointF anchor = toData(screen);
    ppu_ = std::clamp(ppu_ * factor, 1e-6, 1e9);
    centre_ += anchor - toData(screen);
}

QPointF ViewTransform::toScreen(QPointF d) const {
    return {viewport_.width() / 2 + (d.x() - centre_.x()) * ppu_, viewport_.height() / 2 - (d.y() - centre_.y()) * ppu_};
}

QPointF ViewTransform::toData(QPointF s) const {
    return {centre_.x() + (s.x() - viewport_.width() / 2) / ppu_, centre_.y() - (s.y() - viewport_.height() / 2) / ppu_};
}

QPointF ViewTransform::ndcScale() const { return {2 * ppu_ / viewport_.width(), 2 * ppu_ / viewport_.height()}; }

QPointF ViewTransform::ndcOffset() const {
    const QPointF s = ndcScale();
    return {-centre_.x() * s.x(), -centre_.y() * s.y()};
}

} // namespace es::ui
