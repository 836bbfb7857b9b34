// Session files: capture, open, save, autosave and the crash-restore offer; SessionRestore
// applies a file step by step.
#include "window/main_window.h"

#include "document/session.h"
#include "panels/explorer_panels.h"
#include "persistence/autosave.h"
#include "scatter/camera_state.h"
#include "scatter/scatter_view.h"
#include "window/session_restore.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>

namespace es::ui {

SessionFile MainWindow::captureSession() const {
    SessionFile f;
    f.text = session_->loadedText();
    f.tokenizer = session_->tokenizerName();
    f.source = session_->source().toJson();
    f.projection = session_->projection().toJson();
    f.camera = scatter_->camera().toJson();
    if (session_->state() == Session::State::Ready) {
        for (uint32_t r : session_->selection()) f.selection << session_->word(r);
        if (const auto c = session_->currentRow()) f.current = session_->word(*c);
    }
    f.panels = explorerPanelsState(const_cast<MainWindow*>(this));
    f.search = search_state(*session_);
    f.view = currentViewName();
    return f;
}

void MainWindow::applySession(const SessionFile& file) { restore_->start(file); }
bool MainWindow::restoring() const { return restore_->active(); }

bool MainWindow::openSessionFile(const QString& path, QString* error) {
    QString why;
    QStringList problems;
    const auto file = read_session_file(path, &why, &problems);
    if (!file) {
        if (error) *error = tr("%1: %2").arg(path, why);
        return false;
    }
    session_path_ = path;
    addRecent(QStringLiteral("session"), path);
    applySession(*file);
    noteSessionProblems(path, problems);
    return true;
}

void MainWindow::noteSessionProblems(const QString& path, const QStringList& problems) {
    if (problems.isEmpty()) return;
    const QString first = problems.front();
    showMessage(problems.size() == 1 ? tr("%1: left out %2").arg(QFileInfo(path).fileName(), first)
                                     : tr("%1: left out %2 and %n more field(s)", nullptr, int(problems.size() - 1))
                                           .arg(QFileInfo(path).fileName(), first),
                true);
    message_->setToolTip(problems.join(QLatin1Char('\n')));
}

bool MainWindow::saveSessionFile(const QString& path, QString* error) {
    const QString why = write_session_file(path, captureSession());
    if (!why.isEmpty()) {
        if (error) *error = tr("%1: cannot write the session: %2").arg(path, why);
        return false;
    }
    session_path_ = path;
    addRecent(QStringLiteral("session"), path);
    showMessage(tr("Session saved to %1").arg(QFileInfo(path).fileName()));
    return true;
}

bool MainWindow::openSessionOrWarn(const QString& path) {
    QString error;
    if (openSessionFile(path, &error)) return true;
    showMessage(error, true);
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open the session"), error, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("sessionError"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return false;
}

void MainWindow::chooseSessionToOpen() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a session"), QString(), tr("Embedscope sessions (*.json);;All files (*)"));
    if (!path.isEmpty()) openSessionOrWarn(path);
}

bool MainWindow::chooseSessionToSave() {
    QString path = QFileDialog::getSaveFileName(this, tr("Save the session"), session_path_, tr("Embedscope sessions (*.json)"));
    if (path.isEmpty()) return false;
    if (!path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive)) path += QStringLiteral(".json");
    QString error;
    if (!saveSessionFile(path, &error)) {
        showMessage(error, true);
        QMessageBox::warning(this, tr("Cannot save the session"), error);
        return false;
    }
    return true;
}

void MainWindow::setAutosave(Autosave* autosave) { autosave_ = autosave; }

void MainWindow::noteChange() {
    if (autosave_ && !restore_->active()) autosave_->changed();
}

void MainWindow::offerCrashRestore(const QString& autosave_path) {
    auto* box = new QMessageBox(QMessageBox::Question, tr("Restore the last session?"),
                                tr("Embedscope did not close properly last time. Restore the session it saved "
                                   "automatically (%1)?")
                                    .arg(QLocale().toString(QFileInfo(autosave_path).lastModified(), QLocale::ShortFormat)),
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("crashRestore"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, autosave_path](int result) {
        if (result != QMessageBox::Yes) return;
        QString error;
        const auto file = read_session_file(autosave_path, &error);
        if (file) applySession(*file);
        else showMessage(tr("%1: %2").arg(autosave_path, error), true);
    });
    box->open();
}

} // namespace es::ui
