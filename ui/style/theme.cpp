#include "style/theme.h"

#include <QApplication>
#include <QFont>
#include <QPalette>
#include <QStyleFactory>


namespace es::ui::theme {
namespace {
Mode g_mode = Mode::Light;
}

Mode mode() { return g_mode; }
QString modeName(Mode m) { return m == Mode::Dark ? QStringLiteral("dark") : QStringLiteral("light"); }
Mode modeFromName(const QString& name) { return name == QLatin1String("dark") ? Mode::Dark : Mode::Light; }

const std::array<QColor, 8>& palette() {
    static const std::array<QColor, 8> okabe_ito = {
        QColor(0x00, 0x00, 0x00), QColor(0xe6, 0x9f, 0x00), QColor(0x56, 0xb4, 0xe9), QColor(0x00, 0x9e, 0x73),
        QColor(0xf0, 0xe4, 0x42), QColor(0x00, 0x72, 0xb2), QColor(0xd5, 0x5e, 0x00), QColor(0xcc, 0x79, 0xa7)};
    return okabe_ito;
}

QColor tokenColour(size_t i) {
    // Okabe–Ito hues, lightened (light mode) or darkened (dark mode) so text stays legible.
    static constexpr std::array<QRgb, 7> kLight = {0xffffe0a3, 0xffbfe3f7, 0xffb5ead7, 0xfffff3a8,
                                                   0xffb9cff0, 0xfff9cfb4, 0xffeac9de};
    static constexpr std::array<QRgb, 7> kDark = {0xff6b4d12, 0xff1f4f6b, 0xff145445, 0xff5e5716,
                                                  0xff1f3a66, 0xff6b3414, 0xff5a2f4c};
    return QColor::fromRgba(dark() ? kDark[i % kDark.size()] : kLight[i % kLight.size()]);
}

void apply(QApplication& app, Mode m) {
    g_mode = m;
    if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion"))) app.setStyle(fusion);
    const bool d = m == Mode::Dark;
    QPalette p;
    p.setColor(QPalette::Window, d ? QColor(0x23, 0x27, 0x2e) : QColor(0xf3, 0xf4, 0xf6));
    p.setColor(QPalette::WindowText, label());
    p.setColor(QPalette::Base, d ? QColor(0x1b, 0x1e, 0x24) : QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::AlternateBase, d ? QColor(0x26, 0x2a, 0x32) : QColor(0xf6, 0xf7, 0xf9));
    p.setColor(QPalette::Text, label());
    p.setColor(QPalette::Button, d ? QColor(0x2c, 0x31, 0x3a) : QColor(0xfa, 0xfa, 0xfb));
    p.setColor(QPalette::ButtonText, label());
    p.setColor(QPalette::Highlight, d ? QColor(0x2d, 0x7d, 0xd2) : QColor(0x12, 0x5e, 0xa8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, d ? QColor(0x2c, 0x31, 0x3a) : QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::ToolTipText, label());
    p.setColor(QPalette::PlaceholderText, axisText());
    p.setColor(QPalette::Link, hover());
    p.setColor(QPalette::Disabled, QPalette::Text, axisText());
    p.setColor(QPalette::Disabled, QPalette::WindowText, axisText());
    p.setColor(QPalette::Disabled, QPalette::ButtonText, axisText());
    app.setPalette(p);
    QFont f = app.font();
    f.setFamilies({QStringLiteral("DejaVu Sans"), f.family()});
    f.setPointSizeF(11);
    app.setFont(f);
}

} // namespace es::ui::theme
