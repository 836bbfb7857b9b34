// The document the window shows, as one façade over its parts (DESIGN.md, "Architecture"):
//   SourceDocument      the vocabulary's source, loaded off the UI thread
//   ProjectionDocument  its layout in the scatter
//   SelectionDocument   selection, word search and colouring
//   TextDocument        the text, its tokenizer and tokens
//   ContextualDocument  an encoder source's contextual vectors and word trajectories
//   ViewsDocument       what the positions, RoPE and attention views show (made on first use)
//   DefaultDataConversion  re-converting the default data
// Views observe the Session's signals and read its accessors, and never compute. The Session
// keeps the parts consistent: when one changes, the others that depend on it follow before any
// signal is sent, and the signals go out in one documented order (adopt()).
#pragma once
#include "document/contextual_document.h"
#include "document/default_data_conversion.h"
#include "document/projection_document.h"
#include "document/selection_document.h"
#include "document/source_document.h"
#include "document/text_document.h"
#include "search/analogy.h"
#include "search/neighbours.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace es::ui {

class ViewsDocument;

// Rows of the Top10k fit set (the 10,000 most frequent words).
inline constexpr size_t kScatterRows = 10000;

class Session : public QObject {
    Q_OBJECT
public:
    using State = SourceDocument::State;
    using ColourBy = SelectionDocument::ColourBy;
    using TrajectoryScale = ContextualDocument::TrajectoryScale;

    explicit Session(QObject* parent = nullptr);
    ~Session() override;

    // The positions, RoPE and attention views' document, following this session's text and source.
    ViewsDocument* views();
    // The loaded source itself (its encoder and host), for documents that share the model.
    const SourceDocument& sourceDocument() const { return source_; }

    // --- sources ---
    // Opens a source on a worker thread; stateChanged() reports Loading, then Ready, Missing or
    // Damaged. While loading, the previous source stays readable (table(), points(), …).
    void open(const SourceSpec& source);
    void load(const QString& path) { open(SourceSpec::table(path)); }
    // Abandons the load in flight; the previous source (and its state) comes back.
    void cancelLoad() { source_.cancelLoad(); }
    SourceSpec source() const { return source_.source(); }
    double loadProgress() const { return source_.progress(); }
    QString loadStage() const { return source_.stage(); }
    void setText(const QString& text);

    State state() const { return source_.state(); }
    QString tablePath() const { return source_.source().path; }
    QString errorMessage() const { return source_.error(); }  // for Missing and Damaged: what to show
    QString loadedText() const { return text_.text(); }

    // Converting the default table again from the downloaded package (`embedscope import --default`).
    bool canReconvert() const;
    bool converting() const { return conversion_.running(); }
    void setConvertCommand(const QString& program, const QStringList& arguments) { conversion_.setCommand(program, arguments); }
    void reconvert() { conversion_.start(); }

    // --- the vocabulary (valid in state Ready) ---
    const VectorTable* table() const { return source_.table().get(); }
    std::shared_ptr<const VectorTable> sharedTable() const { return source_.table(); }
    size_t vocabularySize() const;
    uint32_t dimension() const;
    QString word(uint32_t row) const;
    std::optional<uint32_t> findWord(const QString& word) const;  // as typed, then lower-cased

    // --- projection ---
    // projectionChanged() when the points are ready; projectionFailed() (the shown one stays) when
    // the spec cannot be applied, e.g. an axis word the vocabulary lacks.
    void setProjection(const ProjectionSpec& spec);
    ProjectionSpec projection() const { return projection_.spec(); }  // the one shown (or, while loading, to be shown)
    QString projectionError() const { return projection_.error(); }  // e.g. an axis word not in the vocabulary
    bool projecting() const { return projection_.projecting(); }
    QStringList axisLabels() const { return projection_.axisLabels(); }  // "PC1 (12.3 %)" or "he → she"
    std::vector<double> explainedVariance() const { return projection_.explainedVariance(); }  // of the shown axes
    // The PCA fitted on the current fit set, kMaxComponents (or dim) components.
    const PcaModel& pca() const { return projection_.pca(); }
    // Every row of the vocabulary, 3 floats each (x, y, z; z = 0 in 2-D); row = frequency rank.
    const std::vector<float>& points() const { return projection_.points(); }
    size_t pointCount() const { return projection_.points().size() / 3; }
    ScenePoint projectRow(uint32_t row) const;
    ScenePoint projectVector(const float* v) const;  // dimension() floats, in the original space

