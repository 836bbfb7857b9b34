#include "document/views_document.h"

#include "analysis/attention_aggregates.h"
#include "encoder/builtin_encoder.h"
#include "encoder/cpu_backend.h"
#include "base/data_paths.h"
#include "encoder/encoder_model.h"
#include "encoder/model_config.h"
#include "base/error.h"
#include "tokenizers/glove_tokenizer.h"
#include "document/encoder_host.h"
#include "document/session.h"
#include "tokenizers/tokenizer_registry.h"
#include "vectors/vector_table.h"

#include <QPointer>
#include <QTimer>
#include <QtConcurrent>

#include <filesystem>

namespace es::ui {

namespace {

const char* kSampleText = "the river bank was muddy after the rain , so she went to the bank to get money .";

// The model folder's own tokenizer; null when it has none (the views then take token ids).
std::shared_ptr<const Tokenizer> folder_tokenizer_or_none(const std::string& dir) {
    try {
        return model_folder_tokenizer(dir);
    } catch (const Error&) {
        return nullptr;
    }
}

QString display_text(const Token& t) {
    QString s = QString::fromStdString(t.text).trimmed();
    if (s.isEmpty()) s = QString::fromStdString(t.piece).trimmed();
    if (s.isEmpty()) s = QStringLiteral("␣");
    return s;
}

} // namespace

// The Session's loaded model, when it is the folder the views show: reused, not loaded twice.
struct SharedModel {
    std::shared_ptr<Encoder> encoder;
    std::shared_ptr<EncoderHost> host;  // runs go through its thread (and GL context)
    std::shared_ptr<const Tokenizer> tokenizer;
};

// The loaded encoder and tokenizer, reused between runs; one run at a time.
struct ViewsDocument::Engine {
    std::mutex mutex;
    QString key;
    std::shared_ptr<const VectorTable> table;
    std::shared_ptr<const Tokenizer> tokenizer;
    std::shared_ptr<Encoder> encoder;
    std::shared_ptr<EncoderHost> host;  // null: run on the calling thread
    bool from_session = false;          // the Session's model, not one loaded here
    std::optional<ModelConfig> config;
    std::optional<PositionTable> learned;
    QString load_error;

    // The built-in encoder with the views' own options (RoPE, 2 layers: not the Session's), or
    // the model folder: the Session's when `shared` has it, else loaded here on the CPU.
    void prepare(const QString& source, PositionScheme scheme, const SharedModel& shared) {
        QString k = source + QLatin1Char('|') + QString::fromLatin1(position_scheme_name(scheme));
        if (shared.encoder) k += QStringLiteral("|shared:%1").arg(quintptr(shared.encoder.get()), 0, 16);
        if (k == key) return;
        key = k;
        encoder.reset();
        host.reset();
        from_session = false;
        tokenizer.reset();
        config.reset();
        learned.reset();
        load_error.clear();
        try {
            if (source == QLatin1String("builtin")) {
                if (!table) table = VectorTable::open_esv(default_table_path());
                tokenizer = std::make_shared<GloveTokenizer>(table);
                encoder = std::make_unique<BuiltinEncoder>(table, std::make_shared<CpuBackend>(2), BuiltinEncoderOptions{scheme, 2});
                return;
            }
            const std::string dir = source.toStdString();
            config = read_model_config((std::filesystem::path(dir) / "config.json").string());
            learned = learned_positions(dir);
            if (shared.encoder) {
                encoder = shared.encoder;
                host = shared.host;
                tokenizer = shared.tokenizer;
                from_session = true;
                return;
            }
            encoder = EncoderModel::load(dir, std::make_shared<CpuBackend>(2));
            tokenizer = folder_tokenizer_or_none(dir);
        } catch (const std::exception& e) {
            load_error = QString::fromUtf8(e.what());
            encoder.reset();
        }
    }

