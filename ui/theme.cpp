#include "theme.h"

#include <QApplication>
#include <QFont>
#include <QPalette>
#include <QStyleFactory>

namespace es::ui::theme {

void apply(QApplication& app) {
    if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion"))) app.setStyle(fusion);
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xf3, 0xf4, 0xf6));
    p.setColor(QPalette::WindowText, label());
    p.setColor(QPalette::Base, QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::AlternateBase, QColor(0xf6, 0xf7, 0xf9));
    p.setColor(QPalette::Text, label());
    p.setColor(QPalette::Button, QColor(0xfa, 0xfa, 0xfb));
    p.setColor(QPalette::ButtonText, label());
    p.setColor(QPalette::Highlight, QColor(0x12, 0x5e, 0xa8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::ToolTipText, label());
    p.setColor(QPalette::PlaceholderText, axisText());
    p.setColor(QPalette::Disabled, QPalette::Text, axisText());
    p.setColor(QPalette::Disabled, QPalette::WindowText, axisText());
    app.setPalette(p);
    QFont f = app.font();
    f.setFamilies({QStringLiteral("DejaVu Sans"), f.family()});
    f.setPointSizeF(11);
    app.setFont(f);
}

} // namespace es::ui::theme
