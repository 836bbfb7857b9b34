#include "window/main_window.h"

#include "window/about_dialog.h"
#include "persistence/autosave.h"
#include "scatter/camera_state.h"
#include "panels/data_message_panel.h"
#include "base/data_paths.h"
#include "window/diagnostics_dialog.h"
#include "document/projection_spec.h"
#include "scatter/scatter_view.h"
#include "document/session.h"
#include "panels/token_strip.h"
#include "vectors/vector_table.h"
#include "window/view_export.h"
#include "document/view_history.h"
#include "plots/views_plot.h"
#include "window/window_options.h"

#include "panels/dock_properties.h"
#include "panels/explorer_panels.h"
#include "plots/positions_view.h"
#include "plots/rope_view.h"
#include "plots/attention_view.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QIcon>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QOpenGLWidget>
#include <QPainter>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QWindow>

#include <algorithm>

namespace es::ui {

namespace {

constexpr int kChipAreaMaxHeight = 150;
constexpr int kMaxRecent = 10;
constexpr double kPresentationTextScale = 1.5;  // the plots' text, as the scatter's labels

// Teaching sentences embedded from resources/sample-sentences.txt ('#' starts a comment).
QStringList sample_sentences() {
    QFile f(QStringLiteral(":/resources/sample-sentences.txt"));
    QStringList out;
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return out;
    for (const QString& line : QString::fromUtf8(f.readAll()).split('\n')) {
        const QString t = line.trimmed();
        if (!t.isEmpty() && !t.startsWith('#')) out << t;
    }
    return out;
}

// Recent entries are "kind:path" (kind: session, table, model).
QString recent_entry(const QString& kind, const QString& path) { return kind + ':' + QFileInfo(path).absoluteFilePath(); }

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

MainWindow::MainWindow(Session* session, QWidget* parent) : QMainWindow(parent), session_(session) {
    setWindowIcon(QIcon(QStringLiteral(":/resources/embedscope.svg")));  // drawn by Qt's SVG plugin (libqt6svg6)
    setWindowTitle(tr("Embedscope"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    buildCentre();
    buildStatusBar();
    history_ = new ViewHistory(session_, scatter_, this);
    installPanelsAndViews();
    buildMenus();
    restoreSettings();

    connect(editor_, &QPlainTextEdit::textChanged, this, [this] {
        if (editor_->toPlainText() != session_->loadedText()) session_->setText(editor_->toPlainText());
    });
    connect(session_, &Session::stateChanged, this, &MainWindow::onStateChanged);
    connect(session_, &Session::convertingChanged, this, &MainWindow::onStateChanged);
    connect(session_, &Session::tokensChanged, this, &MainWindow::onTokensChanged);
    connect(session_, &Session::progressChanged, this, &MainWindow::onProgress);
    connect(session_, &Session::sourceChanged, this, [this] {
        refreshTokenizers();
        refreshSources();
    });
    connect(session_, &Session::tokenizerChanged, this, &MainWindow::refreshTokenizers);
    connect(session_, &Session::projectionChanged, this, [this] {
        refreshProjectionActions();
        onStateChanged();
        if (restoring_ && waiting_for_projection_) {
            waiting_for_projection_ = false;
            finishRestore();
        }
    });
    connect(session_, &Session::projectionFailed, this, [this](const QString& message) {
        showMessage(tr("Projection: %1").arg(message), true);
        refreshProjectionActions();
        if (restoring_ && waiting_for_projection_) {
            waiting_for_projection_ = false;
            finishRestore();
        }
    });
    connect(chips_, &TokenStrip::chipClicked, this, [this](qint64 row) { scatter_->centreOn(uint32_t(row)); });
    connect(chips_, &TokenStrip::chipHovered, this, [this](qint64 row) {
        scatter_->setEmphasis(row >= 0 ? std::optional<uint32_t>(uint32_t(row)) : std::nullopt);
    });
    connect(big_chips_, &TokenStrip::chipClicked, this, [this](qint64 row) {
        showView(QStringLiteral("scatter"));
        scatter_->centreOn(uint32_t(row));
    });
    // Everything that changes the session schedules an autosave.
    for (auto signal : {&Session::tokensChanged, &Session::projectionChanged, &Session::selectionChanged,
                        &Session::searchChanged, &Session::colourChanged, &Session::sourceChanged})
        connect(session_, signal, this, &MainWindow::noteChange);
    connect(scatter_, &ScatterView::cameraChanged, this, &MainWindow::noteChange);

    refreshTokenizers();
    refreshSources();
    refreshProjectionActions();
    onStateChanged();
    onTokensChanged();
    editor_->moveCursor(QTextCursor::End);
    editor_->setFocus();
}

MainWindow::~MainWindow() = default;

// [SECTION] layout

void MainWindow::buildCentre() {
    editor_ = new QPlainTextEdit(this);
    editor_->setObjectName(QStringLiteral("editor"));
    editor_->setAccessibleName(tr("Text"));
    editor_->setPlaceholderText(tr("Type a sentence…"));
    editor_->setTabChangesFocus(true);
    editor_->setPlainText(session_->loadedText());

    examples_ = new QToolButton(this);
    examples_->setPopupMode(QToolButton::InstantPopup);
    examples_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    examples_->setText(tr("E&xamples ▾"));
    examples_->setToolTip(tr("Teaching sentences"));
    auto* menu = new QMenu(examples_);
    for (const QString& sentence : sample_sentences())
        menu->addAction(sentence, this, [this, sentence] { editor_->setPlainText(sentence); });
    examples_->setMenu(menu);

    sources_ = new QComboBox(this);
    sources_->setObjectName(QStringLiteral("sourceChooser"));
    sources_->setAccessibleName(tr("Vector source"));
    sources_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    sources_->setMinimumContentsLength(16);
    connect(sources_, &QComboBox::activated, this, [this](int index) {
        const QString what = sources_->itemData(index).toString();
        if (what == QLatin1String("default")) openSource(SourceSpec::table(QString::fromStdString(default_table_path())));
        else if (what == QLatin1String("builtin")) openSource(SourceSpec::builtin());
        else if (what == QLatin1String("choose-table")) chooseVectorsFile();
        else if (what == QLatin1String("choose-model")) chooseModelFolder();
        else if (what.startsWith(QLatin1String("table:"))) openSource(SourceSpec::table(what.mid(6)));
        else if (what.startsWith(QLatin1String("model:"))) openSource(SourceSpec::model(what.mid(6)));
        refreshSources();
    });

    tokenizers_ = new QComboBox(this);
    tokenizers_->setObjectName(QStringLiteral("tokenizerChooser"));
    tokenizers_->setAccessibleName(tr("Tokenizer"));
    tokenizers_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    tokenizers_->setMinimumContentsLength(14);
    connect(tokenizers_, &QComboBox::activated, this, [this](int index) {
        QString name = tokenizers_->itemData(index).toString();
        if (name == QLatin1String("choose")) {
            name = QFileDialog::getOpenFileName(this, tr("Tokenizer file"), QString(),
                                                tr("Tokenizers (*.json *.txt *.model *.tiktoken);;All files (*)"));
            if (name.isEmpty()) return refreshTokenizers();
        }
        session_->setTokenizer(name);
        if (!session_->tokenizerError().isEmpty()) showMessage(session_->tokenizerError(), true);
        refreshTokenizers();
    });

    show_ids_ = new QCheckBox(tr("&ids"), this);
    show_ids_->setObjectName(QStringLiteral("showIds"));
    show_ids_->setToolTip(tr("Show each token's id under it (Ctrl+I)"));
    token_count_ = new QLabel(this);
    token_count_->setObjectName(QStringLiteral("tokenCount"));

    chips_ = new TokenStrip(this);
    chips_->setObjectName(QStringLiteral("tokenStrip"));
    connect(show_ids_, &QCheckBox::toggled, chips_, &TokenStrip::setShowIds);
    connect(show_ids_, &QCheckBox::toggled, this, &MainWindow::fitChipArea);

    scatter_ = new ScatterView(session_, this);
    scatter_->setObjectName(QStringLiteral("scatter"));
    panel_ = new DataMessagePanel(session_, this);
    stack_ = new QStackedWidget(this);
    stack_->addWidget(scatter_);
    stack_->addWidget(panel_);

    // The Tokens tab: the same strip, large, with ids, for reading tokens aloud in class.
    big_chips_ = new TokenStrip(this);
    big_chips_->setObjectName(QStringLiteral("largeTokenStrip"));
    big_chips_->setScale(1.8);
    big_chips_->setShowIds(true);
    big_summary_ = new QLabel(this);
    big_summary_->setWordWrap(true);
    auto* tokens_page = new QWidget(this);
    auto* tokens_box = new QVBoxLayout(tokens_page);
    tokens_box->setContentsMargins(16, 12, 16, 12);
    tokens_box->addWidget(big_summary_);
    auto* big_scroll = new QScrollArea(tokens_page);
    big_scroll->setWidget(big_chips_);
    big_scroll->setWidgetResizable(true);
    big_scroll->setFrameShape(QFrame::NoFrame);
    big_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    tokens_box->addWidget(big_scroll, 1);

    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("views"));
    tabs_->setDocumentMode(true);
    tabs_->addTab(stack_, tr("Scatter"));
    tab_names_ << QStringLiteral("scatter");
    tabs_->addTab(tokens_page, tr("Tokens"));
    tab_names_ << QStringLiteral("tokens");
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::noteChange);

    auto* central = new QWidget(this);
    auto* box = new QVBoxLayout(central);
    box->setContentsMargins(12, 8, 12, 4);
    box->setSpacing(6);
    auto* source_row = new QHBoxLayout;
    source_row->setSpacing(8);
    auto* source_label = new QLabel(tr("&Vectors:"), this);
    source_label->setBuddy(sources_);
    auto* tokenizer_label_w = new QLabel(tr("&Tokenizer:"), this);
    tokenizer_label_w->setBuddy(tokenizers_);
    source_row->addWidget(source_label);
    source_row->addWidget(sources_);
    source_row->addSpacing(16);
    source_row->addWidget(tokenizer_label_w);
    source_row->addWidget(tokenizers_);
    source_row->addWidget(show_ids_);
    source_row->addSpacing(8);
    source_row->addWidget(token_count_);
    source_row->addStretch(1);
    box->addLayout(source_row);
    auto* text_row = new QHBoxLayout;
    text_row->setSpacing(8);
    text_row->addWidget(editor_, 1);
    text_row->addWidget(examples_, 0, Qt::AlignTop);
    box->addLayout(text_row);
    chip_scroll_ = new QScrollArea(this);
    chip_scroll_->setWidget(chips_);
    chip_scroll_->setWidgetResizable(true);
    chip_scroll_->setFrameShape(QFrame::NoFrame);
    chip_scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    chip_scroll_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    chip_scroll_->setFocusPolicy(Qt::NoFocus);
    box->addWidget(chip_scroll_);
    box->addWidget(tabs_, 1);
    setCentralWidget(central);

    // Keyboard: text → vectors → tokenizer → ids → tokens → views.
    setTabOrder(editor_, sources_);
    setTabOrder(sources_, tokenizers_);
    setTabOrder(tokenizers_, show_ids_);
    setTabOrder(show_ids_, examples_);
    setTabOrder(examples_, chips_);
    setTabOrder(chips_, tabs_);
    setTabOrder(tabs_, scatter_);
    refreshStyleSheets();
}

void MainWindow::buildStatusBar() {
    message_ = new QLabel(this);
    vocabulary_ = new QLabel(this);
    variance_ = new QLabel(this);
    busy_ = new QProgressBar(this);
    busy_->setObjectName(QStringLiteral("loadProgress"));
    busy_->setRange(0, 1000);
    busy_->setMaximumWidth(240);
    busy_->setMaximumHeight(18);
    busy_->setTextVisible(true);
    busy_->setFormat(QStringLiteral("%p %"));
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setObjectName(QStringLiteral("cancelLoad"));
    cancel_->setToolTip(tr("Stop loading and keep the previous vectors (Esc)"));
    connect(cancel_, &QPushButton::clicked, this, [this] {
        session_->cancelLoad();
        showMessage(tr("Loading cancelled"));
    });
    statusBar()->addWidget(message_, 1);
    statusBar()->addPermanentWidget(busy_);
    statusBar()->addPermanentWidget(cancel_);
    statusBar()->addPermanentWidget(vocabulary_);
    statusBar()->addPermanentWidget(variance_);
}

// A view with a large minimum size scrolls inside its tab instead of widening the window.
static QWidget* scrolling(QWidget* view, QWidget* parent) {
    auto* area = new QScrollArea(parent);
    area->setWidget(view);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

void MainWindow::installPanelsAndViews() {
    auto add_full_width = [this](QWidget* view, const QString& title, const QString& name) {
        full_width_tabs_ << scrolling(view, this);
        tabs_->addTab(full_width_tabs_.last(), title);
        tab_names_ << name;
    };
    add_full_width(new PositionsView(session_, this), tr("Positions"), QStringLiteral("positions"));
    add_full_width(new RopeView(session_, this), tr("RoPE"), QStringLiteral("rope"));
    add_full_width(new AttentionView(session_, this), tr("Attention"), QStringLiteral("attention"));
    installExplorerPanels(this, session_, scatter_);
    watchDocks();
}

void MainWindow::watchDocks() {
    for (QDockWidget* dock : findChildren<QDockWidget*>()) {
        dock->installEventFilter(this);
        // The View menu's toggle: the user's own choice, kept on the full-width tabs.
        connect(dock->toggleViewAction(), &QAction::triggered, this, [this, dock](bool open) {
            if (!docks_are_away_) return;
            docks_away_.removeAll(dock);
            docks_kept_.removeAll(dock);
            if (open) docks_kept_ << dock;
        });
    }
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::fitDocksToTab);
}

void MainWindow::fitDocksToTab() {
    const bool full_width = full_width_tabs_.contains(tabs_->currentWidget());
    if (full_width && !docks_are_away_) putDocksAway();
    else if (!full_width && docks_are_away_) bringDocksBack();
}

void MainWindow::putDocksAway() {
    docks_are_away_ = true;
    moving_docks_ = true;
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        if (!dock->isHidden() && !docks_kept_.contains(dock)) {
            docks_away_ << dock;
            dock->hide();
        }
    moving_docks_ = false;
}

// A hidden dock keeps its place in the layout (area, tab group, size, floating geometry).
void MainWindow::bringDocksBack() {
    moving_docks_ = true;
    for (QDockWidget* dock : std::as_const(docks_away_))
        if (!dock->property(kDockHasNothingToShow).toBool()) dock->show();
    moving_docks_ = false;
    docks_away_.clear();
    docks_are_away_ = false;
}

bool MainWindow::eventFilter(QObject* watched, QEvent* e) {
    auto* dock = qobject_cast<QDockWidget*>(watched);
    if (dock && docks_are_away_ && !moving_docks_) {
        if (e->type() == QEvent::ShowToParent) {
            // A panel showing its own dock (the Layer dock for an encoder) waits for the return;
            // the View menu's toggle is the user's (its triggered() comes after this show).
            QTimer::singleShot(0, this, [this, dock] {
                if (!docks_are_away_ || dock->isHidden() || docks_kept_.contains(dock)) return;
                moving_docks_ = true;
                dock->hide();
                moving_docks_ = false;
                if (!docks_away_.contains(dock)) docks_away_ << dock;
            });
        } else if (e->type() == QEvent::HideToParent) {
            docks_kept_.removeAll(dock);
            docks_away_.removeAll(dock);
        }
    }
    return QMainWindow::eventFilter(watched, e);
}

// [SECTION] menus

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

void MainWindow::restoreSettings() {
    QSettings s;
    if (const QByteArray g = s.value(QStringLiteral("window/geometry")).toByteArray(); !g.isEmpty()) restoreGeometry(g);
    if (const QByteArray st = s.value(QStringLiteral("window/state")).toByteArray(); !st.isEmpty()) restoreState(st);
    show_ids_->setChecked(s.value(QStringLiteral("view/ids"), false).toBool());
    for (QAction* a : themes_->actions()) a->setChecked(a->data().toString() == theme::modeName(theme::mode()));
    refreshStyleSheets();
}

// [SECTION] state

void MainWindow::showMessage(const QString& text, bool warning) {
    message_->setStyleSheet(warning ? QStringLiteral("color: %1;").arg(theme::warningText().name()) : QString());
    message_->setText(text);
}

void MainWindow::onProgress(double fraction, const QString& stage) {
    if (session_->state() != Session::State::Loading) return;
    busy_->setValue(int(std::clamp(fraction, 0.0, 1.0) * 1000));
    busy_->setFormat(stage.isEmpty() ? QStringLiteral("%p %") : stage + QStringLiteral(" · %p %"));
}

void MainWindow::onStateChanged() {
    const Session::State s = session_->state();
    const bool problem = s == Session::State::Missing || s == Session::State::Damaged;
    stack_->setCurrentWidget(problem ? static_cast<QWidget*>(panel_) : scatter_);
    const bool loading = s == Session::State::Loading;
    busy_->setVisible(loading || session_->converting());
    if (session_->converting() && !loading) busy_->setRange(0, 0);
    else busy_->setRange(0, 1000);
    if (loading) onProgress(session_->loadProgress(), session_->loadStage());
    cancel_->setVisible(loading);
    const QLocale locale;
    if (s == Session::State::Ready || (loading && session_->table())) {
        vocabulary_->setText(tr("%1 words · %2 dimensions")
                                 .arg(locale.toString(qulonglong(session_->vocabularySize())))
                                 .arg(session_->dimension()));
        const QStringList axes = session_->axisLabels();
        variance_->setText(axes.join(QStringLiteral(" · ")));
        setWindowTitle(tr("Embedscope — %1").arg(session_->source().displayName()));
    } else {
        vocabulary_->setText(loading ? tr("loading %1…").arg(session_->source().displayName()) : tr("no vectors"));
        variance_->clear();
    }
    if (restoring_ && waiting_for_source_) {
        if (s == Session::State::Ready) {
            waiting_for_source_ = false;
            continueRestore();
        } else if (problem) {
            waiting_for_source_ = false;
            restoring_ = false;
            emit restoreFailed(session_->errorMessage());
        } else if (s != Session::State::Loading) {  // cancelled: the previous source came back
            waiting_for_source_ = false;
            restoring_ = false;
            emit restoreFailed(tr("loading the session's source was cancelled"));
        }
    }
    refreshSources();
    onTokensChanged();
}

// The chips take the height they need, up to a few rows; a longer text scrolls.
void MainWindow::fitChipArea() {
    const int width = chip_scroll_->viewport()->width() > 0 ? chip_scroll_->viewport()->width() : chip_scroll_->width();
    chip_scroll_->setFixedHeight(std::min(chips_->heightForWidth(width), kChipAreaMaxHeight * (presentation_ ? 2 : 1)));
}

void MainWindow::resizeEvent(QResizeEvent* e) {
    QMainWindow::resizeEvent(e);
    fitChipArea();
}

void MainWindow::onTokensChanged() {
    const auto& tokens = session_->tokens();
    std::vector<std::optional<uint32_t>> rows(tokens.size());
    std::vector<bool> approx(tokens.size());
    const bool ready = session_->state() == Session::State::Ready;
    if (ready)
        for (size_t i = 0; i < tokens.size(); ++i) {
            rows[i] = session_->tokenRow(i);
            approx[i] = session_->tokenApproximate(i);
        }
    const QString text = session_->loadedText();
    chips_->setTokens(text, tokens, rows, approx);
    big_chips_->setTokens(text, tokens, rows, approx);
    switch (session_->state()) {
    case Session::State::Ready: chips_->setPlaceholder(tr("Type a sentence above: its tokens appear here.")); break;
    case Session::State::Loading: chips_->setPlaceholder(tr("Loading the vectors…")); break;
    default: chips_->setPlaceholder(tr("No vectors: tokens appear here once a vocabulary is loaded.")); break;
    }
    big_chips_->setPlaceholder(chips_->placeholder());
    const size_t n = tokens.size();
    token_count_->setText(n == 1 ? tr("1 token") : tr("%1 tokens").arg(n));
    const QByteArray utf8 = text.toUtf8();
    big_summary_->setText(tr("<b>%1</b> tokens from %2 characters (%3 bytes of UTF-8), tokenizer <b>%4</b>. "
                             "Each coloured span is one token; the number under it is its id.")
                              .arg(n)
                              .arg(text.size())
                              .arg(utf8.size())
                              .arg(session_->tokenizerName().toHtmlEscaped()));
    fitChipArea();
    if (session_->state() == Session::State::Missing || session_->state() == Session::State::Damaged) {
        showMessage(session_->errorMessage(), true);
        return;
    }
    if (!ready) return showMessage(QString());
    const QStringList unknown = session_->unknownWords();
    if (unknown.isEmpty()) {
        showMessage(n == 1 ? tr("1 token · %1 highlighted").arg(session_->highlights().size())
                           : tr("%1 tokens · %2 highlighted").arg(n).arg(session_->highlights().size()));
        return;
    }
    QStringList quoted;
    for (const QString& w : unknown) quoted << QStringLiteral("“%1”").arg(w);
    showMessage(tr("Not in the vocabulary: %1").arg(quoted.join(QStringLiteral(", "))), true);
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

void MainWindow::refreshProjectionActions() {
    if (!dims_) return;
    const bool three = session_->projection().three_d;
    for (QAction* a : dims_->actions()) a->setChecked((a->objectName() == QLatin1String("view3d")) == three);
}

void MainWindow::refreshStyleSheets() {
    const QString border = theme::panelBorder().name(), focus = theme::focus().name();
    editor_->setStyleSheet(QStringLiteral("QPlainTextEdit { border: 1px solid %1; border-radius: 6px; padding: 4px 6px; }"
                                          "QPlainTextEdit:focus { border: 2px solid %2; }")
                               .arg(border, focus));
    statusBar()->setStyleSheet(QStringLiteral("QStatusBar { border-top: 1px solid %1; } QStatusBar QLabel { padding: 0 8px; }").arg(border));
    QFont ef = editor_->font();
    ef.setPixelSize(presentation_ ? 30 : 20);
    editor_->setFont(ef);
    editor_->setFixedHeight(QFontMetrics(ef).lineSpacing() * 2 + 22);
    QFont sf = statusBar()->font();
    sf.setPixelSize(presentation_ ? 20 : 14);
    statusBar()->setFont(sf);
    chips_->setScale(presentation_ ? 1.6 : 1.0);
    big_chips_->setScale(presentation_ ? 2.6 : 1.8);
    QFont bf = big_summary_->font();
    bf.setPixelSize(presentation_ ? 24 : 16);
    big_summary_->setFont(bf);
    fitChipArea();
}

void MainWindow::setThemeMode(theme::Mode mode) {
    if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance())) theme::apply(*app, mode);
    QSettings().setValue(QStringLiteral("view/theme"), theme::modeName(mode));
    if (themes_)
        for (QAction* a : themes_->actions()) a->setChecked(a->data().toString() == theme::modeName(mode));
    refreshStyleSheets();
    chips_->update();
    big_chips_->update();
    scatter_->update();
    panel_->update();
}

void MainWindow::setPresentation(bool on) {
    presentation_ = on;
    scatter_->setPresentation(on);
    plot::setTextScale(on ? kPresentationTextScale : 1.0);  // before the font change repaints the views
    if (QAction* a = action(QStringLiteral("presentation")); a && a->isChecked() != on) a->setChecked(on);
    if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance())) {
        QFont f = app->font();
        f.setPointSizeF(on ? 16 : 11);
        app->setFont(f);
    }
    refreshStyleSheets();
}