    // --- selection ---
    const std::vector<uint32_t>& selection() const { return selection_.selection(); }  // sorted, unique
    void setSelection(std::vector<uint32_t> rows) { selection_.setSelection(std::move(rows)); }
    std::optional<uint32_t> currentRow() const { return selection_.currentRow(); }
    void setCurrentRow(std::optional<uint32_t> row) { selection_.setCurrentRow(row); }

    // --- search (case-insensitive substring, or a regular expression) ---
    void setSearch(const QString& pattern, bool regex) { selection_.setSearch(pattern, regex); }
    QString searchPattern() const { return selection_.searchPattern(); }
    bool searchIsRegex() const { return selection_.searchIsRegex(); }
    QString searchError() const { return selection_.searchError(); }  // an invalid regex: why; no matches then
    const std::vector<uint32_t>& searchMatches() const { return selection_.searchMatches(); }
    bool searching() const { return selection_.searching(); }

    // --- colour ---
    // Set while loading, it applies to the new source (Rank if it lacks the column).
    void setColourBy(ColourBy by, const QString& column = {}) { selection_.setColourBy(by, column, state() == State::Loading); }
    ColourBy colourBy() const { return selection_.colourBy(); }
    QString colourColumn() const { return selection_.colourColumn(); }
    QStringList metadataColumns() const { return selection_.metadataColumns(); }  // TSV sources with extra columns
    // Per row: Rank 0..1 = log(1 + rank) / log(rows) (0 = most frequent), Selection 0/1, Metadata
    // the category index. Selection and current row always refer to the shown source.
    const std::vector<float>& colourValues() const { return selection_.colourValues(); }
    QStringList colourCategories() const { return selection_.colourCategories(); }  // Metadata: index → value
    QString metadataValue(uint32_t row, const QString& column) const { return selection_.metadataValue(row, column); }

    // --- queries: synchronous, on the caller's thread, in the original space ---
    // The k nearest rows (the row itself excluded) with exact scores.
    std::vector<Neighbour> neighbours(uint32_t row, int k, Metric metric = Metric::Cosine) const;
    std::vector<Neighbour> neighboursOfVector(const float* v, int k, Metric metric = Metric::Cosine) const;
    // gensim's 3CosAdd/3CosMul; `target` of the result is b − a + c in the original space.
    Analogy analogy(uint32_t a, uint32_t b, uint32_t c, AnalogyMethod method = AnalogyMethod::CosAdd, int k = 10) const;

    // --- the text ---
    static QStringList tokenizerNames() { return TextDocument::tokenizerNames(); }  // the core's named tokenizers
    QStringList availableTokenizers() const { return text_.availableTokenizers(); }  // and "model" for a model source
    // A name from availableTokenizers() or a tokenizer file/folder path; "" = the source's own
    // (glove for tables and builtin, the model's for a model). On error: tokenizerError(), unchanged.
    void setTokenizer(const QString& name_or_path) { text_.setTokenizer(name_or_path); }
    QString tokenizerName() const { return text_.tokenizerName(); }
    QString tokenizerError() const { return text_.tokenizerError(); }
    const std::vector<Token>& tokens() const { return text_.tokens(); }
    // The vocabulary row of token i: its id where the tokenizer is the source's own, else its
    // piece with the marker stripped and lower-cased (Ġdark → dark, ##ness → ness), approximate.
    std::optional<uint32_t> tokenRow(size_t i) const { return text_.tokenRow(i); }
    bool tokenApproximate(size_t i) const { return text_.tokenApproximate(i); }
    // The distinct rows of the text, in order of first appearance.
    const std::vector<HighlightedWord>& highlights() const { return text_.highlights(); }
    std::vector<uint32_t> highlightedRows() const;
    QStringList unknownWords() const { return text_.unknownWords(); }