    EncoderOutput run(const std::vector<int64_t>& ids, EncoderOptions options) {
        EncoderOutput out;
        if (host) host->call([&] { out = encoder->run(ids, options); });
        else out = encoder->run(ids, options);
        return out;
    }
};

ViewsDocument* ViewsDocument::of(Session* session) { return session ? session->views() : new ViewsDocument(nullptr); }

// The Session's model when the views show the folder it loaded (read on the GUI thread).
static SharedModel shared_model(const Session* session, const QString& source) {
    if (!session || source == QLatin1String("builtin")) return {};
    const SourceDocument& s = session->sourceDocument();
    if (s.state() != SourceDocument::State::Ready || s.source().kind != SourceSpec::Model || s.source().path != source) return {};
    return {s.encoder(), s.encoderHost(), s.tokenizer()};
}

ViewsDocument::ViewsDocument(Session* session, QObject* parent)
    : QObject(parent), session_(session), engine_(std::make_shared<Engine>()) {
    if (session_) {
        connect(session_, &Session::tokensChanged, this, &ViewsDocument::followSession);
        connect(session_, &Session::sourceChanged, this, &ViewsDocument::followSession);
        connect(session_, &Session::stateChanged, this, &ViewsDocument::followSession);
        const SourceSpec s = session_->source();
        if (s.kind == SourceSpec::Model) source_ = s.path;
        text_ = session_->loadedText();
    }
    context_word_ = QStringLiteral("bank");
    context_sentences_ = {QStringLiteral("he sat on the bank of the river"),
                          QStringLiteral("she took money from the bank"),
                          QStringLiteral("the blood bank needs donors")};
    schedule();
    scheduleContext();
}

ViewsDocument::~ViewsDocument() = default;

void ViewsDocument::followSession() {
    if (!session_) return;
    const SourceSpec s = session_->source();
    const QString source = s.kind == SourceSpec::Model ? s.path : QStringLiteral("builtin");
    const QString text = session_->loadedText();
    if (source == source_ && text == text_) return;
    const bool source_changed = source != source_;
    source_ = source;
    text_ = text;
    ids_.clear();
    schedule();
    if (source_changed) scheduleContext();
}

void ViewsDocument::setSource(const QString& source) {
    if (source == source_) return;
    source_ = source.isEmpty() ? QStringLiteral("builtin") : source;
    ids_.clear();
    schedule();
    scheduleContext();
}

void ViewsDocument::setText(const QString& text) {
    text_ = text;
    ids_.clear();
    schedule();
}

void ViewsDocument::setIds(const std::vector<int64_t>& ids) {
    ids_ = ids;
    schedule();
}

void ViewsDocument::setBuiltinPositions(PositionScheme scheme) {
    if (scheme == builtin_positions_) return;
    builtin_positions_ = scheme;
    schedule();
    scheduleContext();
}

void ViewsDocument::setContextWord(const QString& word, const QStringList& sentences) {
    context_word_ = word;
    context_sentences_ = sentences;
    scheduleContext();
}

void ViewsDocument::schedule() {
    const QString source = source_;
    const QString text = text_.trimmed().isEmpty() ? QString::fromLatin1(kSampleText) : text_;
    const std::vector<int64_t> ids = ids_;
    const PositionScheme scheme = builtin_positions_;
    auto engine = engine_;
    data_task_.run([engine, source, text, ids, scheme, shared = shared_model(session_, source)](const auto&) -> std::shared_ptr<const ViewsData> {
        auto d = std::make_shared<ViewsData>();
        d->source = source;
        std::lock_guard lock(engine->mutex);
        engine->prepare(source, scheme, shared);
        if (!engine->encoder) {
            d->error = engine->load_error;
            return d;
        }
        try {
            Encoder& enc = *engine->encoder;
            d->modelName = QString::fromStdString(enc.name());
            d->sessionModel = engine->from_session;
            d->trained = enc.trained();
            d->maxPositions = enc.max_positions();
            if (engine->config) {
                d->causal = engine->config->causal();
                d->rope = engine->config->uses_rope();
                d->ropeTheta = engine->config->rope_theta;
                d->ropeScaling = engine->config->rope_scaling;
            } else {
                d->rope = scheme == PositionScheme::Rope;
            }
            d->learned = engine->learned;
            std::vector<Token> tokens;
            if (!ids.empty()) {
                for (int64_t id : ids) {
                    Token t;
                    t.id = id;
                    t.text = std::to_string(id);
                    t.start = 0;
                    tokens.push_back(t);
                }
            } else if (engine->tokenizer) {
                tokens = engine->tokenizer->encode(text.toStdString());
            } else {
                d->error = source + QStringLiteral(": this model folder has no tokenizer; give token ids");
                return d;
            }
            const size_t cap = size_t(std::min<int64_t>(kMaxTokens, enc.max_positions()));
            if (tokens.size() > cap) {
                d->warnings << QStringLiteral("the text was cut to its first %1 tokens").arg(cap);
                tokens.resize(cap);
            }
            for (size_t i = 0; i < tokens.size(); ++i) {
                // An unknown word enters the built-in encoder as a zero vector (id −1).
                d->ids.push_back(tokens[i].id);
                d->tokens << display_text(tokens[i]);
                if (!tokens[i].start) d->special.push_back(int64_t(i));
            }
            if (d->ids.empty()) {
                d->error = QStringLiteral("no tokens to show");
                return d;
            }
            d->out = engine->run(d->ids, {true, true});
            d->rollout = attention_rollout(d->out.attentions, d->out.heads, d->out.tokens);
            for (const auto& w : d->out.warnings) d->warnings << QString::fromStdString(w);
        } catch (const std::exception& e) {
            d->error = QString::fromUtf8(e.what());
        }
        return d;
    },
    [this](std::shared_ptr<const ViewsData> d) {
        data_ = std::move(d);
        emit dataChanged();
    });
}

void ViewsDocument::scheduleContext() {
    const QString source = source_;
    const QString word = context_word_;
    const QStringList sentences = context_sentences_;
    const PositionScheme scheme = builtin_positions_;
    auto engine = engine_;
    context_task_.run([engine, source, word, sentences, scheme, shared = shared_model(session_, source)](const auto&) -> std::shared_ptr<const ContextData> {
        auto c = std::make_shared<ContextData>();
        c->word = word;
        c->sentences = sentences;
        std::lock_guard lock(engine->mutex);
        engine->prepare(source, scheme, shared);
        try {
            if (!engine->encoder) throw Error(engine->load_error.toStdString());
            if (!engine->tokenizer) throw Error("this model folder has no tokenizer");
            std::vector<std::string> s;
            for (const QString& x : sentences) s.push_back(x.toStdString());
            std::vector<WordInContext> contexts;
            const auto find = [&] { contexts = word_in_contexts(*engine->encoder, *engine->tokenizer, word.toStdString(), s); };
            if (engine->host) engine->host->call(find);
            else find();
            const VectorTable* table = source == QLatin1String("builtin") ? engine->table.get() : nullptr;
            c->plot = project_trajectories(contexts, word.toStdString(), table, 6);
        } catch (const std::exception& e) {
            c->error = QString::fromUtf8(e.what());
        }
        return c;
    },
    [this](std::shared_ptr<const ContextData> c) {
        context_ = std::move(c);
        emit contextChanged();
    });
}

} // namespace es::ui
