// The look: a light theme with strong contrast for projectors. One place for every colour.
#pragma once
#include <QColor>

class QApplication;

namespace es::ui::theme {

inline QColor background() { return QColor(0xfb, 0xfb, 0xf8); }      // the plot's paper
inline QColor grid() { return QColor(0xe4, 0xe6, 0xea); }
inline QColor axis() { return QColor(0xb9, 0xc0, 0xca); }
inline QColor axisText() { return QColor(0x6b, 0x74, 0x80); }
inline QColor point() { return QColor(0x4a, 0x6f, 0x97, 0x70); }      // grey-blue, semi-transparent
inline QColor highlight() { return QColor(0xe6, 0x4a, 0x19); }        // vivid orange-red
inline QColor highlightOutline() { return QColor(0xff, 0xff, 0xff); }
inline QColor hover() { return QColor(0x12, 0x5e, 0xa8); }
inline QColor label() { return QColor(0x17, 0x1c, 0x24); }
inline QColor halo() { return QColor(0xff, 0xff, 0xff, 0xe6); }
inline QColor chip() { return QColor(0xfd, 0xe7, 0xdf); }
inline QColor chipBorder() { return QColor(0xe6, 0x4a, 0x19); }
inline QColor chipText() { return QColor(0x17, 0x1c, 0x24); }
inline QColor unknownChip() { return QColor(0xf1, 0xf2, 0xf4); }
inline QColor unknownChipBorder() { return QColor(0x9a, 0xa1, 0xab); }
inline QColor unknownChipText() { return QColor(0x6b, 0x74, 0x80); }

// Fusion style, a light palette and a projector-sized font, whatever the desktop's theme.
void apply(QApplication& app);

} // namespace es::ui::theme
