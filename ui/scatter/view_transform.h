// Maps data (PCA) coordinates to widget pixels and back: an isotropic scale about a centre,
// y up in data and down on screen. Pan, zoom about a point and fit-to-rectangle.
#pragma once
#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace es::ui {

class ViewTransform {
public:
    void setViewport(QSizeF size) { viewport_ = size; }
    QSizeF viewport() const { return viewport_; }

    // Shows `data` whole inside the viewport less `margin_px` on every side, centred.
    void fit(const QRectF& data, double margin_px);
    void pan(QPointF delta_px);
    void setCentre(QPointF data) { centre_ = data; }
    void setPixelsPerUnit(double ppu);
    // Scales by `factor` keeping the data point under `screen` where it is.
    void zoomAt(QPointF screen, double factor);

    QPointF toScreen(QPointF data) const;
    QPointF toData(QPointF screen) const;
    double pixelsPerUnit() const { return ppu_; }
    QPointF centre() const { return centre_; }

    // The same map in normalised device coordinates: ndc = data * scale + offset.
    QPointF ndcScale() const;
    QPointF ndcOffset() const;

private:
    QSizeF viewport_{1, 1};
    QPointF centre_{0, 0};
    double ppu_ = 1;
};

} // namespace es::ui
