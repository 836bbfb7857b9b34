// The token strip under the text: the text itself, coloured span by span, one span per token
// (as the tokenizer playgrounds show it), whitespace made visible (· for a space, → for a tab,
// ↵ for a line break), the token ids under the spans when asked, and the count. A token that
// splits a character shows that character with its own bytes (e.g. ‹E2 80›). Hover names the
// token: id, the vocabulary's spelling, its byte span and its row in the shown vocabulary.
#pragma once
#include "tokenizers/token.h"

#include <QRectF>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <optional>
#include <vector>

namespace es::ui {

// One token mapped onto the QString the user typed.
struct TokenSpan {
    qsizetype begin = -1, end = -1;  // UTF-16 positions in the text; -1: no span (e.g. [CLS])
    QString shown;                   // what the strip draws: whitespace made visible
    bool splitsCharacter = false;    // a part of a character's bytes
    bool invalidBytes = false;       // input bytes that are not UTF-8 (shown with their hex)
};

// Maps each token's UTF-8 byte span onto `text` (UTF-16). A span edge inside a character widens
// to that whole character; such tokens are flagged and show the character with their bytes.
std::vector<TokenSpan> token_spans(const QString& text, const std::vector<Token>& tokens);
// Spaces, tabs and line breaks as visible marks.
QString visible_whitespace(const QString& s);

struct TokenChip {
    QString text;        // the token as shown (whitespace visible)
    QString piece;       // the vocabulary's spelling
    int64_t id = -1;     // the tokenizer's id; -1: not in its vocabulary
    std::optional<uint32_t> row;  // its row in the shown vocabulary (scatter point); none: not drawn
    bool approximate = false;     // row found by the piece's text, lower-cased (another tokenizer's piece)
    bool splitsCharacter = false;
    bool invalidBytes = false;
    qsizetype begin = -1, end = -1;  // UTF-16 span in the text
    QString bytes;       // "bytes 4–9"
    QRectF rect;         // in widget pixels, after layout
    bool unknown() const { return !row.has_value(); }
};

class TokenStrip : public QWidget {
    Q_OBJECT
public:
    explicit TokenStrip(QWidget* parent = nullptr);

    // The text and its tokens; rows[i] is token i's row in the shown vocabulary.
    void setTokens(const QString& text, const std::vector<Token>& tokens, const std::vector<std::optional<uint32_t>>& rows,
                   const std::vector<bool>& approximate = {});
    void setPlaceholder(const QString& text);
    void setShowIds(bool on);
    bool showIds() const { return show_ids_; }
    // Larger type (presentation mode, the Tokens tab).
    void setScale(double s);

    const std::vector<TokenChip>& chips() const { return chips_; }
    QString placeholder() const { return placeholder_; }
    QString text() const { return text_; }
    // The tooltip text for chip i.
    QString describe(size_t i) const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void chipClicked(qint64 row);
    void chipHovered(qint64 row);  // -1: none (the pointer left the chips, or the chip has no point)

protected:
    bool event(QEvent* e) override;
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void leaveEvent(QEvent*) override;
    void keyPressEvent(QKeyEvent*) override;
    void focusInEvent(QFocusEvent*) override;
    void focusOutEvent(QFocusEvent*) override;

private:
    void updateFonts();
    // Lays the chips out for `width`; returns the height they take.
    int layout(int width, std::vector<TokenChip>* chips) const;
    int chipAt(QPointF pos) const;

    QString text_;
    std::vector<TokenChip> chips_;
    QString placeholder_;
    int hovered_ = -1;
    int focused_ = -1;  // keyboard cursor over the chips (Left/Right, Enter centres its point)
    bool show_ids_ = false;
    double scale_ = 1.0;
    QFont word_font_, detail_font_;
};

} // namespace es::ui
