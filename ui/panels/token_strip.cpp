// [SECTION] spans and labels
// [SECTION] set-up and options
// [SECTION] layout and hit testing
// [SECTION] input
// [SECTION] painting
#include "panels/token_strip.h"

#include "style/theme.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace es::ui {

// =========================================================================================
// [SECTION] spans and labels
// =========================================================================================

namespace {

constexpr double kPadX = 3, kPadY = 3, kGapX = 2, kGapY = 6, kMargin = 6;

int utf8_length(char32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

QString hex_bytes(const QByteArray& b) {
    QStringList parts;
    for (char c : b) parts << QStringLiteral("%1").arg(uint(uchar(c)), 2, 16, QLatin1Char('0')).toUpper();
    return parts.join(' ');
}

} // namespace

QString visible_whitespace(const QString& s) {
    QString out;
    out.reserve(s.size());
    for (QChar c : s) {
        if (c == ' ') out += QChar(0x00B7);                      // ·
        else if (c == '\t') out += QChar(0x2192);                // →
        else if (c == '\n') out += QChar(0x21B5);                // ↵
        else if (c == '\r') out += QStringLiteral("\\r");
        else if (c == QChar(0x00A0)) out += QChar(0x2423);       // ␣ for a no-break space
        else out += c;
    }
    return out;
}

std::vector<TokenSpan> token_spans(const QString& text, const std::vector<Token>& tokens) {
    // For each UTF-8 byte offset: the UTF-16 index of the character it belongs to, and whether
    // it starts that character.
    const QByteArray utf8 = text.toUtf8();
    std::vector<qsizetype> char_of(size_t(utf8.size()) + 1, text.size());
    std::vector<qsizetype> char_end(size_t(utf8.size()) + 1, text.size());
    std::vector<bool> boundary(size_t(utf8.size()) + 1, false);
    size_t byte = 0;
    for (qsizetype i = 0; i < text.size();) {
        char32_t cp = text[i].unicode();
        qsizetype units = 1;
        if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(text[i], text[i + 1]);
            units = 2;
        }
        // A lone surrogate becomes U+FFFD (3 bytes) in toUtf8().
        const int len = (cp >= 0xD800 && cp <= 0xDFFF) ? 3 : utf8_length(cp);
        boundary[byte] = true;
        for (int k = 0; k < len && byte + size_t(k) < char_of.size(); ++k) {
            char_of[byte + size_t(k)] = i;
            char_end[byte + size_t(k)] = i + units;
        }
        byte += size_t(len);
        i += units;
    }
    boundary[std::min(byte, boundary.size() - 1)] = true;

    std::vector<TokenSpan> out;
    out.reserve(tokens.size());
    for (const Token& t : tokens) {
        TokenSpan s;
        const bool has = t.start && t.end && *t.start <= *t.end && *t.end <= size_t(utf8.size());
        if (!has) {
            s.shown = visible_whitespace(QString::fromStdString(t.text));
            out.push_back(s);
            continue;
        }
        const size_t b = *t.start, e = *t.end;
        s.begin = char_of[b];
        s.end = e > b ? char_end[e - 1] : s.begin;
        s.splitsCharacter = t.partial_utf8 || !boundary[b] || !boundary[e];
        s.invalidBytes = t.invalid_utf8;
        const QString covered = text.mid(s.begin, s.end - s.begin);
        s.shown = s.splitsCharacter || s.invalidBytes ? visible_whitespace(covered) + QStringLiteral(" \u2039") +
                                          hex_bytes(utf8.mid(qsizetype(b), qsizetype(e - b))) + QStringLiteral("\u203A")
                                    : visible_whitespace(covered);
        out.push_back(s);
    }
    return out;
}

// =========================================================================================
// [SECTION] set-up and options
// =========================================================================================

TokenStrip::TokenStrip(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Tokens"));
    updateFonts();
}

void TokenStrip::updateFonts() {
    word_font_ = font();
    word_font_.setPixelSize(int(std::lround(19 * scale_)));
    detail_font_ = font();
    detail_font_.setPixelSize(int(std::lround(11 * scale_)));
}

void TokenStrip::setScale(double s) {
    scale_ = std::clamp(s, 0.5, 4.0);
    updateFonts();
    layout(width(), &chips_);
    updateGeometry();
    update();
}

void TokenStrip::setShowIds(bool on) {
    if (show_ids_ == on) return;
    show_ids_ = on;
    layout(width(), &chips_);
    updateGeometry();
    update();
}

