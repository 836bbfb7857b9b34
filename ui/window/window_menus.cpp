// [SECTION] menus and actions
// [SECTION] exports
// [SECTION] help
#include "window/main_window.h"

#include "base/data_paths.h"
#include "document/projection_spec.h"
#include "document/session.h"
#include "document/view_history.h"
#include "persistence/autosave.h"
#include "scatter/scatter_view.h"
#include "window/about_dialog.h"
#include "window/diagnostics_dialog.h"
#include "window/view_export.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QOpenGLWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QUndoStack>

namespace es::ui {

// [SECTION] menus and actions

void MainWindow::buildMenus() {
    auto add = [this](QMenu* menu, const QString& name, const QString& text, const QKeySequence& keys, auto slot) {
        QAction* a = menu->addAction(text);
        a->setObjectName(name);
        if (!keys.isEmpty()) a->setShortcut(keys);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };

    QMenu* file = menuBar()->addMenu(tr("&File"));
    add(file, "openVectors", tr("Open &Vectors File…"), QKeySequence::Open, [this] { chooseVectorsFile(); });
    add(file, "openModel", tr("Open &Model Folder…"), QKeySequence(tr("Ctrl+Alt+O")), [this] { chooseModelFolder(); });
    add(file, "openBuiltin", tr("Use the &Built-in Encoder"), QKeySequence(tr("Ctrl+Alt+B")),
        [this] { openSource(SourceSpec::builtin()); });
    add(file, "openDefault", tr("Use the &Default GloVe Table"), QKeySequence(tr("Ctrl+Alt+G")),
        [this] { openSource(SourceSpec::table(QString::fromStdString(default_table_path()))); });
    recent_menu_ = file->addMenu(tr("Open &Recent"));
    recent_menu_->setObjectName(QStringLiteral("recentMenu"));
    file->addSeparator();
    add(file, "openSession", tr("Open &Session…"), QKeySequence(tr("Ctrl+Shift+O")), [this] { chooseSessionToOpen(); });
    add(file, "saveSession", tr("&Save Session"), QKeySequence::Save, [this] {
        if (session_path_.isEmpty()) chooseSessionToSave();
        else if (QString e; !saveSessionFile(session_path_, &e)) showMessage(e, true);
    });
    add(file, "saveSessionAs", tr("Save Session &As…"), QKeySequence::SaveAs, [this] { chooseSessionToSave(); });
    file->addSeparator();
    add(file, "exportPng", tr("&Export Picture (PNG)…"), QKeySequence(tr("Ctrl+E")), [this] { exportPng(); });
    add(file, "copyView", tr("&Copy Picture to Clipboard"), QKeySequence(tr("Ctrl+Shift+C")), [this] { copyViewToClipboard(); });
    add(file, "exportCoordinates", tr("Export Projected &Coordinates (TSV/CSV)…"), QKeySequence(tr("Ctrl+Shift+E")),
        [this] { exportCoordinates(); });
    file->addSeparator();
    add(file, "quit", tr("&Quit"), QKeySequence::Quit, [this] { close(); });

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = history_->stack()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QAction* redo = history_->stack()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("redo"));
    redo->setShortcuts({QKeySequence::Redo, QKeySequence(tr("Ctrl+Y"))});
    redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    edit->addAction(undo);
    edit->addAction(redo);
    // The editor keeps Ctrl+Z for its own text; the view's undo acts when the focus is elsewhere.
    for (QWidget* w : {static_cast<QWidget*>(tabs_), static_cast<QWidget*>(chip_scroll_)}) {
        w->addAction(undo);
        w->addAction(redo);
    }
    edit->addSeparator();
    add(edit, "clearSelection", tr("Clear &Selection"), QKeySequence(tr("Ctrl+Shift+A")), [this] {
        session_->setSelection({});
        session_->setCurrentRow(std::nullopt);
    });
    add(edit, "focusText", tr("Edit the &Text"), QKeySequence(tr("Ctrl+L")), [this] {
        editor_->setFocus();
        editor_->selectAll();
    });
    add(edit, "focusTokenizer", tr("Choose the To&kenizer"), QKeySequence(tr("Ctrl+K")), [this] {
        tokenizers_->setFocus();
        tokenizers_->showPopup();
    });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    dims_ = new QActionGroup(this);
    QAction* two = add(view, "view2d", tr("&2-D"), QKeySequence(tr("Ctrl+2")), [this] {
        ProjectionSpec p = session_->projection();
        if (!p.three_d) return;
        p.three_d = false;
        session_->setProjection(p);
    });
    QAction* three = add(view, "view3d", tr("&3-D"), QKeySequence(tr("Ctrl+3")), [this] {
        ProjectionSpec p = session_->projection();
        if (p.three_d) return;
        p.three_d = true;
        session_->setProjection(p);
    });
    for (QAction* a : {two, three}) {
        a->setCheckable(true);
        dims_->addAction(a);
    }
    add(view, "fitView", tr("&Fit All Points"), QKeySequence(tr("Ctrl+0")), [this] { scatter_->fitToData(); });
    view->addSeparator();
    QMenu* themes = view->addMenu(tr("&Theme"));
    themes_ = new QActionGroup(this);
    for (theme::Mode m : {theme::Mode::Light, theme::Mode::Dark}) {
        QAction* a = add(themes, "theme-" + theme::modeName(m), m == theme::Mode::Light ? tr("&Light") : tr("&Dark"),
                         QKeySequence(), [this, m] { setThemeMode(m); });
        a->setCheckable(true);
        a->setData(theme::modeName(m));
        themes_->addAction(a);
    }
    QAction* present = add(view, "presentation", tr("&Presentation Mode"), QKeySequence(tr("F5")),
                           [this](bool on) { setPresentation(on); });
    present->setCheckable(true);
    QAction* ids = add(view, "showIds", tr("Token &Ids"), QKeySequence(tr("Ctrl+I")), [this](bool on) { show_ids_->setChecked(on); });
    ids->setCheckable(true);
    connect(show_ids_, &QCheckBox::toggled, ids, &QAction::setChecked);
    view->addSeparator();
    QMenu* tabs_menu = view->addMenu(tr("&Views"));
    for (int i = 0; i < tab_names_.size(); ++i) {
        const QString name = tab_names_[i];
        add(tabs_menu, "tab-" + name, tabs_->tabText(i), QKeySequence(QStringLiteral("Alt+%1").arg(i + 1)),
            [this, name] { showView(name); });
    }
    docks_menu_ = view->addMenu(tr("&Panels"));
    const auto docks = findChildren<QDockWidget*>();
    for (int i = 0; i < docks.size(); ++i) {
        QAction* toggle = docks[i]->toggleViewAction();
        if (i < 9) toggle->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+%1").arg(i + 1)));
        docks_menu_->addAction(toggle);
    }
    docks_menu_->setEnabled(!docks.isEmpty());

