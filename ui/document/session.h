// The document the window shows: the vocabulary (a vector table, a model's embedding matrix or
// the built-in encoder's GloVe), its projection onto the scatter, the text and its tokens, the
// selection, search, colouring and, for an encoder source, the text's contextual vectors.
// Views observe it through its signals and accessors and never compute (DESIGN.md). Loading,
// fitting and projecting, regex search and encoder runs happen on worker threads; a result
// that arrives after a newer request was made is dropped (LatestTask).
#pragma once
#include "search/analogy.h"
#include "search/neighbours.h"
#include "projection/pca.h"
#include "document/projection_spec.h"
#include "document/latest_task.h"
#include "document/source_spec.h"
#include "tokenizers/token.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointF>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <QVector3D>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace es {
struct ProjectorMetadata;
class VectorTable;
class Tokenizer;
class Encoder;
struct Progress;
}

namespace es::ui {

class EncoderHost;

// Rows of the Top10k fit set (the 10,000 most frequent words).
inline constexpr size_t kScatterRows = 10000;

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

class Session : public QObject {
    Q_OBJECT
public:
    enum class State { Empty, Loading, Ready, Missing, Damaged };
    Q_ENUM(State)
    enum class ColourBy { Rank, Selection, Metadata };
    Q_ENUM(ColourBy)

    // What the worker threads hand back.
    struct Loaded;
    struct Projected;
    struct Contextual;
    struct Trajectories;

    explicit Session(QObject* parent = nullptr);
    ~Session() override;

    // --- sources ---
    // Opens a source on a worker thread; stateChanged() reports Loading, then Ready, Missing or
    // Damaged. While loading, the previous source stays readable (table(), points(), …).
    void open(const SourceSpec& source);
    void load(const QString& path) { open(SourceSpec::table(path)); }
    // Abandons the load in flight; the previous source (and its state) comes back.
    void cancelLoad();
    SourceSpec source() const { return source_; }
    double loadProgress() const;
    QString loadStage() const { return stage_; }
    void setText(const QString& text);

    State state() const { return state_; }
    QString tablePath() const { return source_.path; }
    QString errorMessage() const { return error_; }  // for Missing and Damaged: what to show
    QString loadedText() const { return text_; }

    // Converting the default table again from the downloaded package (`embedscope import --default`).
    bool canReconvert() const;
    bool converting() const { return process_ != nullptr; }
    void setConvertCommand(const QString& program, const QStringList& arguments);
    void reconvert();

    // --- the vocabulary (valid in state Ready) ---
    const VectorTable* table() const { return table_.get(); }
    std::shared_ptr<const VectorTable> sharedTable() const { return table_; }
    size_t vocabularySize() const;
    uint32_t dimension() const;
    QString word(uint32_t row) const;
    std::optional<uint32_t> findWord(const QString& word) const;  // as typed, then lower-cased

    // --- projection ---
    // projectionChanged() when the points are ready; projectionFailed() (the shown one stays) when
    // the spec cannot be applied, e.g. an axis word the vocabulary lacks.
    void setProjection(const ProjectionSpec& spec);
    ProjectionSpec projection() const { return spec_; }  // the one shown (or, while loading, to be shown)
    QString projectionError() const { return projection_error_; }  // e.g. an axis word not in the vocabulary
    bool projecting() const { return projecting_; }
    QStringList axisLabels() const;             // "PC1 (12.3 %)" or "he → she", one per shown axis
    std::vector<double> explainedVariance() const;  // ratio of the shown axes (PCA and axes alike)
    // The PCA fitted on the current fit set, kMaxComponents (or dim) components.
    const PcaModel& pca() const { return pca_; }
    // Every row of the vocabulary, 3 floats each (x, y, z; z = 0 in 2-D); row = frequency rank.
    const std::vector<float>& points() const { return points_; }
    size_t pointCount() const { return points_.size() / 3; }
    ScenePoint projectRow(uint32_t row) const;
    ScenePoint projectVector(const float* v) const;  // dimension() floats, in the original space

    // --- selection ---
    const std::vector<uint32_t>& selection() const { return selection_; }  // sorted, unique
    void setSelection(std::vector<uint32_t> rows);
    std::optional<uint32_t> currentRow() const { return current_; }
    void setCurrentRow(std::optional<uint32_t> row);

    // --- search (case-insensitive substring, or a regular expression) ---
    void setSearch(const QString& pattern, bool regex);
    QString searchPattern() const { return search_pattern_; }
    bool searchIsRegex() const { return search_regex_; }
    QString searchError() const { return search_error_; }  // an invalid regex: why; no matches then
    const std::vector<uint32_t>& searchMatches() const { return search_matches_; }
    bool searching() const { return searching_; }

