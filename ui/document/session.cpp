#include "document/session.h"

#include "document/views_document.h"
#include "vectors/vector_table.h"

namespace es::ui {

// [SECTION] life cycle

Session::Session(QObject* parent)
    : QObject(parent), text_([this](uint32_t row) { return projectRow(row); }), contextual_(projection_) {
    // Each part's own signals are the Session's.
    connect(&source_, &SourceDocument::stateChanged, this, &Session::stateChanged);
    connect(&source_, &SourceDocument::progressChanged, this, &Session::progressChanged);
    connect(&source_, &SourceDocument::loaded, this, [this](std::shared_ptr<SourceDocument::Loaded> l) { adopt(*l); });
    connect(&projection_, &ProjectionDocument::finished, this, &Session::projectionFinished);
    connect(&projection_, &ProjectionDocument::failed, this, &Session::projectionFailed);
    connect(&selection_, &SelectionDocument::selectionChanged, this, &Session::selectionChanged);
    connect(&selection_, &SelectionDocument::searchChanged, this, &Session::searchChanged);
    connect(&selection_, &SelectionDocument::colourChanged, this, &Session::colourChanged);
    connect(&text_, &TextDocument::tokenizerChanged, this, &Session::tokenizerChanged);
    connect(&text_, &TextDocument::tokensChanged, this, &Session::tokensChanged);
    connect(&contextual_, &ContextualDocument::contextualChanged, this, &Session::contextualChanged);
    connect(&contextual_, &ContextualDocument::trajectoriesChanged, this, &Session::trajectoriesChanged);
    connect(&conversion_, &DefaultDataConversion::runningChanged, this, &Session::convertingChanged);
    connect(&conversion_, &DefaultDataConversion::finished, this, &Session::convertFinished);
    connect(&conversion_, &DefaultDataConversion::finished, this, [this](bool ok) {
        if (ok) open(source());
    });
}

Session::~Session() = default;

ViewsDocument* Session::views() {
    if (!views_) views_ = new ViewsDocument(this, this);
    return views_;
}

void Session::open(const SourceSpec& source) { source_.open(source, projection_.spec(), backend_choice_); }

// A new source reaches every part first, then the signals go out in this order: tokenizer and
// tokens, source, projection (and its failure), selection, colour, search, state; then the
// encoder runs start, and a projection asked for while loading is applied.
void Session::adopt(SourceDocument::Loaded& loaded) {
    const ProjectionSpec wanted = projection_.spec();  // a setProjection() made while loading wins
    // The source's own tokenizer follows the source; another chosen one carries over.
    const QString next_tokenizer = text_.carriedChoice();
    const bool same_encoder_source = loaded.source == source_.source() && loaded.encoder;  // reopened, e.g. another backend
    source_.adopt(loaded);
    contextual_.adoptSource({loaded.encoder, loaded.tokenizer, loaded.host, loaded.table, loaded.layers,
                             loaded.source.kind == SourceSpec::Model},
                            same_encoder_source);
    const bool has_table = loaded.table != nullptr;
    const ProjectionSpec laid_out = loaded.projected.spec;
    projection_.adopt(std::move(loaded.projected), has_table);
    selection_.adoptSource(loaded.table, loaded.metadata);
    text_.adoptSource(loaded.table, loaded.tokenizer, loaded.tokenizer_name, loaded.source.kind == SourceSpec::Model, next_tokenizer);
    emit sourceChanged();
    emit projectionChanged();
    if (!projection_.error().isEmpty()) emit projectionFailed(projection_.error());
    emit selectionChanged();
    selection_.recolour();
    selection_.search();
    emit stateChanged(state());
    contextual_.run(text_.text());
    if (same_encoder_source) contextual_.startTrajectories();
    if (has_table && !(wanted == laid_out)) setProjection(wanted);
}

void Session::setText(const QString& text) {
    if (text_.setText(text)) contextual_.run(text);
}

void Session::setEncoderBackend(const QString& choice) {
    if (choice != "auto" && choice != "cpu" && choice != "gpu") return;
    if (choice == backend_choice_) return;
    backend_choice_ = choice;
    if (hasEncoder() && state() == State::Ready) open(source());
}

bool Session::canReconvert() const {
    return (state() == State::Missing || state() == State::Damaged) && source_.isDefaultTable() && conversion_.available();
}

// [SECTION] vocabulary and queries

size_t Session::vocabularySize() const { return table() ? table()->rows() : 0; }
uint32_t Session::dimension() const { return table() ? table()->dim() : 0; }

QString Session::word(uint32_t row) const {
    if (!table() || row >= table()->rows()) return {};
    const std::string_view w = table()->word(row);
    return QString::fromUtf8(w.data(), qsizetype(w.size()));
}

std::optional<uint32_t> Session::findWord(const QString& word) const {
    if (!table()) return std::nullopt;
    return table()->lookup(word.trimmed().toStdString());
}

std::vector<Neighbour> Session::neighbours(uint32_t row, int k, Metric metric) const {
    if (!table() || row >= table()->rows() || k <= 0) return {};
    const uint32_t self[] = {row};
    return nearest(*table(), std::span<const float>(table()->row(row), table()->dim()), size_t(k), metric, 0, self);
}

std::vector<Neighbour> Session::neighboursOfVector(const float* v, int k, Metric metric) const {
    if (!table() || !v || k <= 0) return {};
    return nearest(*table(), std::span<const float>(v, table()->dim()), size_t(k), metric);
}

Analogy Session::analogy(uint32_t a, uint32_t b, uint32_t c, AnalogyMethod method, int k) const {
    const size_t n = vocabularySize();
    if (a >= n || b >= n || c >= n || k <= 0) return {};
    return solve_analogy(*table(), a, b, c, method, size_t(k));
}

std::vector<uint32_t> Session::highlightedRows() const {
    std::vector<uint32_t> rows;
    for (const auto& h : highlights()) rows.push_back(h.row);
    return rows;
}

// [SECTION] projection

void Session::setProjection(const ProjectionSpec& spec) {
    const bool ready = table() && state() != State::Loading;
    projection_.set(spec, ready ? source_.table() : nullptr, selection());
}

// A new layout is shown: the parts that place things in it follow, then the signals go out.
void Session::projectionFinished() {
    text_.refreshHighlights();
    contextual_.reproject();
    emit projectionChanged();
    emit tokensChanged();
    if (hasEncoder()) emit contextualChanged();
    if (!contextual_.trajectoryPaths().empty()) emit trajectoriesChanged();
}

ScenePoint Session::projectRow(uint32_t row) const {
    if (size_t(row) >= pointCount()) return {};
    const float* p = points().data() + 3 * size_t(row);
    return {p[0], p[1], p[2]};
}

ScenePoint Session::projectVector(const float* v) const {
    const PcaModel& shown = projection_.shown();
    if (!v || shown.dim == 0) return {};
    float c[3];
    project_vector(shown, v, c);
    return {c[0], c[1], c[2]};
}

} // namespace es::ui
