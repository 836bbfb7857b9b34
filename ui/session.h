// The document the window shows: the vector table, its PCA projection, the text and its tokens.
// Views observe it through its signals and accessors and never compute (DESIGN.md). Opening
// the table, fitting the PCA and projecting run on a worker thread; the window stays live.
#pragma once
#include "pca.h"
#include "token.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointF>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace es {
class VectorTable;
class GloveTokenizer;
}

namespace es::ui {

// The scatter shows this many of the table's first (most frequent) rows; the PCA is fitted on them.
inline constexpr size_t kScatterRows = 10000;

struct HighlightedWord {
    uint32_t row = 0;
    QString word;      // the table's spelling
    QPointF position;  // PCA coordinates
};

class Session : public QObject {
    Q_OBJECT
public:
    enum class State { Empty, Loading, Ready, Missing, Damaged };
    Q_ENUM(State)

    // What the worker thread hands back.
    struct Loaded;

    explicit Session(QObject* parent = nullptr);
    ~Session() override;

    // Opens `path` on a worker thread; stateChanged() reports Loading, then Ready, Missing or Damaged.
    void load(const QString& path);
    void setText(const QString& text);

    State state() const { return state_; }
    QString tablePath() const { return path_; }
    QString errorMessage() const { return error_; }  // for Missing and Damaged: what to show
    QString loadedText() const { return text_; }

    // Converting the default table again from the downloaded package (`embedscope import --default`).
    bool canReconvert() const;
    bool converting() const { return process_ != nullptr; }
    void setConvertCommand(const QString& program, const QStringList& arguments);
    void reconvert();

    // --- valid in state Ready ---
    const VectorTable* table() const { return table_.get(); }
    size_t vocabularySize() const;
    uint32_t dimension() const;
    const PcaModel& pca() const { return pca_; }
    // kScatterRows (or fewer) points, x y interleaved, in PCA coordinates; row i is point i.
    const std::vector<float>& points() const { return points_; }
    size_t pointCount() const { return points_.size() / 2; }
    QPointF projectRow(uint32_t row) const;
    QString word(uint32_t row) const;

    // --- the text ---
    const std::vector<Token>& tokens() const { return tokens_; }
    // The distinct known words of the text, in order of first appearance.
    const std::vector<HighlightedWord>& highlights() const { return highlights_; }
    std::vector<uint32_t> highlightedRows() const;
    QStringList unknownWords() const;

signals:
    void stateChanged(es::ui::Session::State state);
    void projectionChanged();  // points() and pca() changed
    void tokensChanged();      // tokens() and highlights() changed
    void convertingChanged(bool running);
    void convertFinished(bool ok, const QString& message);

private:
    void adopt(const Loaded& loaded);
    void retokenize();

    State state_ = State::Empty;
    QString path_;
    QString error_;
    QString text_;
    std::shared_ptr<const VectorTable> table_;
    std::unique_ptr<GloveTokenizer> tokenizer_;
    PcaModel pca_;
    std::vector<float> points_;
    std::vector<Token> tokens_;
    std::vector<HighlightedWord> highlights_;
    unsigned generation_ = 0;  // a load finishing after a newer one started is dropped
    QString convert_program_;
    QStringList convert_arguments_;
    QProcess* process_ = nullptr;
};

} // namespace es::ui