    // --- encoder sources (Model, Builtin) ---
    bool hasEncoder() const { return contextual_.hasEncoder(); }
    QString encoderName() const { return contextual_.encoderName(); }
    int layerCount() const { return contextual_.layerCount(); }
    void setLayer(int layer) { contextual_.setLayer(layer); }  // 0 = embeddings, layerCount() = the last layer's output
    int layer() const { return contextual_.layer(); }
    // The text's tokens (the encoder's own tokenization) at layer(), projected, 3 floats each.
    const std::vector<float>& contextualPoints() const { return contextual_.points(); }
    const std::vector<Token>& contextualTokens() const { return contextual_.tokens(); }
    QString contextualError() const { return contextual_.error(); }
    // auto | cpu | gpu; applies to the next source opened (and reopens the current encoder source).
    void setEncoderBackend(const QString& choice);
    QString encoderBackend() const { return backend_choice_; }
    QString encoderBackendInUse() const { return source_.backendInUse(); }  // "" without an encoder

    // --- a word followed through the layers (encoder sources) ---
    // The word's vector after each layer in each sentence (blank lines skipped), from the core's
    // word_in_contexts on the encoder's thread; the newest request wins. An empty word clears.
    // A sentence without the word is left out and named in trajectoryError(); the others draw.
    void setTrajectories(const QString& word, const QStringList& sentences) { contextual_.setTrajectories(word, sentences); }
    QString trajectoryWord() const { return contextual_.trajectoryWord(); }
    QStringList trajectorySentences() const { return contextual_.trajectorySentences(); }
    // How each layer's vector is scaled before it is projected: to the length of the word's static
    // vector (its direction only: residual layers grow the norm, which carries raw paths far off the
    // vocabulary's cloud), or as the encoder computed it. Words the vocabulary lacks: layer 0's length.
    void setTrajectoryScale(TrajectoryScale scale) { contextual_.setTrajectoryScale(scale); }
    TrajectoryScale trajectoryScale() const { return contextual_.trajectoryScale(); }
    // [path][layer 0..layerCount()], scaled as above and projected as contextualPoints() are; one
    // path per sentence that has the word, in order, each with trajectorySentence(i) and a label.
    const std::vector<std::vector<QVector3D>>& trajectoryPaths() const { return contextual_.trajectoryPaths(); }
    QStringList trajectoryLabels() const { return contextual_.trajectoryLabels(); }
    QString trajectorySentence(size_t path) const { return contextual_.trajectorySentence(path); }
    QString trajectoryError() const { return contextual_.trajectoryError(); }
    bool trajectoriesPending() const { return contextual_.trajectoriesPending(); }  // a run is under way

signals:
    void stateChanged(es::ui::SourceDocument::State state);
    void progressChanged(double fraction, const QString& stage);
    void sourceChanged();
    void projectionChanged();  // points(), pca(), axisLabels() changed
    void projectionFailed(const QString& message);
    void tokensChanged();      // tokens() and highlights() changed
    void tokenizerChanged();
    void selectionChanged();   // selection() or currentRow()
    void searchChanged();
    void colourChanged();
    void contextualChanged();
    void trajectoriesChanged();  // paths, labels, error or pending changed
    void convertingChanged(bool running);
    void convertFinished(bool ok, const QString& message);

private:
    void adopt(SourceDocument::Loaded& loaded);
    void projectionFinished();

    // Declared in the order they depend on one another.
    SourceDocument source_;
    ProjectionDocument projection_;
    SelectionDocument selection_;
    TextDocument text_;
    ContextualDocument contextual_;
    DefaultDataConversion conversion_;
    ViewsDocument* views_ = nullptr;  // a child, made on first use
    QString backend_choice_ = QStringLiteral("auto");
};

} // namespace es::ui