void TokenStrip::setPlaceholder(const QString& text) {
    placeholder_ = text;
    update();
}

void TokenStrip::setTokens(const QString& text, const std::vector<Token>& tokens,
                           const std::vector<std::optional<uint32_t>>& rows, const std::vector<bool>& approximate) {
    text_ = text;
    chips_.clear();
    const std::vector<TokenSpan> spans = token_spans(text, tokens);
    chips_.reserve(tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
        TokenChip c;
        c.text = spans[i].shown;
        c.piece = QString::fromStdString(tokens[i].piece);
        c.id = tokens[i].id;
        c.row = i < rows.size() ? rows[i] : std::nullopt;
        c.approximate = i < approximate.size() && approximate[i];
        c.splitsCharacter = spans[i].splitsCharacter;
        c.invalidBytes = spans[i].invalidBytes;
        c.begin = spans[i].begin;
        c.end = spans[i].end;
        if (tokens[i].start && tokens[i].end)
            c.bytes = tr("bytes %1–%2").arg(qulonglong(*tokens[i].start)).arg(qulonglong(*tokens[i].end));
        if (c.text.isEmpty()) c.text = QStringLiteral("∅");
        chips_.push_back(c);
    }
    hovered_ = -1;
    focused_ = std::min<int>(focused_, int(chips_.size()) - 1);
    layout(width(), &chips_);
    updateGeometry();
    update();
}

// =========================================================================================
// [SECTION] layout and hit testing
// =========================================================================================

int TokenStrip::layout(int width, std::vector<TokenChip>* chips) const {
    const QFontMetricsF wm(word_font_), dm(detail_font_);
    const double h = kPadY * 2 + wm.height() + (show_ids_ ? dm.height() : 0);
    double x = kMargin, y = kMargin;
    for (auto& c : *chips) {
        double w = wm.horizontalAdvance(c.text) + 2 * kPadX;
        if (show_ids_) w = std::max(w, dm.horizontalAdvance(QString::number(c.id)) + 2 * kPadX);
        if (x > kMargin && x + w > width - kMargin) {
            x = kMargin;
            y += h + kGapY;
        }
        c.rect = QRectF(x, y, w, h);
        x += w + kGapX;
        if (c.text.endsWith(QChar(0x21B5))) x = width;  // a line break in the text breaks the strip's line
    }
    return int(std::ceil(y + h + kMargin));
}

int TokenStrip::heightForWidth(int width) const {
    std::vector<TokenChip> copy = chips_;
    return layout(width, &copy);
}

QSize TokenStrip::sizeHint() const { return {400, heightForWidth(width() > 0 ? width() : 400)}; }
QSize TokenStrip::minimumSizeHint() const { return {100, heightForWidth(width() > 0 ? width() : 400)}; }

void TokenStrip::resizeEvent(QResizeEvent*) {
    const int before = chips_.empty() ? 0 : int(chips_.back().rect.bottom());
    layout(width(), &chips_);
    if (!chips_.empty() && int(chips_.back().rect.bottom()) != before) updateGeometry();
}

int TokenStrip::chipAt(QPointF pos) const {
    for (size_t i = 0; i < chips_.size(); ++i)
        if (chips_[i].rect.adjusted(-kGapX / 2, -kGapY / 2, kGapX / 2, kGapY / 2).contains(pos)) return int(i);
    return -1;
}

QString TokenStrip::describe(size_t i) const {
    if (i >= chips_.size()) return {};
    const TokenChip& c = chips_[i];
    QStringList lines;
    lines << tr("token %1 of %2: “%3”").arg(i + 1).arg(chips_.size()).arg(c.text);
    lines << (c.id >= 0 ? tr("id %1").arg(c.id) : tr("no id (not in the tokenizer's vocabulary)"));
    if (!c.piece.isEmpty() && c.piece != c.text) lines << tr("vocabulary spelling “%1”").arg(c.piece);
    if (!c.bytes.isEmpty()) lines << c.bytes;
    if (c.splitsCharacter) lines << tr("part of a character: the tokenizer split its UTF-8 bytes");
    if (c.invalidBytes) lines << tr("bytes that are not UTF-8 (shown in ‹ ›): the text around them was damaged");
    if (c.row)
        lines << (c.approximate ? tr("drawn as the word of row %1 (looked up by its text)").arg(*c.row)
                                : tr("drawn as row %1 of the vocabulary").arg(*c.row));
    else
        lines << tr("not in the shown vocabulary: not drawn");
    return lines.join('\n');
}

