// What an encoder source adds: the text's contextual vectors at a chosen layer, projected into the
// scatter, and a word followed through the layers in several sentences. Encoder runs queue on
// their own one-thread pool (they wait for the encoder's thread); the newest request of each kind
// wins. Part of the Session.
#pragma once
#include "document/latest_task.h"
#include "tokenizers/token.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <QVector3D>

#include <memory>
#include <vector>

namespace es {
class Encoder;
class Tokenizer;
class VectorTable;
struct PcaModel;
}

namespace es::ui {

class EncoderHost;
class ProjectionDocument;

class ContextualDocument : public QObject {
    Q_OBJECT
public:
    enum class TrajectoryScale { StaticLength, Raw };
    Q_ENUM(TrajectoryScale)

    // Points are projected with `projection`'s shown axes.
    explicit ContextualDocument(const ProjectionDocument& projection, QObject* parent = nullptr);
    ~ContextualDocument() override;

    struct Source {
        std::shared_ptr<Encoder> encoder;  // null: not an encoder source
        std::shared_ptr<const Tokenizer> tokenizer;
        std::shared_ptr<EncoderHost> host;
        std::shared_ptr<const VectorTable> table;
        int layers = 0;
        bool model = false;  // a model folder (its vocabulary is not frequency-ordered)
    };
    // A new source: contextual vectors dropped, the layer set to the last; the trajectories'
    // request kept when `keep_trajectories` (the same encoder source reopened), else cleared.
    void adoptSource(Source source, bool keep_trajectories);
    bool hasEncoder() const { return source_.encoder != nullptr; }
    QString encoderName() const;
    int layerCount() const { return source_.layers; }
    void setLayer(int layer);
    int layer() const { return layer_; }

    // Runs the encoder over `text` (the newest text wins; empty clears).
    void run(const QString& text);
    const std::vector<float>& points() const { return points_; }
    const std::vector<Token>& tokens() const { return tokens_; }
    QString error() const { return error_; }

    void setTrajectories(const QString& word, const QStringList& sentences);
    void startTrajectories();
    QString trajectoryWord() const { return trajectory_word_; }
    QStringList trajectorySentences() const { return trajectory_sentences_; }
    void setTrajectoryScale(TrajectoryScale scale);
    TrajectoryScale trajectoryScale() const { return trajectory_scale_; }
    const std::vector<std::vector<QVector3D>>& trajectoryPaths() const { return trajectory_paths_; }
    QStringList trajectoryLabels() const { return trajectory_labels_; }
    QString trajectorySentence(size_t path) const;
    QString trajectoryError() const { return trajectory_error_; }
    bool trajectoriesPending() const { return trajectory_pending_; }

    // The points again after the projection changed (no signal: the Session sends them).
    void reproject();

signals:
    void contextualChanged();
    void trajectoriesChanged();

private:
    struct Contextual;
    struct Trajectories;
    void reprojectContextual();
    void reprojectTrajectories();
    void clearTrajectories(bool keep_request);

    const ProjectionDocument& projection_;
    Source source_;
    int layer_ = 0;

    std::vector<std::vector<float>> hidden_states_;  // per layer: tokens × dim
    std::vector<Token> tokens_;
    std::vector<float> points_;
    QString error_;

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

    // Declared before the tasks that use it.
    QThreadPool pool_;
    LatestTask<Contextual> contextual_task_{this};
    LatestTask<Trajectories> trajectory_task_{this};
};

} // namespace es::ui
