// Autosave: after every change (debounced) the session is written to the config directory; a
// marker holding this process's id says the window is open. A marker left behind by a process
// that is gone means the last run did not close cleanly: the next start offers the autosave.
#pragma once
#include "persistence/session_file.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

namespace es::ui {

class Autosave : public QObject {
    Q_OBJECT
public:
    // `dir`: where autosave.json and running.pid live (created when needed).
    Autosave(QString dir, std::function<SessionFile()> capture, QObject* parent = nullptr);
    ~Autosave() override;

    static QString defaultDirectory();  // QStandardPaths' AppConfigLocation

    QString directory() const { return dir_; }
    QString filePath() const;
    QString markerPath() const;
    // Whether the previous run left its marker (and an autosave) behind without closing.
    bool previousRunCrashed() const;
    // Writes the marker; from now on changed() saves. Call once the window is up.
    void start();
    // Clean exit: the last save is written and the marker removed.
    void finish();
    // Something in the session changed: save after a short quiet spell.
    void changed();
    // Writes now; empty or why not.
    QString saveNow();
    int debounceMs() const { return timer_.interval(); }
    void setDebounceMs(int ms) { timer_.setInterval(ms); }
    int saves() const { return saves_; }
    QString lastError() const { return last_error_; }

private:
    QString dir_;
    std::function<SessionFile()> capture_;
    QTimer timer_;
    bool started_ = false;
    int saves_ = 0;
    QString last_error_;
};

} // namespace es::ui
