#include "scatter/halo_text.h"

#include <QPainter>
#include <QPainterPath>
#include <QPen>

#include <algorithm>
#include <cmath>
#include <memory>

namespace es::ui {

void draw_halo_text_path(QPainter& p, const QPointF& baseline, const QString& text, const QFont& font, const QColor& colour,
                         const QColor& halo, double halo_px) {
    QPainterPath path;
    path.addText(baseline, font, text);
    p.save();
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(halo, halo_px, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPath(path);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawPath(path);
    p.restore();
}

HaloText::HaloText(int max_kilobytes) : sprites_(max_kilobytes) {}

void HaloText::draw(QPainter& p, const QPointF& baseline, const QString& text, const QFont& font, const QColor& colour,
                    const QColor& halo, double halo_px) {
    if (text.isEmpty()) return;
    const QTransform device = p.deviceTransform();
    if (device.type() > QTransform::TxScale || device.m11() <= 0 || device.m22() <= 0 || device.m11() != device.m22()) {
        draw_halo_text_path(p, baseline, text, font, colour, halo, halo_px);
        return;
    }
    const double k = device.m11();
    const QString key = QStringLiteral("%1\x1f%2\x1f%3\x1f%4\x1f%5\x1f%6")
                            .arg(text, font.key())
                            .arg(colour.rgba(), 0, 16)
                            .arg(halo.rgba(), 0, 16)
                            .arg(halo_px)
                            .arg(k);
    Sprite* sprite = sprites_.object(key);
    if (!sprite) {
        QPainterPath path;
        path.addText(QPointF(0, 0), font, text);
        const double pad = halo_px / 2 + 1;
        const QRectF bounds = path.boundingRect().adjusted(-pad, -pad, pad, pad);
        // Whole device pixels from the top-left, so that drawing at a snapped position is exact.
        const QPointF origin(std::floor(bounds.left() * k) / k, std::floor(bounds.top() * k) / k);
        const QSize px(int(std::ceil((bounds.right() - origin.x()) * k)), int(std::ceil((bounds.bottom() - origin.y()) * k)));
        auto made = std::make_unique<Sprite>();
        made->image = QImage(px, QImage::Format_ARGB32_Premultiplied);
        made->image.fill(Qt::transparent);
        {
            QPainter sp(&made->image);
            sp.setRenderHints(p.renderHints());
            sp.scale(k, k);
            sp.translate(-origin);
            draw_halo_text_path(sp, QPointF(0, 0), text, font, colour, halo, halo_px);
        }
        made->image.setDevicePixelRatio(k);
        made->offset = origin;
        sprite = made.get();
        const int cost = int(std::max<qsizetype>(1, made->image.sizeInBytes() / 1024));
        if (!sprites_.insert(key, made.release(), cost)) {  // larger than the whole cache: draw it directly
            draw_halo_text_path(p, baseline, text, font, colour, halo, halo_px);
            return;
        }
    }
    // The baseline lands where the path would put it, rounded to the device grid the sprite was cut on.
    const QPointF at = device.map(baseline + sprite->offset);
    const QPointF snapped(std::round(at.x()), std::round(at.y()));
    p.drawImage(device.inverted().map(snapped), sprite->image);
}

} // namespace es::ui
