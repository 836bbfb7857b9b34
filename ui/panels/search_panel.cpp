#include "panels/search_panel.h"

#include "document/session.h"
#include "scatter/scatter_view.h"
#include "style/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace es::ui {

namespace {

// Typing pauses this long before the vocabulary is searched (a regex scan of 341k words runs on
// the Session's worker; this only spares it the intermediate keystrokes).
constexpr int kTypingPauseMs = 180;

QHBoxLayout* slider_row(QSlider* slider, QLabel* value) {
    auto* row = new QHBoxLayout;
    row->addWidget(slider, 1);
    value->setMinimumWidth(QFontMetrics(value->font()).horizontalAdvance(QStringLiteral("100 %")));
    value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    row->addWidget(value);
    return row;
}

} // namespace

SearchPanel::SearchPanel(Session* session, ScatterView* view, QWidget* parent)
    : QWidget(parent), session_(session), view_(view) {
    pattern_ = new QLineEdit(this);
    pattern_->setPlaceholderText(tr("Search words (e.g. king, or ^un.*able$)"));
    pattern_->setClearButtonEnabled(true);
    pattern_->setAccessibleName(tr("Search"));
    regex_ = new QCheckBox(tr("&Regular expression"), this);
    count_ = new QLabel(this);
    error_ = new QLabel(this);
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: %1;").arg(theme::palette()[6].name()));
    error_->hide();
    select_ = new QPushButton(tr("Select &matches"), this);
    select_->setToolTip(tr("Make the matching words the selection (to colour them, or fit the projection on them)"));
    select_->setEnabled(false);
    typing_ = new QTimer(this);
    typing_->setSingleShot(true);
    typing_->setInterval(kTypingPauseMs);

    colour_ = new QComboBox(this);
    colour_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);  // a narrow dock
    colour_->setMinimumContentsLength(12);
    size_ = new QSlider(Qt::Horizontal, this);
    size_->setRange(1, 16);
    size_->setAccessibleName(tr("Point size"));
    opacity_ = new QSlider(Qt::Horizontal, this);
    opacity_->setRange(5, 100);
    opacity_->setAccessibleName(tr("Point opacity"));
    size_value_ = new QLabel(this);
    opacity_value_ = new QLabel(this);
    if (view_) {
        size_->setValue(int(std::lround(view_->pointSize())));
        opacity_->setValue(int(std::lround(view_->opacity() * 100)));
    }

    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(8, 6, 8, 8);
    box->addWidget(pattern_);
    auto* search_row = new QHBoxLayout;
    search_row->addWidget(regex_);
    search_row->addStretch(1);
    search_row->addWidget(count_);
    box->addLayout(search_row);
    box->addWidget(error_);
    box->addWidget(select_, 0, Qt::AlignRight);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto* colour_label = new QLabel(tr("C&olour by:"), this);
    colour_label->setBuddy(colour_);
    form->addRow(colour_label, colour_);
    auto* size_label = new QLabel(tr("Point si&ze:"), this);
    size_label->setBuddy(size_);
    form->addRow(size_label, slider_row(size_, size_value_));
    auto* opacity_label = new QLabel(tr("O&pacity:"), this);
    opacity_label->setBuddy(opacity_);
    form->addRow(opacity_label, slider_row(opacity_, opacity_value_));
    box->addLayout(form);
    box->addStretch(1);
    setFocusProxy(pattern_);

    connect(pattern_, &QLineEdit::textEdited, typing_, qOverload<>(&QTimer::start));
    connect(pattern_, &QLineEdit::textChanged, this, [this](const QString& t) {
        if (t.isEmpty()) sendSearch();  // the clear button
    });
    connect(pattern_, &QLineEdit::returnPressed, this, &SearchPanel::sendSearch);
    connect(typing_, &QTimer::timeout, this, &SearchPanel::sendSearch);
    connect(regex_, &QCheckBox::toggled, this, &SearchPanel::sendSearch);
    connect(select_, &QPushButton::clicked, this, [this] { session_->setSelection(session_->searchMatches()); });
    connect(colour_, &QComboBox::activated, this, &SearchPanel::colourPicked);
    connect(size_, &QSlider::valueChanged, this, [this](int v) {
        size_value_->setText(QStringLiteral("%1 px").arg(v));
        if (view_) view_->setPointSize(float(v));
    });
    connect(opacity_, &QSlider::valueChanged, this, [this](int v) {
        opacity_value_->setText(QStringLiteral("%1 %").arg(v));
        if (view_) view_->setOpacity(float(v) / 100.f);
    });
    size_value_->setText(QStringLiteral("%1 px").arg(size_->value()));
    opacity_value_->setText(QStringLiteral("%1 %").arg(opacity_->value()));
    connect(session_, &Session::searchChanged, this, &SearchPanel::showSearch);
    connect(session_, &Session::colourChanged, this, &SearchPanel::refreshColourChoices);
    connect(session_, &Session::stateChanged, this, &SearchPanel::refreshColourChoices);
    connect(session_, &Session::sourceChanged, this, &SearchPanel::refreshColourChoices);
    refreshColourChoices();
    showSearch();
}

