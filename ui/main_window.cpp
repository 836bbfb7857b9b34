#include "main_window.h"

#include "data_message_panel.h"
#include "scatter_view.h"
#include "session.h"
#include "theme.h"
#include "token_strip.h"
#include "vector_table.h"

#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QToolButton>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

#include <algorithm>

namespace es::ui {

namespace {

constexpr int kChipAreaMaxHeight = 160;

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

} // namespace

MainWindow::MainWindow(Session* session, QWidget* parent) : QMainWindow(parent), session_(session) {
    setWindowTitle(tr("Embedscope"));

    editor_ = new QPlainTextEdit(this);
    QFont ef = editor_->font();
    ef.setPixelSize(20);
    editor_->setFont(ef);
    editor_->setPlaceholderText(tr("Type a sentence…"));
    editor_->setTabChangesFocus(true);
    const int line = QFontMetrics(ef).lineSpacing();
    editor_->setFixedHeight(line * 2 + 22);
    editor_->setPlainText(session_->loadedText());
    editor_->setStyleSheet(QStringLiteral("QPlainTextEdit { border: 1px solid #c9ced6; border-radius: 6px; padding: 4px 6px; }"
                                          "QPlainTextEdit:focus { border: 2px solid #125ea8; }"));

    examples_ = new QToolButton(this);
    examples_->setPopupMode(QToolButton::InstantPopup);
    examples_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    examples_->setMinimumHeight(38);
    examples_->setText(tr("Examples ▾"));
    examples_->setStyleSheet(QStringLiteral("QToolButton { padding: 4px 12px; } QToolButton::menu-indicator { image: none; }"));
    auto* menu = new QMenu(examples_);
    for (const QString& sentence : sample_sentences())
        menu->addAction(sentence, this, [this, sentence] { editor_->setPlainText(sentence); });
    examples_->setMenu(menu);

    chips_ = new TokenStrip(session_, this);
    scatter_ = new ScatterView(session_, this);
    panel_ = new DataMessagePanel(session_, this);
    stack_ = new QStackedWidget(this);
    stack_->addWidget(scatter_);
    stack_->addWidget(panel_);
    stack_->setFrameShape(QFrame::StyledPanel);

    auto* central = new QWidget(this);
    auto* box = new QVBoxLayout(central);
    box->setContentsMargins(12, 10, 12, 6);
    box->setSpacing(6);
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
    box->addWidget(chip_scroll_);
    box->addWidget(stack_, 1);
    setCentralWidget(central);

    message_ = new QLabel(this);
    vocabulary_ = new QLabel(this);
    variance_ = new QLabel(this);
    busy_ = new QProgressBar(this);
    busy_->setRange(0, 0);
    busy_->setMaximumWidth(140);
    busy_->setMaximumHeight(14);
    busy_->setTextVisible(false);
    statusBar()->addWidget(message_, 1);
    statusBar()->addPermanentWidget(busy_);
    statusBar()->addPermanentWidget(vocabulary_);
    statusBar()->addPermanentWidget(variance_);
    QFont sf = statusBar()->font();
    sf.setPixelSize(14);
    statusBar()->setFont(sf);
    statusBar()->setStyleSheet(QStringLiteral("QStatusBar { border-top: 1px solid #d9dde3; } QStatusBar QLabel { padding: 0 8px; }"));

    connect(editor_, &QPlainTextEdit::textChanged, this, [this] { session_->setText(editor_->toPlainText()); });
    connect(session_, &Session::stateChanged, this, &MainWindow::onStateChanged);
    connect(session_, &Session::convertingChanged, this, &MainWindow::onStateChanged);
    connect(session_, &Session::tokensChanged, this, &MainWindow::onTokensChanged);
    connect(chips_, &TokenStrip::chipClicked, this, [this](int64_t row) { scatter_->centreOn(uint32_t(row)); });
    connect(chips_, &TokenStrip::chipHovered, this, [this](int64_t row) {
        scatter_->setEmphasis(row >= 0 ? std::optional<uint32_t>(uint32_t(row)) : std::nullopt);
    });
    onStateChanged();
    onTokensChanged();
    editor_->moveCursor(QTextCursor::End);
    editor_->setFocus();
}

void MainWindow::onStateChanged() {
    const Session::State s = session_->state();
    const bool problem = s == Session::State::Missing || s == Session::State::Damaged;
    stack_->setCurrentWidget(problem ? static_cast<QWidget*>(panel_) : scatter_);
    busy_->setVisible(s == Session::State::Loading || session_->converting());
    const QLocale locale;
    if (s == Session::State::Ready) {
        const auto& r = session_->pca().explained_variance_ratio;
        vocabulary_->setText(tr("%1 words · %2 dimensions")
                                 .arg(locale.toString(qulonglong(session_->vocabularySize())))
                                 .arg(session_->dimension()));
        variance_->setText(r.size() >= 2 ? tr("PC1 %1% · PC2 %2%")
                                               .arg(QString::number(r[0] * 100, 'f', 1), QString::number(r[1] * 100, 'f', 1))
                                         : QString());
        setWindowTitle(tr("Embedscope — %1").arg(QFileInfo(session_->tablePath()).fileName()));
    } else {
        vocabulary_->setText(s == Session::State::Loading ? tr("loading %1…").arg(QFileInfo(session_->tablePath()).fileName())
                                                          : tr("no vectors"));
        variance_->clear();
    }
    onTokensChanged();
}

// The chips take the height they need, up to three rows; a longer text scrolls.
void MainWindow::fitChipArea() {
    const int width = chip_scroll_->viewport()->width() > 0 ? chip_scroll_->viewport()->width() : chip_scroll_->width();
    chip_scroll_->setFixedHeight(std::min(chips_->heightForWidth(width), kChipAreaMaxHeight));
}

void MainWindow::resizeEvent(QResizeEvent* e) {
    QMainWindow::resizeEvent(e);
    fitChipArea();
}

void MainWindow::onTokensChanged() {
    fitChipArea();
    if (session_->state() == Session::State::Missing || session_->state() == Session::State::Damaged) {
        message_->setText(session_->errorMessage());
        return;
    }
    const QStringList unknown = session_->unknownWords();
    if (unknown.isEmpty()) {
        message_->setStyleSheet(QString());
        const size_t n = session_->tokens().size();
        message_->setText(session_->state() != Session::State::Ready ? QString()
                          : n == 1 ? tr("1 token · %1 highlighted").arg(session_->highlights().size())
                                   : tr("%1 tokens · %2 highlighted").arg(n).arg(session_->highlights().size()));
        return;
    }
    QStringList quoted;
    for (const QString& w : unknown) quoted << QStringLiteral("“%1”").arg(w);
    message_->setStyleSheet(QStringLiteral("color: #8a4b00;"));
    message_->setText(tr("Not in the vocabulary: %1").arg(quoted.join(QStringLiteral(", "))));
}

bool MainWindow::showsMessagePanel() const { return stack_->currentWidget() == panel_; }
QString MainWindow::vocabularyText() const { return vocabulary_->text(); }
QString MainWindow::varianceText() const { return variance_->text(); }
QString MainWindow::statusMessage() const { return message_->text(); }

} // namespace es::ui