    // --- colour ---
    void setColourBy(ColourBy by, const QString& column = {});
    ColourBy colourBy() const { return colour_by_; }
    QString colourColumn() const { return colour_column_; }
    QStringList metadataColumns() const;  // TSV sources with extra columns; the label column excluded
    // Per row: Rank 0..1 = log(1 + rank) / log(rows) (0 = most frequent), Selection 0/1, Metadata
    // the category index. Set while loading, it applies to the new source (Rank if it lacks the column).
    // Selection and current row always refer to the shown source: set them after Ready.
    const std::vector<float>& colourValues() const { return colour_values_; }
    QStringList colourCategories() const { return colour_categories_; }  // Metadata: index → value
    QString metadataValue(uint32_t row, const QString& column) const;

    // --- queries: synchronous, on the caller's thread, in the original space ---
    // The k nearest rows (the row itself excluded) with exact scores.
    std::vector<Neighbour> neighbours(uint32_t row, int k, Metric metric = Metric::Cosine) const;
    std::vector<Neighbour> neighboursOfVector(const float* v, int k, Metric metric = Metric::Cosine) const;
    // gensim's 3CosAdd/3CosMul; `target` of the result is b − a + c in the original space.
    Analogy analogy(uint32_t a, uint32_t b, uint32_t c, AnalogyMethod method = AnalogyMethod::CosAdd, int k = 10) const;

    // --- the text ---
    static QStringList tokenizerNames();   // the core's named tokenizers
    QStringList availableTokenizers() const;  // tokenizerNames() and, for a model source, "model"
    // A name from availableTokenizers() or a tokenizer file/folder path; "" = the source's own
    // (glove for tables and builtin, the model's for a model). On error: tokenizerError(), unchanged.
    void setTokenizer(const QString& name_or_path);
    QString tokenizerName() const { return tokenizer_name_; }
    QString tokenizerError() const { return tokenizer_error_; }
    const std::vector<Token>& tokens() const { return tokens_; }
    // The vocabulary row of token i: its id where the tokenizer is the source's own, else its
    // piece with the marker stripped and lower-cased (Ġdark → dark, ##ness → ness), approximate.
    std::optional<uint32_t> tokenRow(size_t i) const;
    bool tokenApproximate(size_t i) const;
    // The distinct rows of the text, in order of first appearance.
    const std::vector<HighlightedWord>& highlights() const { return highlights_; }
    std::vector<uint32_t> highlightedRows() const;
    QStringList unknownWords() const;

    // --- encoder sources (Model, Builtin) ---
    bool hasEncoder() const { return encoder_ != nullptr; }
    QString encoderName() const;
    int layerCount() const { return layer_count_; }
    void setLayer(int layer);  // 0 = embeddings, layerCount() = the last layer's output
    int layer() const { return layer_; }
    // The text's tokens (the encoder's own tokenization) at layer(), projected, 3 floats each.
    const std::vector<float>& contextualPoints() const { return contextual_points_; }
    const std::vector<Token>& contextualTokens() const { return contextual_tokens_; }
    QString contextualError() const { return contextual_error_; }
    // auto | cpu | gpu; applies to the next source opened (and reopens the current encoder source).
    void setEncoderBackend(const QString& choice);
    QString encoderBackend() const { return backend_choice_; }
    QString encoderBackendInUse() const { return backend_in_use_; }  // "" without an encoder

    // --- a word followed through the layers (encoder sources) ---
    // The word's vector after each layer in each sentence (blank lines skipped), from the core's
    // word_in_contexts on the encoder's thread; the newest request wins. An empty word clears.
    // A sentence without the word is left out and named in trajectoryError(); the others draw.
    void setTrajectories(const QString& word, const QStringList& sentences);
    QString trajectoryWord() const { return trajectory_word_; }
    QStringList trajectorySentences() const { return trajectory_sentences_; }
    // How each layer's vector is scaled before it is projected: to the length of the word's static
    // vector (its direction only: residual layers grow the norm, which carries raw paths far off the
    // vocabulary's cloud), or as the encoder computed it. Words the vocabulary lacks: layer 0's length.
    enum class TrajectoryScale { StaticLength, Raw };
    Q_ENUM(TrajectoryScale)
    void setTrajectoryScale(TrajectoryScale scale);
    TrajectoryScale trajectoryScale() const { return trajectory_scale_; }
    // [path][layer 0..layerCount()], scaled as above and projected as contextualPoints() are; one
    // path per sentence that has the word, in order, each with trajectorySentence(i) and a label.
    const std::vector<std::vector<QVector3D>>& trajectoryPaths() const { return trajectory_paths_; }
    QStringList trajectoryLabels() const { return trajectory_labels_; }
    QString trajectorySentence(size_t path) const;
    QString trajectoryError() const { return trajectory_error_; }
    bool trajectoriesPending() const { return trajectory_pending_; }  // a run is under way

signals:
    void stateChanged(es::ui::Session::State state);
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
    void adopt(Loaded& loaded);
    void startProjection(const ProjectionSpec& spec);
    void adoptProjection(const Projected& p);
    void retokenize();
    void refreshHighlights();
    void recolour();
    void runSearch();
    void startContextual();
    void reprojectContextual();
    void startTrajectories();
    void clearTrajectories(bool keep_request);
    void reprojectTrajectories();

