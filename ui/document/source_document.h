// Where the vocabulary comes from: a vector table, a model folder or the built-in encoder, opened
// on a worker thread together with its first layout. While a load runs, the previous source stays
// readable; a newer open() or cancelLoad() drops it. Part of the Session (DESIGN.md, "Architecture").
#pragma once
#include "document/latest_task.h"
#include "document/projection_document.h"
#include "document/source_spec.h"

#include <QObject>
#include <QString>

#include <memory>

namespace es {
struct ProjectorMetadata;
class VectorTable;
class Tokenizer;
class Encoder;
struct Progress;
}

namespace es::ui {

class EncoderHost;

class SourceDocument : public QObject {
    Q_OBJECT
public:
    enum class State { Empty, Loading, Ready, Missing, Damaged };
    Q_ENUM(State)

    // What a load hands back: for Missing and Damaged only source, state and error.
    struct Loaded {
        SourceSpec source;
        State state = State::Empty;
        QString error;
        std::shared_ptr<const VectorTable> table;
        std::shared_ptr<const ProjectorMetadata> metadata;
        std::shared_ptr<const Tokenizer> tokenizer;  // the source's own
        QString tokenizer_name;                     // "glove" or "model"
        std::shared_ptr<Encoder> encoder;
        std::shared_ptr<EncoderHost> host;
        int layers = 0;
        QString backend_in_use;
        VocabularyProjection projected;  // laid out with the spec open() was given (else PCA)
    };

    explicit SourceDocument(QObject* parent = nullptr);
    ~SourceDocument() override;

    // Starts loading `source` (state Loading, progressChanged() while it runs) and laying it out
    // with `projection`; loaded() hands the result over, which the owner then adopt()s. An encoder
    // source runs on the backend `backend_choice` names (auto | cpu | gpu).
    void open(const SourceSpec& source, const ProjectionSpec& projection, const QString& backend_choice);
    // Abandons the load in flight: the previous source and state come back. False when none ran.
    bool cancelLoad();
    // Takes over what loaded() handed out (without a signal: the Session orders the signals).
    void adopt(const Loaded& loaded);

    State state() const { return state_; }
    SourceSpec source() const { return source_; }
    QString error() const { return error_; }
    QString stage() const { return stage_; }
    double progress() const;
    bool isDefaultTable() const;  // the source is the default GloVe table (for reconversion)

    const std::shared_ptr<const VectorTable>& table() const { return table_; }
    const std::shared_ptr<const ProjectorMetadata>& metadata() const { return metadata_; }
    const std::shared_ptr<const Tokenizer>& tokenizer() const { return tokenizer_; }
    QString tokenizerName() const { return tokenizer_name_; }
    const std::shared_ptr<Encoder>& encoder() const { return encoder_; }
    const std::shared_ptr<EncoderHost>& encoderHost() const { return encoder_host_; }
    int layerCount() const { return layer_count_; }
    QString backendInUse() const { return backend_in_use_; }

signals:
    void stateChanged(es::ui::SourceDocument::State state);  // Loading, or back after a cancel
    void progressChanged(double fraction, const QString& stage);
    void loaded(std::shared_ptr<es::ui::SourceDocument::Loaded> loaded);

private:
    State state_ = State::Empty;
    State previous_state_ = State::Empty;
    SourceSpec source_, previous_source_;
    QString error_, previous_error_;
    QString stage_;
    std::shared_ptr<Progress> progress_;
    std::shared_ptr<const VectorTable> table_;
    std::shared_ptr<const ProjectorMetadata> metadata_;
    std::shared_ptr<const Tokenizer> tokenizer_;
    QString tokenizer_name_;
    std::shared_ptr<Encoder> encoder_;
    std::shared_ptr<EncoderHost> encoder_host_;  // the thread (and GL context) encoder_ runs on
    std::shared_ptr<EncoderHost> next_host_;     // the one the next encoder source loads onto
    int layer_count_ = 0;
    QString backend_in_use_;
    LatestTask<std::shared_ptr<Loaded>> task_{this};
};

} // namespace es::ui
