// The window's sources: the source and tokenizer choosers, opening a source or a dropped path,
// and the Open Recent menu.
#include "window/main_window.h"

#include "base/data_paths.h"
#include "document/session.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMimeData>
#include <QSettings>

namespace es::ui {

namespace {

constexpr int kMaxRecent = 10;

bool looks_like_session_file(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return false;
    return f.read(4096).contains(kSessionFormat);
}

QString tokenizer_label(const QString& name) {
    if (name == QLatin1String("glove")) return QObject::tr("glove (words)");
    if (name == QLatin1String("model")) return QObject::tr("the model's own");
    return name;
}

} // namespace

void MainWindow::chooseSource(int index) {
    const QString what = sources_->itemData(index).toString();
    if (what == QLatin1String("default")) openSource(SourceSpec::table(QString::fromStdString(default_table_path())));
    else if (what == QLatin1String("builtin")) openSource(SourceSpec::builtin());
    else if (what == QLatin1String("choose-table")) chooseVectorsFile();
    else if (what == QLatin1String("choose-model")) chooseModelFolder();
    else if (what.startsWith(QLatin1String("table:"))) openSource(SourceSpec::table(what.mid(6)));
    else if (what.startsWith(QLatin1String("model:"))) openSource(SourceSpec::model(what.mid(6)));
    refreshSources();
}

void MainWindow::chooseTokenizer(int index) {
    QString name = tokenizers_->itemData(index).toString();
    if (name == QLatin1String("choose")) {
        name = QFileDialog::getOpenFileName(this, tr("Tokenizer file"), QString(),
                                            tr("Tokenizers (*.json *.txt *.model *.tiktoken);;All files (*)"));
        if (name.isEmpty()) return refreshTokenizers();
    }
    session_->setTokenizer(name);
    if (!session_->tokenizerError().isEmpty()) showMessage(session_->tokenizerError(), true);
    refreshTokenizers();
}

void MainWindow::refreshTokenizers() {
    const QSignalBlocker block(tokenizers_);
    tokenizers_->clear();
    const QString current = session_->tokenizerName();
    QStringList names = session_->availableTokenizers();
    if (!current.isEmpty() && !names.contains(current)) names << current;  // a file the user chose
    for (const QString& n : names) tokenizers_->addItem(tokenizer_label(n), n);
    tokenizers_->addItem(tr("Other tokenizer file…"), QStringLiteral("choose"));
    const int at = tokenizers_->findData(current);
    tokenizers_->setCurrentIndex(at >= 0 ? at : 0);
}

void MainWindow::refreshSources() {
    const QSignalBlocker block(sources_);
    sources_->clear();
    const SourceSpec now = session_->source();
    const QString default_path = QString::fromStdString(default_table_path());
    sources_->addItem(tr("GloVe 6B · 100-d (default)"), QStringLiteral("default"));
    sources_->addItem(tr("Built-in encoder (GloVe + a small transformer)"), QStringLiteral("builtin"));
    int current = now.kind == SourceSpec::Builtin ? 1 : 0;
    if (now.kind == SourceSpec::Table && QFileInfo(now.path).absoluteFilePath() != QFileInfo(default_path).absoluteFilePath()) {
        sources_->addItem(now.displayName(), QStringLiteral("table:") + now.path);
        current = sources_->count() - 1;
    } else if (now.kind == SourceSpec::Model) {
        sources_->addItem(tr("Model: %1").arg(now.displayName()), QStringLiteral("model:") + now.path);
        current = sources_->count() - 1;
    }
    sources_->insertSeparator(sources_->count());
    sources_->addItem(tr("Vectors file…"), QStringLiteral("choose-table"));
    sources_->addItem(tr("Model folder…"), QStringLiteral("choose-model"));
    sources_->setCurrentIndex(current);
    sources_->setEnabled(session_->state() != Session::State::Loading);
}

void MainWindow::openSource(const SourceSpec& source) {
    session_->open(source);
    if (source.kind != SourceSpec::Builtin && source.path != QString::fromStdString(default_table_path()))
        addRecent(source.kind == SourceSpec::Model ? QStringLiteral("model") : QStringLiteral("table"), source.path);
    refreshSources();
}

void MainWindow::openPath(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir()) return openSource(SourceSpec::model(path));
    if (path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive) && looks_like_session_file(path))
        return void(openSessionOrWarn(path));
    openSource(SourceSpec::table(path));
}

void MainWindow::chooseVectorsFile() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open vectors"), QString(),
        tr("Vector tables (*.esv *.txt *.vec *.bin *.tsv *.json *.safetensors);;All files (*)"));
    if (!path.isEmpty()) openSource(SourceSpec::table(path));
}

void MainWindow::chooseModelFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a model folder (config.json, model.safetensors, tokenizer)"));
    if (!dir.isEmpty()) openSource(SourceSpec::model(dir));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    const auto urls = e->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    const auto urls = e->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile()) return;
    e->acceptProposedAction();
    openPath(urls.first().toLocalFile());
}

QStringList MainWindow::recentFiles() const { return QSettings().value(QStringLiteral("recent")).toStringList(); }

void MainWindow::addRecent(const QString& kind, const QString& path) {
    const QString entry = kind + ':' + QFileInfo(path).absoluteFilePath();
    QStringList list = recentFiles();
    list.removeAll(entry);
    list.prepend(entry);
    while (list.size() > kMaxRecent) list.removeLast();
    QSettings().setValue(QStringLiteral("recent"), list);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    if (!recent_menu_) return;
    recent_menu_->clear();
    const QStringList list = recentFiles();
    for (int i = 0; i < list.size(); ++i) {
        const QString kind = list[i].section(':', 0, 0), path = list[i].section(':', 1);
        const QString label = kind == QLatin1String("session") ? tr("Session: %1").arg(QFileInfo(path).fileName())
                              : kind == QLatin1String("model") ? tr("Model: %1").arg(QFileInfo(path).fileName())
                                                               : QFileInfo(path).fileName();
        QAction* a = recent_menu_->addAction(QStringLiteral("&%1  %2").arg(i + 1).arg(label));
        a->setToolTip(path);
        a->setStatusTip(path);
        connect(a, &QAction::triggered, this, [this, kind, path] {
            if (kind == QLatin1String("session")) openPath(path);
            else if (kind == QLatin1String("model")) openSource(SourceSpec::model(path));
            else openSource(SourceSpec::table(path));
        });
    }
    if (!list.isEmpty()) {
        recent_menu_->addSeparator();
        recent_menu_->addAction(tr("Clear the List"), this, [this] {
            QSettings().remove(QStringLiteral("recent"));
            rebuildRecentMenu();
        });
    }
    recent_menu_->setEnabled(!list.isEmpty());
}

} // namespace es::ui
