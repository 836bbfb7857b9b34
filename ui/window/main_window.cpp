// [SECTION] construction
// [SECTION] layout: text, token strip, tabs, status bar
// [SECTION] full-width views and the explorer's docks
// [SECTION] window settings: geometry, dock arrangement, ids
// [SECTION] state: status bar, token strips
// [SECTION] looks: theme, presentation
// [SECTION] the central tab by name; read-outs
// Menus and exports are in window_menus.cpp, sources and recent files in window_sources.cpp,
// session files in window_session.cpp.
#include "window/main_window.h"

#include "document/session.h"
#include "document/view_history.h"
#include "panels/data_message_panel.h"
#include "panels/explorer_panels.h"
#include "panels/token_strip.h"
#include "persistence/autosave.h"
#include "plots/attention_view.h"
#include "plots/positions_view.h"
#include "plots/rope_view.h"
#include "plots/views_plot.h"
#include "scatter/scatter_view.h"
#include "window/dock_shelf.h"
#include "window/session_restore.h"

#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace es::ui {

namespace {

constexpr int kChipAreaMaxHeight = 150;
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

// A view with a large minimum size scrolls inside its tab instead of widening the window.
QWidget* scrolling(QWidget* view, QWidget* parent) {
    auto* area = new QScrollArea(parent);
    area->setWidget(view);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

} // namespace

// [SECTION] construction

MainWindow::MainWindow(Session* session, QWidget* parent) : QMainWindow(parent), session_(session) {
    setWindowIcon(QIcon(QStringLiteral(":/resources/embedscope.svg")));  // drawn by Qt's SVG plugin (libqt6svg6)
    setWindowTitle(tr("Embedscope"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    buildCentre();
    buildStatusBar();
    history_ = new ViewHistory(session_, scatter_, this);
    installPanelsAndViews();
    restore_ = new SessionRestore(session_, editor_, scatter_, history_, this);
    connect(restore_, &SessionRestore::viewWanted, this, &MainWindow::showView);
    connect(restore_, &SessionRestore::warning, this, [this](const QString& text) { showMessage(text, true); });
    connect(restore_, &SessionRestore::restored, this, &MainWindow::sessionRestored);
    connect(restore_, &SessionRestore::failed, this, &MainWindow::restoreFailed);
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
        restore_->projectionSettled();
    });
    connect(session_, &Session::projectionFailed, this, [this](const QString& message) {
        showMessage(tr("Projection: %1").arg(message), true);
        refreshProjectionActions();
        restore_->projectionSettled();
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

// [SECTION] layout: text, token strip, tabs, status bar

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
    connect(sources_, &QComboBox::activated, this, &MainWindow::chooseSource);

    tokenizers_ = new QComboBox(this);
    tokenizers_->setObjectName(QStringLiteral("tokenizerChooser"));
    tokenizers_->setAccessibleName(tr("Tokenizer"));
    tokenizers_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    tokenizers_->setMinimumContentsLength(14);
    connect(tokenizers_, &QComboBox::activated, this, &MainWindow::chooseTokenizer);

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

// [SECTION] full-width views and the explorer's docks

void MainWindow::installPanelsAndViews() {
    QList<QWidget*> full_width;
    auto add_full_width = [this, &full_width](QWidget* view, const QString& title, const QString& name) {
        full_width << scrolling(view, this);
        tabs_->addTab(full_width.last(), title);
        tab_names_ << name;
    };
    add_full_width(new PositionsView(session_, this), tr("Positions"), QStringLiteral("positions"));
    add_full_width(new RopeView(session_, this), tr("RoPE"), QStringLiteral("rope"));
    add_full_width(new AttentionView(session_, this), tr("Attention"), QStringLiteral("attention"));
    installExplorerPanels(this, session_, scatter_);
    dock_shelf_ = new DockShelf(this, tabs_, full_width);
}

// [SECTION] window settings: geometry, dock arrangement, ids

void MainWindow::restoreSettings() {
    QSettings s;
    if (const QByteArray g = s.value(QStringLiteral("window/geometry")).toByteArray(); !g.isEmpty()) restoreGeometry(g);
    if (const QByteArray st = s.value(QStringLiteral("window/state")).toByteArray(); !st.isEmpty()) restoreState(st);
    show_ids_->setChecked(s.value(QStringLiteral("view/ids"), false).toBool());
    for (QAction* a : themes_->actions()) a->setChecked(a->data().toString() == theme::modeName(theme::mode()));
    refreshStyleSheets();
}

void MainWindow::closeEvent(QCloseEvent* e) {
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), dock_shelf_->windowStateAsLeft());
    s.setValue(QStringLiteral("view/ids"), show_ids_->isChecked());
    if (autosave_) autosave_->finish();
    QMainWindow::closeEvent(e);
}

// [SECTION] state: status bar, token strips

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
    restore_->sourceStateChanged();
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

// [SECTION] looks: theme, presentation

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

// [SECTION] the central tab by name; read-outs

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

} // namespace es::ui
