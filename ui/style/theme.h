// The look: light (the default, strong contrast for projectors) and dark. One place for every
// colour; each accessor answers for the mode last applied, so views read them when they paint.
#pragma once
#include <QColor>
#include <QString>

#include <array>

class QApplication;

namespace es::ui::theme {

enum class Mode { Light, Dark };
Mode mode();
QString modeName(Mode m);                 // "light" | "dark" (QSettings and menus)
Mode modeFromName(const QString& name);   // anything else: Light

inline bool dark() { return mode() == Mode::Dark; }
inline QColor pick(QRgb light, QRgb darkRgb) { return QColor::fromRgba(dark() ? darkRgb : light); }

inline QColor background() { return pick(0xfffbfbf8, 0xff1b1e24); }  // the plot's paper
inline QColor grid() { return pick(0xffe4e6ea, 0xff2c313a); }
inline QColor axis() { return pick(0xffb9c0ca, 0xff4f5866); }
inline QColor axisText() { return pick(0xff6b7480, 0xff9aa3b0); }
inline QColor point() { return pick(0x704a6f97, 0x7890b4dc); }      // grey-blue, semi-transparent
inline QColor highlight() { return QColor(0xe6, 0x4a, 0x19); }        // the text's words: vivid orange-red in both
inline QColor highlightOutline() { return pick(0xffffffff, 0xff1b1e24); }
inline QColor hover() { return pick(0xff125ea8, 0xff5aa9f0); }
inline QColor label() { return pick(0xff171c24, 0xffe9edf2); }
inline QColor halo() { return pick(0xe6ffffff, 0xe61b1e24); }
inline QColor chip() { return pick(0xfffde7df, 0xff4a2a1f); }
inline QColor chipBorder() { return QColor(0xe6, 0x4a, 0x19); }
inline QColor chipText() { return label(); }
inline QColor unknownChip() { return pick(0xfff1f2f4, 0xff2a2e35); }
inline QColor unknownChipBorder() { return pick(0xff9aa1ab, 0xff6b7480); }
inline QColor unknownChipText() { return axisText(); }
inline QColor whitespaceMark() { return pick(0xff9aa1ab, 0xff7d8694); }
inline QColor panelBorder() { return pick(0xffc9ced6, 0xff3a404a); }
inline QColor focus() { return hover(); }
inline QColor warningText() { return pick(0xff8a4b00, 0xfff0b46a); }

// Okabe & Ito's eight colours, safe for the common colour-vision deficiencies: black, orange,
// sky blue, bluish green, yellow, blue, vermillion, reddish purple. The same in both modes.
const std::array<QColor, 8>& palette();
inline QColor selection() { return palette()[5]; }  // selected rows in the scatter view
inline QColor search() { return palette()[7]; }     // search matches (a ring)

// The background of token i's span in the token strip: a cycle of soft, distinct hues (as the
// tokenizer playgrounds colour their spans), readable under text of label().
QColor tokenColour(size_t i);

// Fusion style, the mode's palette and a projector-sized font, whatever the desktop's theme.
void apply(QApplication& app, Mode m = Mode::Light);

} // namespace es::ui::theme
