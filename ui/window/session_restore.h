// Applying a session file, in the order the session can take it: the text and the view at once;
// the source, then the projection, once the session has them ready; then the selection, search,
// colours, panels and camera. The window forwards the session's signals at a fixed point of its
// own handling (sourceStateChanged, projectionSettled), so the order of updates is its order.
#pragma once
#include "persistence/session_file.h"

#include <QJsonObject>
#include <QObject>

class QMainWindow;
class QPlainTextEdit;

namespace es::ui {

class ScatterView;
class Session;
class ViewHistory;

// A session file's "search" object (pattern, regex, colour_by, colour_column); SessionRestore
// reads it back with the same names.
QJsonObject search_state(const Session& session);

class SessionRestore : public QObject {
    Q_OBJECT
public:
    // `window` holds the explorer panels whose state a session file carries.
    SessionRestore(Session* session, QPlainTextEdit* editor, ScatterView* view, ViewHistory* history, QMainWindow* window);

    // Starts over with `file`; ends in restored() or failed().
    void start(const SessionFile& file);
    bool active() const { return active_; }
    // The session's state changed (a source waited for may be ready, damaged or cancelled).
    void sourceStateChanged();
    // The session's projection arrived or failed.
    void projectionSettled();

signals:
    void viewWanted(const QString& name);  // the central tab, by its --view name
    void warning(const QString& text);     // for the status bar
    void restored();
    void failed(const QString& message);

private:
    void continueWithTokenizerAndProjection();
    void finish();

    Session* session_;
    QPlainTextEdit* editor_;
    ScatterView* view_;
    ViewHistory* history_;
    QMainWindow* window_;
    SessionFile pending_;
    bool active_ = false;
    bool waiting_for_source_ = false;
    bool waiting_for_projection_ = false;
};

} // namespace es::ui
