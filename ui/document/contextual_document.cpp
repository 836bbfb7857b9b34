#include "document/contextual_document.h"

#include "analysis/contextual_trajectories.h"
#include "document/encoder_host.h"
#include "document/projection_document.h"
#include "encoder/encoder.h"
#include "tokenizers/tokenizer.h"
#include "vectors/vector_table.h"

#include <algorithm>

namespace es::ui {

struct ContextualDocument::Contextual {
    std::vector<Token> tokens;
    std::vector<std::vector<float>> hidden_states;
    QString error;
};

struct ContextualDocument::Trajectories {
    QString word;
    QStringList sentences;                                 // those that have the word
    std::vector<std::vector<std::vector<float>>> vectors;  // [sentence][layer] × dim
    QStringList errors;                                    // one per sentence left out
};

ContextualDocument::ContextualDocument(const ProjectionDocument& projection, QObject* parent)
    : QObject(parent), projection_(projection) {
    pool_.setMaxThreadCount(1);
}

ContextualDocument::~ContextualDocument() = default;

void ContextualDocument::adoptSource(Source source, bool keep_trajectories) {
    source_ = std::move(source);
    layer_ = source_.layers;
    hidden_states_.clear();
    tokens_.clear();
    points_.clear();
    error_.clear();
    clearTrajectories(keep_trajectories);
}

QString ContextualDocument::encoderName() const {
    return source_.encoder ? QString::fromStdString(source_.encoder->name()) : QString();
}

void ContextualDocument::setLayer(int layer) {
    layer = std::clamp(layer, 0, source_.layers);
    if (layer == layer_) return;
    layer_ = layer;
    reprojectContextual();
    emit contextualChanged();
}

void ContextualDocument::reproject() {
    reprojectContextual();
    reprojectTrajectories();
}

// [SECTION] the text's contextual vectors

void ContextualDocument::run(const QString& text) {
    contextual_task_.cancel();
    if (!source_.encoder || !source_.tokenizer || text.trimmed().isEmpty()) {
        const bool had = !points_.empty() || !error_.isEmpty();
        hidden_states_.clear();
        tokens_.clear();
        points_.clear();
        error_.clear();
        if (had) emit contextualChanged();
        return;
    }
    contextual_task_.run(
        [encoder = source_.encoder, tokenizer = source_.tokenizer, host = source_.host, text = text.toStdString(),
         model = source_.model](const auto& ticket) {
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
                out.error = QString::fromUtf8(e.what());
                out.tokens.clear();
            }
            return out;
        },
        [this](Contextual c) {
            hidden_states_ = std::move(c.hidden_states);
            tokens_ = std::move(c.tokens);
            error_ = c.error;
            reprojectContextual();
            emit contextualChanged();
        },
        &pool_);
}

void ContextualDocument::reprojectContextual() {
    points_.clear();
    const PcaModel& shown = projection_.shown();
    if (layer_ < 0 || size_t(layer_) >= hidden_states_.size() || shown.dim == 0) return;
    const auto& h = hidden_states_[size_t(layer_)];
    const size_t n = tokens_.size();
    if (h.size() != n * shown.dim) return;
    points_.resize(n * 3);
    for (size_t t = 0; t < n; ++t) project_vector(shown, h.data() + t * shown.dim, points_.data() + 3 * t);
}

// [SECTION] a word followed through the layers

void ContextualDocument::setTrajectories(const QString& word, const QStringList& sentences) {
    trajectory_word_ = word.trimmed();
    trajectory_sentences_.clear();
    for (const QString& s : sentences)
        if (!s.trimmed().isEmpty()) trajectory_sentences_ << s.trimmed();
    startTrajectories();
}

QString ContextualDocument::trajectorySentence(size_t path) const {
    return path < size_t(trajectory_path_sentences_.size()) ? trajectory_path_sentences_[qsizetype(path)] : QString();
}

void ContextualDocument::clearTrajectories(bool keep_request) {
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

void ContextualDocument::startTrajectories() {
    if (trajectory_word_.isEmpty() || !source_.encoder || !source_.tokenizer || trajectory_sentences_.isEmpty()) {
        const bool keep = !trajectory_word_.isEmpty();
        clearTrajectories(keep);
        if (keep) {
            trajectory_error_ = !source_.encoder || !source_.tokenizer
                                    ? tr("Following a word through the layers needs an encoder: open a model folder or the built-in encoder.")
                                    : tr("Type one or more sentences with “%1”, one per line.").arg(trajectory_word_);
            emit trajectoriesChanged();
        }
        return;
    }
    trajectory_pending_ = true;
    emit trajectoriesChanged();
    std::vector<std::string> sentences;
    for (const QString& s : trajectory_sentences_) sentences.push_back(s.toStdString());
    trajectory_task_.run(
        [encoder = source_.encoder, tokenizer = source_.tokenizer, host = source_.host, word = trajectory_word_.toStdString(),
         sentences = std::move(sentences)](const auto& ticket) {
            Trajectories out;
            out.word = QString::fromStdString(word);
            for (const std::string& sentence : sentences) {
                if (ticket.stale()) return Trajectories{};  // superseded: nobody reads it
                try {
                    std::vector<WordInContext> c;
                    host->call([&] { c = word_in_contexts(*encoder, *tokenizer, word, {sentence}); });
                    out.sentences << QString::fromStdString(sentence);
                    out.vectors.push_back(std::move(c.at(0).layers));
                } catch (const std::exception& e) {
                    QString why = QString::fromUtf8(e.what());
                    if (why.startsWith(QStringLiteral("contextual embeddings: "))) why.remove(0, 23);
                    out.errors << why;
                }
            }
            return out;
        },
        [this](Trajectories t) {
            trajectory_pending_ = false;
            trajectory_path_sentences_ = t.sentences;
            trajectory_path_word_ = t.word;
            trajectory_vectors_ = std::move(t.vectors);
            trajectory_error_ = t.errors.join(QStringLiteral("; "));
            trajectory_labels_.clear();
            for (const QString& s : trajectory_path_sentences_)
                trajectory_labels_ << QString::fromStdString(
                    trajectory_label(s.toStdString(), t.word.toStdString(), source_.table.get(), !source_.model));
            reprojectTrajectories();
            emit trajectoriesChanged();
        },
        &pool_);
}

void ContextualDocument::setTrajectoryScale(TrajectoryScale scale) {
    if (scale == trajectory_scale_) return;
    trajectory_scale_ = scale;
    reprojectTrajectories();
    emit trajectoriesChanged();
}

void ContextualDocument::reprojectTrajectories() {
    trajectory_paths_.clear();
    const auto paths = project_word_paths(trajectory_vectors_, projection_.shown(), source_.table.get(),
                                          trajectory_path_word_.trimmed().toStdString(), trajectory_scale_ == TrajectoryScale::Raw);
    for (const auto& path : paths) {
        std::vector<QVector3D> points;
        for (const auto& p : path) points.emplace_back(p[0], p[1], p[2]);
        trajectory_paths_.push_back(std::move(points));
    }
}

} // namespace es::ui