// [SECTION] views

QStringList MainWindow::viewNames() const { return tab_names_; }

bool MainWindow::showView(const QString& name) {
    const qsizetype i = tab_names_.indexOf(name);
    if (i < 0) return false;
    tabs_->setCurrentIndex(int(i));
    return true;
}

QString MainWindow::currentViewName() const {
    const int i = tabs_->currentIndex();
    return i >= 0 && i < tab_names_.size() ? tab_names_[i] : QString();
}

QWidget* MainWindow::currentView() const {
    QWidget* w = tabs_->currentWidget();
    if (w == stack_) return stack_->currentWidget();
    if (auto* area = qobject_cast<QScrollArea*>(w); area && area->widget()) return area->widget();
    return w;
}

bool MainWindow::showsMessagePanel() const { return stack_->currentWidget() == panel_; }
QString MainWindow::vocabularyText() const { return vocabulary_->text(); }
QString MainWindow::varianceText() const { return variance_->text(); }
QString MainWindow::statusMessage() const { return message_->text(); }
QString MainWindow::tokenCountText() const { return token_count_->text(); }

// [SECTION] sources

void MainWindow::openSource(const SourceSpec& source) {
    session_->open(source);
    if (source.kind != SourceSpec::Builtin && source.path != QString::fromStdString(default_table_path()))
        addRecent(recent_entry(source.kind == SourceSpec::Model ? QStringLiteral("model") : QStringLiteral("table"), source.path));
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

void MainWindow::addRecent(const QString& entry) {
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

// [SECTION] sessions

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
    QJsonObject search;
    search["pattern"] = session_->searchPattern();
    search["regex"] = session_->searchIsRegex();
    search["colour_by"] = colour_by_name(session_->colourBy());
    search["colour_column"] = session_->colourColumn();
    f.search = search;
    f.view = currentViewName();
    return f;
}

void MainWindow::applySession(const SessionFile& file) {
    pending_ = file;
    restoring_ = true;
    waiting_for_source_ = waiting_for_projection_ = false;
    if (editor_->toPlainText() != file.text) editor_->setPlainText(file.text);
    session_->setText(file.text);
    if (!file.view.isEmpty()) showView(file.view);
    if (!file.source.isEmpty()) {
        QString error;
        const auto source = SourceSpec::fromJson(file.source, &error);
        if (!source) {
            restoring_ = false;
            emit restoreFailed(tr("\"source\": %1").arg(error));
            return;
        }
        if (!(*source == session_->source()) || session_->state() != Session::State::Ready) {
            waiting_for_source_ = true;
            if (!(*source == session_->source()) || session_->state() != Session::State::Loading) session_->open(*source);
            return;  // continues in onStateChanged()
        }
    } else if (session_->state() != Session::State::Ready) {
        waiting_for_source_ = true;
        return;
    }
    continueRestore();
}

void MainWindow::continueRestore() {
    if (!pending_.tokenizer.isEmpty() && pending_.tokenizer != session_->tokenizerName()) {
        session_->setTokenizer(pending_.tokenizer);
        if (!session_->tokenizerError().isEmpty()) showMessage(session_->tokenizerError(), true);
    }
    if (!pending_.projection.isEmpty()) {
        QString error;
        const auto spec = ProjectionSpec::fromJson(pending_.projection, &error);
        if (!spec) showMessage(tr("Session: \"projection\": %1").arg(error), true);
        else if (!(*spec == session_->projection()) || session_->projecting()) {
            waiting_for_projection_ = true;
            if (!(*spec == session_->projection())) session_->setProjection(*spec);
            return;  // continues when projectionChanged() arrives
        }
    }
    finishRestore();
}

void MainWindow::finishRestore() {
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
    if (!colour.isEmpty())
        session_->setColourBy(colour_by_named(colour), search.value(QStringLiteral("colour_column")).toString());
    if (!pending_.panels.isEmpty()) restoreExplorerPanelsState(this, pending_.panels);
    if (!pending_.camera.isEmpty()) {
        QString error;
        if (const auto camera = CameraState::fromJson(pending_.camera, &error)) scatter_->setCamera(*camera);
        else showMessage(tr("Session: \"camera\": %1").arg(error), true);
    }
    if (!pending_.view.isEmpty()) showView(pending_.view);
    history_->reset();
    restoring_ = false;
    if (!missing.isEmpty()) showMessage(tr("Session: not in this vocabulary: %1").arg(missing.join(QStringLiteral(", "))), true);
    emit sessionRestored();
}

bool MainWindow::openSessionFile(const QString& path, QString* error) {
    QString why;
    const auto file = read_session_file(path, &why);
    if (!file) {
        if (error) *error = tr("%1: %2").arg(path, why);
        return false;
    }
    session_path_ = path;
    addRecent(recent_entry(QStringLiteral("session"), path));
    applySession(*file);
    return true;
}

bool MainWindow::saveSessionFile(const QString& path, QString* error) {
    const QString why = write_session_file(path, captureSession());
    if (!why.isEmpty()) {
        if (error) *error = tr("%1: cannot write the session: %2").arg(path, why);
        return false;
    }
    session_path_ = path;
    addRecent(recent_entry(QStringLiteral("session"), path));
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
    if (autosave_ && !restoring_) autosave_->changed();
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

void MainWindow::closeEvent(QCloseEvent* e) {
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    // The arrangement the user made, not the one a full-width tab shows.
    const bool away = docks_are_away_;
    if (away) bringDocksBack();
    s.setValue(QStringLiteral("window/state"), saveState());
    if (away) putDocksAway();
    s.setValue(QStringLiteral("view/ids"), show_ids_->isChecked());
    if (autosave_) autosave_->finish();
    QMainWindow::closeEvent(e);
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