    // source
    State state_ = State::Empty;
    State previous_state_ = State::Empty;
    SourceSpec source_, previous_source_;
    QString error_, previous_error_;
    QString stage_;
    std::shared_ptr<Progress> progress_;
    std::shared_ptr<const VectorTable> table_;
    std::shared_ptr<const Tokenizer> source_tokenizer_;
    QString source_tokenizer_name_;
    std::shared_ptr<Encoder> encoder_;
    std::shared_ptr<EncoderHost> encoder_host_;  // the thread (and GL context) encoder_ runs on
    std::shared_ptr<EncoderHost> host_;          // the one the next encoder source loads onto
    int layer_count_ = 0;
    int layer_ = 0;
    QString backend_choice_ = QStringLiteral("auto");
    QString backend_in_use_;
    std::shared_ptr<const ProjectorMetadata> metadata_;

    // projection
    ProjectionSpec spec_;
    PcaModel pca_;        // fitted components
    QString pca_key_;     // which fit set pca_ was fitted on
    PcaModel shown_;      // 3 rows: the shown axes (a zero row for z in 2-D)
    std::vector<float> points_;
    QString projection_error_;
    bool projecting_ = false;

    // selection, search, colour
    std::vector<uint32_t> selection_;
    std::optional<uint32_t> current_;
    QString search_pattern_;
    bool search_regex_ = false;
    QString search_error_;
    std::vector<uint32_t> search_matches_;
    bool searching_ = false;
    ColourBy colour_by_ = ColourBy::Rank;
    QString colour_column_;
    std::vector<float> colour_values_;
    QStringList colour_categories_;

    // text
    QString text_;
    QString tokenizer_name_;
    QString tokenizer_error_;
    std::shared_ptr<const Tokenizer> tokenizer_;
    std::map<QString, std::shared_ptr<const Tokenizer>> tokenizer_cache_;  // by name or path; not glove (bound to a table)
    bool tokenizer_is_source_ = true;  // ids are rows
    std::vector<Token> tokens_;
    std::vector<std::optional<uint32_t>> token_rows_;
    std::vector<HighlightedWord> highlights_;

    // contextual vectors
    std::vector<std::vector<float>> hidden_states_;  // per layer: tokens × dim
    std::vector<Token> contextual_tokens_;
    std::vector<float> contextual_points_;
    QString contextual_error_;

    // trajectories: the request, the vectors ([path][layer] × dim) and their projection
    QString trajectory_word_;
    QStringList trajectory_sentences_;
    QStringList trajectory_path_sentences_;  // the sentences the paths belong to
    QString trajectory_path_word_;           // the word they follow
    std::vector<std::vector<std::vector<float>>> trajectory_vectors_;
    std::vector<std::vector<QVector3D>> trajectory_paths_;
    QStringList trajectory_labels_;
    QString trajectory_error_;
    bool trajectory_pending_ = false;
    TrajectoryScale trajectory_scale_ = TrajectoryScale::StaticLength;

    QString convert_program_;
    QStringList convert_arguments_;
    QProcess* process_ = nullptr;

    // Encoder runs wait for the encoder's thread: they queue here, not in the global pool.
    // Declared before the tasks that use it.
    QThreadPool encoder_pool_;
    // The newest request of each kind wins; older results are dropped unseen.
    LatestTask<std::shared_ptr<Loaded>> load_task_{this};
    LatestTask<Projected> projection_task_{this};
    LatestTask<std::vector<uint32_t>> search_task_{this};
    LatestTask<Contextual> contextual_task_{this};
    LatestTask<Trajectories> trajectory_task_{this};
};

} // namespace es::ui
