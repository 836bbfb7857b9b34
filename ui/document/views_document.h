// What the positions, RoPE and attention views show, computed off the UI thread: the text run
// through an encoder (the built-in one by default, or the session's model folder) with its
// attentions and queries/keys, the model's learned positions, and a word's contextual
// trajectories. One document per Session, shared by the three views (ViewsDocument::of).
#pragma once
#include "encoder/builtin_encoder.h"
#include "analysis/contextual_trajectories.h"
#include "document/latest_task.h"
#include "encoder/encoder.h"
#include "encoder/model_config.h"
#include "encoder/positional_encodings.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace es {
class Tokenizer;
class VectorTable;
}

namespace es::ui {

class Session;

// One finished computation; immutable once handed to the views.
struct ViewsData {
    QString source;              // "builtin" or the model folder
    QString modelName;           // the encoder's own label ("… (untrained)" for the built-in)
    bool trained = false;
    bool sessionModel = false;   // run by the model the Session loaded (not a second copy)
    bool causal = false;
    bool rope = false;           // queries/keys are rotated (RoPE model, or builtin with RoPE)
    double ropeTheta = 10000.0;
    RopeScaling ropeScaling;
    int64_t maxPositions = 512;
    QStringList tokens;          // display text per token
    std::vector<int64_t> ids;
    std::vector<int64_t> special;  // positions of special tokens ([CLS], [SEP], <s>, …)
    EncoderOutput out;
    std::vector<std::vector<float>> rollout;  // attention rollout through each layer, [n][n]
    std::optional<PositionTable> learned;  // the model's learned positions
    QString error;               // why there is nothing to show
    QStringList warnings;
    bool ok() const { return error.isEmpty() && out.tokens > 0; }
};

struct ContextData {
    QString word;
    QStringList sentences;
    TrajectoryPlot plot;
    QString error;
};

class ViewsDocument : public QObject {
    Q_OBJECT
public:
    // The document of `session` (created on first use, a child of the session). It follows the
    // session's text and source; without a session it works on its own (tests).
    static ViewsDocument* of(Session* session);
    explicit ViewsDocument(Session* session, QObject* parent = nullptr);
    ~ViewsDocument() override;

    // "builtin" or a model folder; runs again.
    void setSource(const QString& source);
    QString source() const { return source_; }
    void setText(const QString& text);
    QString text() const { return text_; }
    // Token ids given directly (a model folder without a tokenizer); cleared by setText.
    void setIds(const std::vector<int64_t>& ids);
    void setBuiltinPositions(PositionScheme scheme);
    PositionScheme builtinPositions() const { return builtin_positions_; }
    void setContextWord(const QString& word, const QStringList& sentences);

    std::shared_ptr<const ViewsData> data() const { return data_; }
    std::shared_ptr<const ContextData> context() const { return context_; }
    bool busy() const { return data_task_.inFlight() + context_task_.inFlight() > 0; }

    // Most tokens a run takes (views stay smooth at this size).
    static constexpr int kMaxTokens = 512;

signals:
    void dataChanged();
    void contextChanged();

private:
    struct Engine;
    void followSession();
    void schedule();
    void scheduleContext();

    Session* session_ = nullptr;
    QString source_ = QStringLiteral("builtin");
    QString text_;
    std::vector<int64_t> ids_;
    PositionScheme builtin_positions_ = PositionScheme::Rope;
    QString context_word_;
    QStringList context_sentences_;
    std::shared_ptr<Engine> engine_;
    std::shared_ptr<const ViewsData> data_;
    std::shared_ptr<const ContextData> context_;
    LatestTask<std::shared_ptr<const ViewsData>> data_task_{this};
    LatestTask<std::shared_ptr<const ContextData>> context_task_{this};
};

} // namespace es::ui
