#include "window/session_restore.h"

#include "document/projection_spec.h"
#include "document/session.h"
#include "document/source_spec.h"
#include "document/view_history.h"
#include "panels/explorer_panels.h"
#include "scatter/camera_state.h"
#include "scatter/scatter_view.h"

#include <QMainWindow>
#include <QPlainTextEdit>

#include <algorithm>

namespace es::ui {

namespace {

// A session file's "colour_by" names; a name not listed reads as rank.
constexpr std::pair<Session::ColourBy, const char*> kColourByNames[] = {
    {Session::ColourBy::Rank, "rank"}, {Session::ColourBy::Selection, "selection"}, {Session::ColourBy::Metadata, "metadata"}};

QString colour_by_name(Session::ColourBy by) {
    for (const auto& [b, name] : kColourByNames)
        if (b == by) return QString::fromLatin1(name);
    return QStringLiteral("rank");
}

Session::ColourBy colour_by_named(const QString& name) {
    for (const auto& [b, n] : kColourByNames)
        if (name == QLatin1String(n)) return b;
    return Session::ColourBy::Rank;
}

} // namespace

QJsonObject search_state(const Session& session) {
    QJsonObject search;
    search["pattern"] = session.searchPattern();
    search["regex"] = session.searchIsRegex();
    search["colour_by"] = colour_by_name(session.colourBy());
    search["colour_column"] = session.colourColumn();
    return search;
}

SessionRestore::SessionRestore(Session* session, QPlainTextEdit* editor, ScatterView* view, ViewHistory* history,
                               QMainWindow* window)
    : QObject(window), session_(session), editor_(editor), view_(view), history_(history), window_(window) {}

void SessionRestore::start(const SessionFile& file) {
    pending_ = file;
    active_ = true;
    waiting_for_source_ = waiting_for_projection_ = false;
    if (editor_->toPlainText() != file.text) editor_->setPlainText(file.text);
    session_->setText(file.text);
    if (!file.view.isEmpty()) emit viewWanted(file.view);
    if (!file.source.isEmpty()) {
        QString error;
        const auto source = SourceSpec::fromJson(file.source, &error);
        if (!source) {
            active_ = false;
            emit failed(tr("\"source\": %1").arg(error));
            return;
        }
        if (!(*source == session_->source()) || session_->state() != Session::State::Ready) {
            waiting_for_source_ = true;
            if (!(*source == session_->source()) || session_->state() != Session::State::Loading) session_->open(*source);
            return;  // continues in sourceStateChanged()
        }
    } else if (session_->state() != Session::State::Ready) {
        waiting_for_source_ = true;
        return;
    }
    continueWithTokenizerAndProjection();
}

void SessionRestore::sourceStateChanged() {
    if (!active_ || !waiting_for_source_) return;
    const Session::State s = session_->state();
    if (s == Session::State::Ready) {
        waiting_for_source_ = false;
        continueWithTokenizerAndProjection();
    } else if (s == Session::State::Missing || s == Session::State::Damaged) {
        waiting_for_source_ = false;
        active_ = false;
        emit failed(session_->errorMessage());
    } else if (s != Session::State::Loading) {  // cancelled: the previous source came back
        waiting_for_source_ = false;
        active_ = false;
        emit failed(tr("loading the session's source was cancelled"));
    }
}

void SessionRestore::projectionSettled() {
    if (!active_ || !waiting_for_projection_) return;
    waiting_for_projection_ = false;
    finish();
}

void SessionRestore::continueWithTokenizerAndProjection() {
    if (!pending_.tokenizer.isEmpty() && pending_.tokenizer != session_->tokenizerName()) {
        session_->setTokenizer(pending_.tokenizer);
        if (!session_->tokenizerError().isEmpty()) emit warning(session_->tokenizerError());
    }
    if (!pending_.projection.isEmpty()) {
        QString error;
        const auto spec = ProjectionSpec::fromJson(pending_.projection, &error);
        if (!spec) emit warning(tr("Session: \"projection\": %1").arg(error));
        else if (!(*spec == session_->projection()) || session_->projecting()) {
            waiting_for_projection_ = true;
            if (!(*spec == session_->projection())) session_->setProjection(*spec);
            return;  // continues in projectionSettled()
        }
    }
    finish();
}

void SessionRestore::finish() {
    std::vector<uint32_t> rows;
    QStringList missing;
    for (const QString& w : pending_.selection) {
        if (const auto r = session_->findWord(w)) rows.push_back(*r);
        else missing << w;
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    session_->setSelection(rows);
    session_->setCurrentRow(pending_.current ? session_->findWord(*pending_.current) : std::nullopt);
    const QJsonObject search = pending_.search;
    if (search.contains(QStringLiteral("pattern")))
        session_->setSearch(search.value(QStringLiteral("pattern")).toString(), search.value(QStringLiteral("regex")).toBool());
    const QString colour = search.value(QStringLiteral("colour_by")).toString();
    if (!colour.isEmpty()) session_->setColourBy(colour_by_named(colour), search.value(QStringLiteral("colour_column")).toString());
    if (!pending_.panels.isEmpty()) restoreExplorerPanelsState(window_, pending_.panels);
    if (!pending_.camera.isEmpty()) {
        QString error;
        if (const auto camera = CameraState::fromJson(pending_.camera, &error)) view_->setCamera(*camera);
        else emit warning(tr("Session: \"camera\": %1").arg(error));
    }
    if (!pending_.view.isEmpty()) emit viewWanted(pending_.view);
    history_->reset();
    active_ = false;
    if (!missing.isEmpty()) emit warning(tr("Session: not in this vocabulary: %1").arg(missing.join(QStringLiteral(", "))));
    emit restored();
}

} // namespace es::ui
