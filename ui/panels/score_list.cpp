#include "panels/score_list.h"

#include "style/theme.h"

#include <QPainter>
#include <QPainterPath>
#include <QStyledItemDelegate>

#include <algorithm>

namespace es::ui {

namespace {

enum Role { RowRole = Qt::UserRole, ScoreTextRole, StrengthRole, RankRole, MarkedRole };

// One line: rank, word, the score right-aligned, and under them a bar as long as the strength.
class ScoreDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const override {
        const QFontMetrics fm(option.font);
        return {fm.horizontalAdvance(QStringLiteral("00  wwwwwwwwww  0.000")), fm.height() + fm.height() / 2 + 8};
    }

    void paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        p->save();
        p->setRenderHint(QPainter::Antialiasing);
        const QPalette& pal = option.palette;
        const bool selected = option.state & QStyle::State_Selected;
        const bool focused = option.state & QStyle::State_HasFocus;
        const QRectF r = QRectF(option.rect).adjusted(2, 1, -2, -1);
        if (selected) {
            QColor bg = pal.color(QPalette::Highlight);
            bg.setAlpha(40);
            p->setPen(Qt::NoPen);
            p->setBrush(bg);
            p->drawRoundedRect(r, 4, 4);
        }
        if (focused) {
            p->setPen(QPen(theme::focus(), 1.5));
            p->setBrush(Qt::NoBrush);
            p->drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        }

        const QFontMetrics fm(option.font);
        const double bar_h = std::max(4.0, fm.height() / 4.0);
        const QRectF text_r(r.left() + 6, r.top() + 2, r.width() - 12, fm.height());
        const QRectF bar_r(text_r.left(), text_r.bottom() + 3, text_r.width(), bar_h);

        const bool marked = index.data(MarkedRole).toBool();
        const QColor accent = marked ? theme::palette()[6] : theme::palette()[5];
        QColor track = theme::grid();
        p->setPen(Qt::NoPen);
        p->setBrush(track);
        p->drawRoundedRect(bar_r, bar_h / 2, bar_h / 2);
        const double strength = std::clamp(index.data(StrengthRole).toDouble(), 0.0, 1.0);
        if (strength > 0) {
            QRectF fill = bar_r;
            fill.setWidth(std::max(bar_h, bar_r.width() * strength));
            p->setBrush(accent);
            p->drawRoundedRect(fill, bar_h / 2, bar_h / 2);
        }

        const QString rank = index.data(RankRole).toString();
        const QString score = index.data(ScoreTextRole).toString();
        const int rank_w = fm.horizontalAdvance(QStringLiteral("00 "));
        const int score_w = fm.horizontalAdvance(score) + 4;
        p->setPen(theme::axisText());
        p->drawText(QRectF(text_r.left(), text_r.top(), rank_w, text_r.height()), Qt::AlignLeft | Qt::AlignVCenter, rank);
        QFont word_font = option.font;
        word_font.setBold(marked);
        p->setFont(word_font);
        p->setPen(pal.color(QPalette::Text));
        const QRectF word_r(text_r.left() + rank_w, text_r.top(), text_r.width() - rank_w - score_w, text_r.height());
        p->drawText(word_r, Qt::AlignLeft | Qt::AlignVCenter,
                    QFontMetrics(word_font).elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, int(word_r.width())));
        p->setFont(option.font);
        p->setPen(pal.color(QPalette::Text));
        p->drawText(text_r, Qt::AlignRight | Qt::AlignVCenter, score);
        p->restore();
    }
};

} // namespace

ScoreList::ScoreList(QWidget* parent) : QListWidget(parent) {
    setItemDelegate(new ScoreDelegate(this));
    setUniformItemSizes(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setMinimumHeight(120);
    connect(this, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        emit rowChosen(item->data(RowRole).toUInt());
    });
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit rowChosen(item->data(RowRole).toUInt());
    });
}

void ScoreList::setScores(const std::vector<ScoredWord>& scores, int decimals) {
    scores_ = scores;
    clear();
    int rank = 0;
    for (const ScoredWord& s : scores_) {
        auto* item = new QListWidgetItem(s.word, this);
        const QString score = QString::number(s.score, 'f', decimals);
        item->setData(RowRole, s.row);
        item->setData(ScoreTextRole, score);
        item->setData(StrengthRole, s.strength);
        item->setData(RankRole, QString::number(++rank));
        item->setData(MarkedRole, marked_ && *marked_ == s.row);
        item->setData(Qt::AccessibleTextRole, QStringLiteral("%1. %2, %3").arg(rank).arg(s.word, score));
        item->setToolTip(tr("%1 — score %2 (row %3, frequency rank %4)").arg(s.word, score).arg(s.row).arg(s.row + 1));
    }
    viewport()->update();
}

void ScoreList::setPlaceholder(const QString& text) {
    placeholder_ = text;
    viewport()->update();
}

void ScoreList::setMarkedRow(std::optional<uint32_t> row) {
    marked_ = row;
    for (int i = 0; i < count(); ++i)
        item(i)->setData(MarkedRole, row && item(i)->data(RowRole).toUInt() == *row);
}

void ScoreList::paintEvent(QPaintEvent* e) {
    QListWidget::paintEvent(e);
    if (count() > 0 || placeholder_.isEmpty()) return;
    QPainter p(viewport());
    p.setPen(theme::axisText());
    p.drawText(viewport()->rect().adjusted(12, 12, -12, -12), Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, placeholder_);
}

} // namespace es::ui