// =========================================================================================
// [SECTION] input
// =========================================================================================

bool TokenStrip::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const int i = chipAt(help->pos());
        if (i >= 0) QToolTip::showText(help->globalPos(), describe(size_t(i)), this, chips_[size_t(i)].rect.toRect());
        else QToolTip::hideText();
        return true;
    }
    return QWidget::event(e);
}

void TokenStrip::mousePressEvent(QMouseEvent* e) {
    const int i = chipAt(e->position());
    if (i >= 0 && chips_[size_t(i)].row) emit chipClicked(qint64(*chips_[size_t(i)].row));
}

void TokenStrip::mouseMoveEvent(QMouseEvent* e) {
    const int i = chipAt(e->position());
    const bool drawable = i >= 0 && chips_[size_t(i)].row;
    setCursor(drawable ? Qt::PointingHandCursor : Qt::ArrowCursor);
    if (i != hovered_) {
        hovered_ = i;
        update();
        emit chipHovered(drawable ? qint64(*chips_[size_t(i)].row) : -1);
    }
}

void TokenStrip::leaveEvent(QEvent*) {
    if (hovered_ >= 0) {
        hovered_ = -1;
        update();
        emit chipHovered(-1);
    }
}

void TokenStrip::keyPressEvent(QKeyEvent* e) {
    if (chips_.empty()) return QWidget::keyPressEvent(e);
    const int n = int(chips_.size());
    int next = focused_;
    switch (e->key()) {
    case Qt::Key_Left: next = std::max(0, focused_ - 1); break;
    case Qt::Key_Right: next = std::min(n - 1, focused_ + 1); break;
    case Qt::Key_Home: next = 0; break;
    case Qt::Key_End: next = n - 1; break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        if (focused_ >= 0 && chips_[size_t(focused_)].row) emit chipClicked(qint64(*chips_[size_t(focused_)].row));
        return;
    default: return QWidget::keyPressEvent(e);
    }
    if (next != focused_) {
        focused_ = next;
        const TokenChip& c = chips_[size_t(focused_)];
        emit chipHovered(c.row ? qint64(*c.row) : -1);
        QToolTip::showText(mapToGlobal(c.rect.bottomLeft().toPoint()), describe(size_t(focused_)), this);
        update();
    }
}

void TokenStrip::focusInEvent(QFocusEvent* e) {
    if (focused_ < 0 && !chips_.empty()) focused_ = 0;
    update();
    QWidget::focusInEvent(e);
}

void TokenStrip::focusOutEvent(QFocusEvent* e) {
    emit chipHovered(-1);
    update();
    QWidget::focusOutEvent(e);
}

// =========================================================================================
// [SECTION] painting
// =========================================================================================

void TokenStrip::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    if (chips_.empty()) {
        p.setPen(theme::axisText());
        p.setFont(word_font_);
        p.drawText(rect().adjusted(int(kMargin) + 4, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, placeholder_);
        return;
    }
    const QFontMetricsF wm(word_font_), dm(detail_font_);
    for (size_t i = 0; i < chips_.size(); ++i) {
        const TokenChip& c = chips_[i];
        const QRectF r = c.rect.adjusted(0.5, 0.5, -0.5, -0.5);
        p.setBrush(theme::tokenColour(i));
        const bool active = int(i) == hovered_ || (hasFocus() && int(i) == focused_);
        if (active) p.setPen(QPen(theme::focus(), 2));
        else if (c.unknown()) p.setPen(QPen(theme::unknownChipBorder(), 1.2, Qt::DashLine));
        else p.setPen(Qt::NoPen);
        p.drawRoundedRect(r, 4, 4);
        QFont wf = word_font_;
        wf.setItalic(c.splitsCharacter || c.invalidBytes);
        p.setFont(wf);
        p.setPen(theme::label());
        p.drawText(QRectF(r.left(), r.top() + kPadY, r.width(), wm.height()), Qt::AlignHCenter | Qt::AlignVCenter, c.text);
        if (show_ids_) {
            p.setFont(detail_font_);
            p.setPen(theme::axisText());
            p.drawText(QRectF(r.left(), r.top() + kPadY + wm.height(), r.width(), dm.height()),
                       Qt::AlignHCenter | Qt::AlignVCenter, c.id >= 0 ? QString::number(c.id) : QStringLiteral("–"));
        }
    }
}

} // namespace es::ui
