#include "document/source_document.h"

#include "base/data_paths.h"
#include "base/error.h"
#include "base/progress.h"
#include "document/encoder_host.h"
#include "encoder/builtin_encoder.h"
#include "encoder/encoder_model.h"
#include "encoder/model_config.h"
#include "tokenizers/glove_tokenizer.h"
#include "tokenizers/tokenizer_registry.h"
#include "vectors/model_vocabulary.h"
#include "vectors/open_vector_file.h"
#include "vectors/projector_metadata.h"
#include "vectors/vector_import.h"
#include "vectors/vector_table.h"

#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <atomic>

namespace es::ui {

namespace {

// What a worker reports: the core's fraction and cancel flag, plus the stage's name.
struct LoadControl : Progress {
    std::atomic<int> stage{0};
};
const char* const kStages[] = {"Opening", "Reading vectors", "Loading the model", "Fitting the projection", "Projecting"};
enum Stage { Opening, Reading, LoadingModel, Fitting, Projecting };

void enter(LoadControl* c, Stage s, float fraction) {
    c->stage.store(int(s));
    c->report(fraction);
}

bool is_default_table(const QString& path) {
    return QFileInfo(path).absoluteFilePath() == QFileInfo(QString::fromStdString(default_table_path())).absoluteFilePath();
}

using State = SourceDocument::State;
using Loaded = SourceDocument::Loaded;

// The table's (or model's) vectors, tokenizer and encoder, read on a worker thread; encoders are
// made on `host`'s thread. Throws es::Cancelled when the control is cancelled.
void read_source(Loaded& out, const QString& path, const std::shared_ptr<EncoderHost>& host, LoadControl* control) {
    const SourceSpec& source = out.source;
    const std::string file = path.toStdString();
    if (source.kind == SourceSpec::Model) {
        enter(control, LoadingModel, 0.05f);
        out.table = model_embedding_table(file, nullptr);
        control->report(0.3f);
        try {
            out.tokenizer = model_folder_tokenizer(file);
        } catch (const Error& e) {
            throw Error(file + ": cannot read this model's tokenizer (" + e.what() + ")");
        }
        out.tokenizer_name = QStringLiteral("model");
        std::unique_ptr<EncoderModel> model;
        host->call([&] { model = EncoderModel::load(file, host->backend()); });
        out.layers = int(model->config().layers);
        out.encoder = EncoderHost::own(host, std::move(model));
    } else {
        if (!is_esv_file(file)) enter(control, Reading, 0.0f);
        out.table = open_vector_file(file, control);
        out.tokenizer = std::make_shared<GloveTokenizer>(out.table);
        out.tokenizer_name = QStringLiteral("glove");
        if (source.kind == SourceSpec::Table) {
            if (const std::string meta = projector_metadata_path(file);
                !meta.empty() && guess_vector_format(file) == VectorFormat::ProjectorTsv) {
                auto m = std::make_shared<ProjectorMetadata>(read_projector_metadata(meta, out.table->rows()));
                if (!m->columns.empty()) out.metadata = std::move(m);
            }
            return;
        }
        BuiltinEncoderOptions options;
        out.layers = options.layers;
        std::unique_ptr<Encoder> encoder;
        host->call([&] { encoder = std::make_unique<BuiltinEncoder>(out.table, host->backend(), options); });
        out.encoder = EncoderHost::own(host, std::move(encoder));
    }
    out.host = host;
    out.backend_in_use = host->inUse();
}

Loaded load_source(const SourceSpec& source, const ProjectionSpec& spec, const std::shared_ptr<EncoderHost>& host,
                   LoadControl* control) {
    Loaded out;
    out.source = source;
    const QString path = source.kind == SourceSpec::Builtin && source.path.isEmpty() ? QString::fromStdString(default_table_path())
                                                                                     : source.path;
    if (!QFileInfo::exists(path)) {
        out.state = State::Missing;
        out.error = is_default_table(path)
                        ? QStringLiteral("No word vectors yet: %1 does not exist. Run %2 to fetch and convert "
                                         "the default data (GloVe 6B, 100 dimensions).")
                              .arg(path, QString::fromLatin1(kSetupCommand))
                        : QStringLiteral("%1: no such %2").arg(path, source.kind == SourceSpec::Model ? "folder" : "file");
        return out;
    }
    try {
        enter(control, Opening, 0.0f);
        read_source(out, path, host, control);
        if (out.table->dim() < 2) throw Error(path.toStdString() + ": vectors of 1 dimension cannot be drawn in a plane");
        control->report(0.5f);
        const auto report = [control](LayoutPhase phase, float fraction) {
            enter(control, phase == LayoutPhase::Fitting ? Fitting : Projecting, fraction);
        };
        // A spec that does not fit this vocabulary (an axis word it lacks) falls back to PCA.
        out.projected = lay_out(*out.table, spec, {}, nullptr, report);
        if (!out.projected.error.isEmpty()) {
            ProjectionSpec fallback;
            fallback.fit_on = spec.fit_on == ProjectionSpec::FitOn::Selection ? ProjectionSpec::FitOn::Top50k : spec.fit_on;
            const QString why = out.projected.error;
            out.projected = lay_out(*out.table, fallback, {}, nullptr, report);
            out.projected.error = why;
        }
        out.state = State::Ready;
    } catch (const Cancelled&) {
        throw;
    } catch (const std::exception& e) {
        out = {};
        out.source = source;
        out.state = State::Damaged;
        out.error = QString::fromUtf8(e.what());
    }
    return out;
}

} // namespace

SourceDocument::SourceDocument(QObject* parent) : QObject(parent) {}

SourceDocument::~SourceDocument() {
    if (progress_) progress_->cancel = true;
}

void SourceDocument::open(const SourceSpec& source, const ProjectionSpec& spec, const QString& backend_choice) {
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
    // The encoder's thread (and GL context) is made here, on the GUI thread; kept while the choice stays.
    if (source.kind != SourceSpec::Table && (!next_host_ || next_host_->choice() != backend_choice))
        next_host_ = EncoderHost::create(backend_choice);
    task_.run(
        [source, spec, host = next_host_, control](const auto&) -> std::shared_ptr<Loaded> {
            try {
                return std::make_shared<Loaded>(load_source(source, spec, host, control.get()));
            } catch (const Cancelled&) {
                return nullptr;
            }
        },
        [this, poll](std::shared_ptr<Loaded> result) {
            poll->deleteLater();
            progress_.reset();
            if (result) emit loaded(std::move(result));
        });
    poll->setInterval(100);
    connect(poll, &QTimer::timeout, this, [this, control, generation = task_.generation(), poll] {
        if (generation != task_.generation()) return poll->deleteLater();
        stage_ = QString::fromLatin1(kStages[std::clamp(control->stage.load(), 0, 4)]);
        emit progressChanged(double(control->fraction.load()), stage_);
    });
    poll->start();
}

bool SourceDocument::cancelLoad() {
    if (state_ != State::Loading) return false;
    if (progress_) progress_->cancel = true;
    progress_.reset();
    task_.cancel();
    source_ = previous_source_;
    error_ = previous_error_;
    state_ = previous_state_;
    stage_.clear();
    emit progressChanged(0.0, QString());
    emit stateChanged(state_);
    return true;
}

void SourceDocument::adopt(const Loaded& loaded) {
    state_ = loaded.state;
    error_ = loaded.error;
    source_ = loaded.source;
    table_ = loaded.table;
    metadata_ = loaded.metadata;
    tokenizer_ = loaded.tokenizer;
    tokenizer_name_ = loaded.tokenizer_name;
    encoder_ = loaded.encoder;
    encoder_host_ = loaded.host;
    layer_count_ = loaded.layers;
    backend_in_use_ = encoder_ ? loaded.backend_in_use : QString();
}

double SourceDocument::progress() const {
    return progress_ ? double(progress_->fraction.load()) : state_ == State::Ready ? 1.0 : 0.0;
}

bool SourceDocument::isDefaultTable() const { return is_default_table(source_.path); }

} // namespace es::ui