    QMenu* compute = menuBar()->addMenu(tr("&Compute"));
    QMenu* backend = compute->addMenu(tr("Encoder &Backend"));
    backends_ = new QActionGroup(this);
    const std::pair<const char*, QString> choices[] = {
        {"auto", tr("&Auto (GPU on real hardware, CPU on software GL)")}, {"cpu", tr("&CPU")}, {"gpu", tr("&GPU (OpenGL 4.3 compute)")}};
    for (const auto& [key, text] : choices) {
        const QString k = QString::fromLatin1(key);
        QAction* a = add(backend, "backend-" + k, text, QKeySequence(), [this, k] {
            session_->setEncoderBackend(k);
            QSettings().setValue(QStringLiteral("compute/backend"), k);
            showMessage(tr("Encoder backend: %1").arg(k));
        });
        a->setCheckable(true);
        a->setData(k);
        a->setChecked(session_->encoderBackend() == k);
        backends_->addAction(a);
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    add(help, "about", tr("&About Embedscope"), QKeySequence(), [this] { showAbout(); });
    add(help, "diagnostics", tr("&Diagnostics"), QKeySequence(tr("Ctrl+Shift+D")), [this] { showDiagnostics(); });

    QAction* cancel = new QAction(this);
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    cancel->setShortcutContext(Qt::WindowShortcut);
    connect(cancel, &QAction::triggered, this, [this] {
        if (session_->state() == Session::State::Loading) cancel_->click();
    });
    addAction(cancel);
    rebuildRecentMenu();
}

QAction* MainWindow::action(const QString& name) const { return findChild<QAction*>(name); }
QUndoStack* MainWindow::undoStack() const { return history_->stack(); }

void MainWindow::refreshProjectionActions() {
    if (!dims_) return;
    const bool three = session_->projection().three_d;
    for (QAction* a : dims_->actions()) a->setChecked((a->objectName() == QLatin1String("view3d")) == three);
}

// [SECTION] exports

QImage MainWindow::renderCurrentView(QSize size) const {
    QWidget* w = currentView();
    if (w == scatter_) return scatter_->renderImage(size);
    QImage img = w->grab().toImage();
    if (auto* gl = qobject_cast<QOpenGLWidget*>(w)) img = gl->grabFramebuffer();
    return img.size() == size ? img : img.scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

void MainWindow::exportPng() {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Export picture"));
    auto* form = new QFormLayout(&dialog);
    auto* preset = new QComboBox(&dialog);
    const QSize here = currentView()->size() * currentView()->devicePixelRatioF();
    preset->addItem(tr("As on screen (%1 × %2)").arg(here.width()).arg(here.height()), here);
    preset->addItem(tr("Full HD (1920 × 1080)"), QSize(1920, 1080));
    preset->addItem(tr("4K (3840 × 2160)"), QSize(3840, 2160));
    preset->addItem(tr("Poster (7680 × 4320)"), QSize(7680, 4320));
    auto* width = new QSpinBox(&dialog);
    auto* height = new QSpinBox(&dialog);
    for (QSpinBox* b : {width, height}) {
        b->setRange(64, 8192);
        b->setSuffix(tr(" px"));
    }
    width->setValue(here.width());
    height->setValue(here.height());
    connect(preset, &QComboBox::currentIndexChanged, &dialog, [=](int i) {
        const QSize s = preset->itemData(i).toSize();
        width->setValue(s.width());
        height->setValue(s.height());
    });
    form->addRow(tr("&Size:"), preset);
    form->addRow(tr("&Width:"), width);
    form->addRow(tr("&Height:"), height);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted) return;
    QString path = QFileDialog::getSaveFileName(this, tr("Export picture"), QStringLiteral("embedscope.png"), tr("PNG images (*.png)"));
    if (path.isEmpty()) return;
    if (!path.endsWith(QStringLiteral(".png"), Qt::CaseInsensitive)) path += QStringLiteral(".png");
    const QString why = write_png(renderCurrentView(QSize(width->value(), height->value())), path);
    if (why.isEmpty()) showMessage(tr("Picture written to %1").arg(QFileInfo(path).fileName()));
    else showMessage(tr("%1: cannot write the picture: %2").arg(path, why), true);
}

void MainWindow::copyViewToClipboard() {
    const QSize size = currentView()->size() * currentView()->devicePixelRatioF();
    QGuiApplication::clipboard()->setImage(renderCurrentView(size));
    showMessage(tr("Picture copied (%1 × %2)").arg(size.width()).arg(size.height()));
}

void MainWindow::exportCoordinates() {
    if (session_->state() != Session::State::Ready) return showMessage(tr("No vectors loaded: nothing to export"), true);
    QString filter;
    QString path = QFileDialog::getSaveFileName(this, tr("Export projected coordinates"), QStringLiteral("projection.tsv"),
                                                tr("Tab-separated (*.tsv);;Comma-separated (*.csv)"), &filter);
    if (path.isEmpty()) return;
    if (!path.contains('.')) path += filter.contains(QStringLiteral("csv")) ? QStringLiteral(".csv") : QStringLiteral(".tsv");
    const QString why = write_projection_table(path, table_format_for(path), session_->points(), session_->projection().three_d,
                                               session_->axisLabels(), [this](uint32_t r) { return session_->word(r); });
    if (why.isEmpty())
        showMessage(tr("%1 rows written to %2").arg(QLocale().toString(qulonglong(session_->pointCount())), QFileInfo(path).fileName()));
    else
        showMessage(tr("%1: cannot write: %2").arg(path, why), true);
}

// [SECTION] help

void MainWindow::showAbout() {
    auto* about = new AboutDialog(this);
    about->setAttribute(Qt::WA_DeleteOnClose);
    about->open();
}

void MainWindow::showDiagnostics() {
    DiagnosticRows rows;
    rows << qMakePair(tr("Embedscope"), QApplication::applicationVersion());
    rows << qMakePair(tr("Qt"), QString::fromLatin1(qVersion()));
    rows << qMakePair(tr("Platform"), QGuiApplication::platformName());
    rows << qMakePair(tr("OpenGL version"), scatter_->glVersion());
    rows << qMakePair(tr("OpenGL renderer"), scatter_->glRenderer());
    rows << qMakePair(tr("Scatter points drawn by"), scatter_->pointRendererText());
    rows << qMakePair(tr("Encoder backend (setting)"), session_->encoderBackend());
    rows << qMakePair(tr("Encoder backend in use"),
                      session_->encoderBackendInUse().isEmpty() ? tr("none (no encoder loaded)") : session_->encoderBackendInUse());
    rows << qMakePair(tr("Source"), session_->source().displayName() + QStringLiteral(" — ") + session_->source().path);
    rows << qMakePair(tr("Tokenizer"), session_->tokenizerName());
    rows << qMakePair(tr("Data directory"), QString::fromStdString(data_dir()));
    rows << qMakePair(tr("Default table"), QString::fromStdString(default_table_path()));
    rows << qMakePair(tr("Settings file"), QSettings().fileName());
    rows << qMakePair(tr("Autosave"), autosave_ ? autosave_->filePath() : tr("off"));
    rows << qMakePair(tr("Device pixel ratio"), QString::number(devicePixelRatioF()));
    auto* d = new DiagnosticsDialog(rows, this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->open();
}

} // namespace es::ui
