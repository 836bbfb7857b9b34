// Text with a halo, legible over the densest part of the cloud. Outlining a glyph path costs
// ~0.1 ms a label, so each (text, font, colours, halo, device scale) is drawn once into a sprite
// and reused; the GL paint engine keeps the sprite's texture as long as the image lives.
#pragma once
#include <QCache>
#include <QColor>
#include <QFont>
#include <QImage>
#include <QPointF>
#include <QString>

class QPainter;

namespace es::ui {

// Draws `text` as a path: a stroke of halo_px in `halo`, then the glyphs filled in `colour`.
void draw_halo_text_path(QPainter& p, const QPointF& baseline, const QString& text, const QFont& font, const QColor& colour,
                         const QColor& halo, double halo_px);

class HaloText {
public:
    explicit HaloText(int max_kilobytes = 16 * 1024);

    // Draws as draw_halo_text_path would. Under a translation or scale the cached sprite is drawn
    // on the device pixel grid; under any other transform the path is drawn directly.
    void draw(QPainter& p, const QPointF& baseline, const QString& text, const QFont& font, const QColor& colour,
              const QColor& halo, double halo_px);

    int spritesCached() const { return sprites_.count(); }

private:
    struct Sprite {
        QImage image;     // premultiplied, devicePixelRatio = the device scale it was drawn at
        QPointF offset;   // the image's top-left relative to the baseline, in logical pixels
    };
    QCache<QString, Sprite> sprites_;
};

} // namespace es::ui