void SearchPanel::setPattern(const QString& pattern, bool regex) {
    {
        const QSignalBlocker b1(pattern_), b2(regex_);
        pattern_->setText(pattern);
        regex_->setChecked(regex);
    }
    sendSearch();
}

void SearchPanel::sendSearch() {
    typing_->stop();
    session_->setSearch(pattern_->text(), regex_->isChecked());
    showSearch();
}

void SearchPanel::showSearch() {
    const QString why = session_->searchError();
    error_->setText(why.isEmpty() ? QString() : tr("Not a valid expression: %1").arg(why));
    error_->setVisible(!why.isEmpty());
    if (session_->searchPattern() != pattern_->text() && !pattern_->hasFocus()) {
        // The Session's search was set elsewhere (a session file): show it.
        const QSignalBlocker b1(pattern_), b2(regex_);
        pattern_->setText(session_->searchPattern());
        regex_->setChecked(session_->searchIsRegex());
    }
    const size_t n = session_->searchMatches().size();
    if (session_->searchPattern().isEmpty()) count_->clear();
    else if (session_->searching()) count_->setText(tr("searching…"));
    else if (!why.isEmpty()) count_->setText(tr("no matches"));
    else count_->setText(n == 1 ? tr("1 match") : tr("%1 matches").arg(QLocale().toString(qulonglong(n))));
    select_->setEnabled(n > 0 && !session_->searching());
}

QString SearchPanel::countText() const { return count_->text(); }
QString SearchPanel::errorText() const { return error_->isVisible() ? error_->text() : QString(); }

void SearchPanel::refreshColourChoices() {
    const QSignalBlocker block(colour_);
    colour_->clear();
    colour_->addItem(tr("frequency rank"), QStringLiteral("rank"));
    colour_->addItem(tr("selection"), QStringLiteral("selection"));
    for (const QString& column : session_->metadataColumns())
        colour_->addItem(tr("metadata: %1").arg(column), QStringLiteral("metadata:") + column);
    QString current = QStringLiteral("rank");
    if (session_->colourBy() == Session::ColourBy::Selection) current = QStringLiteral("selection");
    if (session_->colourBy() == Session::ColourBy::Metadata) current = QStringLiteral("metadata:") + session_->colourColumn();
    colour_->setCurrentIndex(std::max(0, colour_->findData(current)));
}

void SearchPanel::colourPicked(int index) {
    const QString key = colour_->itemData(index).toString();
    if (key == QLatin1String("selection")) session_->setColourBy(Session::ColourBy::Selection);
    else if (key.startsWith(QLatin1String("metadata:"))) session_->setColourBy(Session::ColourBy::Metadata, key.mid(9));
    else session_->setColourBy(Session::ColourBy::Rank);
}

} // namespace es::ui
