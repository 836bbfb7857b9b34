// The token chips under the text: one per token of the session's tokenizer, flowing over as
// many lines as needed. Known words show their row (GloVe's frequency rank − 1); words not in
// the vocabulary are drawn dashed and grey.
#pragma once
#include <QRectF>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <vector>

namespace es::ui {

class Session;

struct TokenChip {
    QString text;     // the token as written
    QString detail;   // "#row" or "unknown"
    bool unknown = false;
    int64_t row = -1;
    QRectF rect;      // in widget pixels, after layout
};

class TokenStrip : public QWidget {
    Q_OBJECT
public:
    explicit TokenStrip(Session* session, QWidget* parent = nullptr);

    const std::vector<TokenChip>& chips() const { return chips_; }
    QString placeholder() const { return placeholder_; }

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void chipClicked(int64_t row);
    void chipHovered(int64_t row);  // -1: none (the pointer left the chips)

protected:
    bool event(QEvent* e) override;
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void leaveEvent(QEvent*) override;

private:
    void rebuild();
    // Lays the chips out for `width`; returns the height they take.
    int layout(int width, std::vector<TokenChip>* chips) const;
    const TokenChip* chipAt(QPointF pos) const;

    Session* session_;
    std::vector<TokenChip> chips_;
    QString placeholder_;
    int64_t hovered_ = -1;
    QFont word_font_, detail_font_;
};

} // namespace es::ui
