// The text being explored and its tokens: the tokenizer chosen (the source's own, a named one or
// a tokenizer file or folder), the tokens it cuts, the vocabulary row of each and the distinct
// words highlighted in the scatter. Part of the Session.
#pragma once
#include "tokenizers/token.h"

#include <QObject>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector3D>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace es {
class Tokenizer;
class VectorTable;
}

namespace es::ui {

// A point of the scatter: x, y, z (z = 0 in 2-D). Converts to QPointF (x, y) for 2-D callers.
struct ScenePoint : QVector3D {
    using QVector3D::QVector3D;
    ScenePoint(const QVector3D& v) : QVector3D(v) {}
    operator QPointF() const { return toPointF(); }
};

struct HighlightedWord {
    uint32_t row = 0;
    QString word;         // the vocabulary's spelling
    ScenePoint position;  // in the current projection
};

class TextDocument : public QObject {
    Q_OBJECT
public:
    // `place` gives a row's point in the current projection (for the highlights).
    explicit TextDocument(std::function<ScenePoint(uint32_t)> place, QObject* parent = nullptr)
        : QObject(parent), place_(std::move(place)) {}

    // A new source: its table and own tokenizer ("glove" or "model"); then `choice` is applied as
    // setTokenizer() does ("" = the source's own).
    void adoptSource(std::shared_ptr<const VectorTable> table, std::shared_ptr<const Tokenizer> own, const QString& own_name,
                     bool model_source, const QString& choice);
    // What adoptSource() should be given to keep the person's choice: "" when it was the source's own.
    QString carriedChoice() const;

    static QStringList tokenizerNames();  // the core's named tokenizers
    QStringList availableTokenizers() const;  // tokenizerNames() and, for a model source, "model"
    void setTokenizer(const QString& name_or_path);
    QString tokenizerName() const { return tokenizer_name_; }
    QString tokenizerError() const { return tokenizer_error_; }

    bool setText(const QString& text);  // false when it is the text already shown
    QString text() const { return text_; }
    const std::vector<Token>& tokens() const { return tokens_; }
    std::optional<uint32_t> tokenRow(size_t i) const { return i < token_rows_.size() ? token_rows_[i] : std::nullopt; }
    bool tokenApproximate(size_t i) const { return i < tokens_.size() && !tokenizer_is_source_; }
    const std::vector<HighlightedWord>& highlights() const { return highlights_; }
    // The highlights' points again, after the projection changed (no signal: the Session sends it).
    void refreshHighlights();
    QStringList unknownWords() const;

signals:
    void tokenizerChanged();
    void tokensChanged();

private:
    void retokenize();

    std::function<ScenePoint(uint32_t)> place_;
    std::shared_ptr<const VectorTable> table_;
    std::shared_ptr<const Tokenizer> own_;
    QString own_name_;
    bool model_source_ = false;
    QString text_;
    QString tokenizer_name_;
    QString tokenizer_error_;
    std::shared_ptr<const Tokenizer> tokenizer_;
    std::map<QString, std::shared_ptr<const Tokenizer>> cache_;  // by name or path; not glove (bound to a table)
    bool tokenizer_is_source_ = true;  // ids are rows
    std::vector<Token> tokens_;
    std::vector<std::optional<uint32_t>> token_rows_;
    std::vector<HighlightedWord> highlights_;
};

} // namespace es::ui
