#include "token_strip.h"

#include "session.h"
#include "theme.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>

namespace es::ui {
namespace {
constexpr double kPadX = 10, kPadY = 5, kGapX = 8, kGapY = 8, kMargin = 6;
}

TokenStrip::TokenStrip(Session* session, QWidget* parent) : QWidget(parent), session_(session) {
    word_font_ = font();
    word_font_.setPixelSize(17);
    detail_font_ = font();
    detail_font_.setPixelSize(11);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    setMouseTracking(true);
    connect(session_, &Session::tokensChanged, this, &TokenStrip::rebuild);
    connect(session_, &Session::stateChanged, this, &TokenStrip::rebuild);
    rebuild();
}

void TokenStrip::rebuild() {
    chips_.clear();
    const QLocale locale = QLocale::system();
    switch (session_->state()) {
    case Session::State::Ready: placeholder_ = tr("Type a sentence above: each word becomes a token."); break;
    case Session::State::Loading: placeholder_ = tr("Loading the word vectors…"); break;
    default: placeholder_ = tr("No word vectors: tokens appear here once a table is loaded."); break;
    }
    for (const auto& t : session_->tokens()) {
        TokenChip c;
        c.text = QString::fromStdString(t.text);
        c.unknown = t.id < 0;
        c.row = t.id;
        c.detail = c.unknown ? tr("unknown") : QStringLiteral("#") + locale.toString(qlonglong(t.id));
        chips_.push_back(c);
    }
    layout(width(), &chips_);
    updateGeometry();
    update();
}

int TokenStrip::layout(int width, std::vector<TokenChip>* chips) const {
    const QFontMetricsF wm(word_font_), dm(detail_font_);
    const double h = kPadY * 2 + wm.height() + dm.height();
    double x = kMargin, y = kMargin;
    for (auto& c : *chips) {
        const double w = std::max(wm.horizontalAdvance(c.text), dm.horizontalAdvance(c.detail)) + 2 * kPadX;
        if (x > kMargin && x + w > width - kMargin) {
            x = kMargin;
            y += h + kGapY;
        }
        c.rect = QRectF(x, y, w, h);
        x += w + kGapX;
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

const TokenChip* TokenStrip::chipAt(QPointF pos) const {
    for (const auto& c : chips_)
        if (c.rect.contains(pos)) return &c;
    return nullptr;
}

bool TokenStrip::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        if (const TokenChip* c = chipAt(help->pos()))
            QToolTip::showText(help->globalPos(),
                               c->unknown ? tr("“%1” is not in the vocabulary").arg(c->text)
                                          : tr("“%1”: row %2 of the table, frequency rank %3")
                                                .arg(c->text)
                                                .arg(c->row)
                                                .arg(c->row + 1),
                               this, c->rect.toRect());
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(e);
}

void TokenStrip::mousePressEvent(QMouseEvent* e) {
    if (const TokenChip* c = chipAt(e->position()); c && !c->unknown) emit chipClicked(c->row);
}

void TokenStrip::mouseMoveEvent(QMouseEvent* e) {
    const TokenChip* c = chipAt(e->position());
    const int64_t row = c && !c->unknown ? c->row : -1;
    setCursor(row >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    if (row != hovered_) emit chipHovered(hovered_ = row);
}

void TokenStrip::leaveEvent(QEvent*) {
    if (hovered_ >= 0) emit chipHovered(hovered_ = -1);
}

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
    for (const auto& c : chips_) {
        const QRectF r = c.rect.adjusted(0.5, 0.5, -0.5, -0.5);
        QPen border(c.unknown ? theme::unknownChipBorder() : theme::chipBorder(), 1.5);
        if (c.unknown) border.setStyle(Qt::DashLine);
        p.setPen(border);
        p.setBrush(c.unknown ? theme::unknownChip() : theme::chip());
        p.drawRoundedRect(r, 7, 7);
        QFont wf = word_font_;
        wf.setItalic(c.unknown);
        p.setFont(wf);
        p.setPen(c.unknown ? theme::unknownChipText() : theme::chipText());
        p.drawText(QRectF(r.left(), r.top() + kPadY, r.width(), wm.height()), Qt::AlignHCenter | Qt::AlignVCenter, c.text);
        p.setFont(detail_font_);
        p.setPen(c.unknown ? theme::unknownChipText() : theme::chipBorder().darker(130));
        p.drawText(QRectF(r.left(), r.top() + kPadY + wm.height(), r.width(), dm.height()),
                   Qt::AlignHCenter | Qt::AlignVCenter, c.detail);
    }
}

} // namespace es::ui
