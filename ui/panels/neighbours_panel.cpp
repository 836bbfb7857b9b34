#include "panels/neighbours_panel.h"

#include "document/session.h"
#include "panels/score_list.h"
#include "panels/word_field.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace es::ui {

namespace {

constexpr int kMaxK = 50;
constexpr Metric kMetrics[] = {Metric::Cosine, Metric::Dot, Metric::Euclidean};

// The bar: cosine as is; a dot product relative to the best; a distance as closeness (nearest = 1).
double strength(Metric m, float score, float best) {
    switch (m) {
    case Metric::Cosine: return std::clamp(double(score), 0.0, 1.0);
    case Metric::Dot: return best > 0 ? std::clamp(double(score) / best, 0.0, 1.0) : 0.0;
    case Metric::Euclidean: return score > 0 ? std::clamp(double(best) / score, 0.0, 1.0) : 1.0;
    }
    return 0;
}

} // namespace

NeighboursPanel::NeighboursPanel(Session* session, QWidget* parent) : QWidget(parent), session_(session) {
    word_ = new WordField(session_, this);
    word_->setPlaceholderText(tr("Type a word, or click a point"));
    word_->setAccessibleName(tr("Word"));
    back_ = new QToolButton(this);
    back_->setText(QStringLiteral("←"));
    back_->setToolTip(tr("Back to the previous word (Alt+Left)"));
    back_->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    back_->setEnabled(false);

    k_slider_ = new QSlider(Qt::Horizontal, this);
    k_slider_->setRange(1, kMaxK);
    k_slider_->setValue(10);
    k_slider_->setPageStep(5);
    k_slider_->setAccessibleName(tr("Number of neighbours"));
    k_spin_ = new QSpinBox(this);
    k_spin_->setRange(1, kMaxK);
    k_spin_->setValue(10);
    k_spin_->setAccessibleName(tr("Number of neighbours"));

    metric_box_ = new QComboBox(this);
    metric_box_->addItem(tr("cosine similarity"));
    metric_box_->addItem(tr("dot product"));
    metric_box_->addItem(tr("euclidean distance"));
    metric_box_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);  // a narrow dock
    metric_box_->setMinimumContentsLength(12);
    isolate_ = new QCheckBox(tr("&Isolate: show only these words"), this);
    isolate_->setToolTip(tr("Hide every other point of the vocabulary in the view"));

    note_ = new QLabel(this);
    note_->setWordWrap(true);
    note_->setForegroundRole(QPalette::PlaceholderText);
    heading_ = new QLabel(this);
    heading_->setWordWrap(true);
    heading_->setTextFormat(Qt::RichText);  // bold by markup: the font stays the window's (presentation mode)

    list_ = new ScoreList(this);
    list_->setAccessibleName(tr("Nearest neighbours"));
    list_->setPlaceholder(tr("Click a point in the view, or type a word above, to list its nearest neighbours."));

    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(8, 6, 8, 8);
    auto* word_row = new QHBoxLayout;
    word_row->addWidget(back_);
    word_row->addWidget(word_, 1);
    box->addLayout(word_row);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto* k_row = new QHBoxLayout;
    k_row->addWidget(k_slider_, 1);
    k_row->addWidget(k_spin_);
    auto* k_label = new QLabel(tr("&k nearest:"), this);
    k_label->setBuddy(k_slider_);
    form->addRow(k_label, k_row);
    auto* metric_label = new QLabel(tr("&Metric:"), this);
    metric_label->setBuddy(metric_box_);
    form->addRow(metric_label, metric_box_);
    box->addLayout(form);
    box->addWidget(isolate_);
    box->addWidget(note_);
    box->addWidget(heading_);
    box->addWidget(list_, 1);
    setFocusProxy(word_);

    connect(k_slider_, &QSlider::valueChanged, k_spin_, &QSpinBox::setValue);
    connect(k_spin_, &QSpinBox::valueChanged, k_slider_, &QSlider::setValue);
    connect(k_slider_, &QSlider::valueChanged, this, &NeighboursPanel::scheduleRefresh);
    connect(metric_box_, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0 && i < int(std::size(kMetrics))) setMetric(kMetrics[i]);
    });
    connect(isolate_, &QCheckBox::toggled, this, &NeighboursPanel::overlayChanged);
    connect(word_, &QLineEdit::returnPressed, this, &NeighboursPanel::goToTypedWord);
    connect(back_, &QToolButton::clicked, this, &NeighboursPanel::goBack);
    connect(list_, &ScoreList::rowChosen, this, [this](uint32_t row) {
        if (session_->currentRow()) history_.push_back(*session_->currentRow());
        back_->setEnabled(!history_.empty());
        session_->setCurrentRow(row);
    });
    connect(session_, &Session::selectionChanged, this, &NeighboursPanel::scheduleRefresh);
    connect(session_, &Session::stateChanged, this, [this] {
        history_.clear();
        back_->setEnabled(false);
        scheduleRefresh();
    });
    refresh();
}

int NeighboursPanel::k() const { return k_slider_->value(); }
void NeighboursPanel::setK(int k) { k_slider_->setValue(std::clamp(k, 1, kMaxK)); }
bool NeighboursPanel::isolate() const { return isolate_->isChecked(); }
void NeighboursPanel::setIsolate(bool on) { isolate_->setChecked(on); }

void NeighboursPanel::setMetric(Metric m) {
    const int i = int(std::find(std::begin(kMetrics), std::end(kMetrics), m) - std::begin(kMetrics));
    if (metric_box_->currentIndex() != i) metric_box_->setCurrentIndex(i);  // comes back here
    if (m == metric_) return;
    metric_ = m;
    scheduleRefresh();
}

// Coalesces a burst (a slider dragged, several signals of one change) into one query.
void NeighboursPanel::scheduleRefresh() {
    if (refresh_pending_) return;
    refresh_pending_ = true;
    QTimer::singleShot(0, this, [this] {
        refresh_pending_ = false;
        refresh();
    });
}

void NeighboursPanel::refresh() {
    const bool ready = session_->state() == Session::State::Ready;
    const std::optional<uint32_t> row = ready ? session_->currentRow() : std::nullopt;
    note_->setText(ready ? tr("Computed in the original %1-dimensional space, not in the %2-D view.")
                               .arg(session_->dimension())
                               .arg(session_->projection().three_d ? 3 : 2)
                         : tr("Computed in the original space of the vectors, not in the view."));
    std::vector<Neighbour> found = row ? session_->neighbours(*row, k(), metric_) : std::vector<Neighbour>{};
    const bool changed = row != shown_row_ || found.size() != shown_.size() ||
                         !std::equal(found.begin(), found.end(), shown_.begin(),
                                     [](const Neighbour& a, const Neighbour& b) { return a.row == b.row && a.score == b.score; });
    shown_row_ = row;
    shown_ = std::move(found);
    shown_k_ = k();
    shown_metric_ = metric_;
    if (row) {
        const QString w = session_->word(*row);
        heading_->setText(tr("<b>Nearest to “%1” by %2</b>").arg(w.toHtmlEscaped(), metric_box_->currentText()));
        if (!word_->hasFocus()) {
            word_->setText(w);
            word_->setUnknownWords({});
        }
    } else {
        heading_->clear();
    }
    heading_->setVisible(row.has_value());
    std::vector<ScoredWord> scored;
    const float best = shown_.empty() ? 0.f : shown_.front().score;
    for (const Neighbour& n : shown_)
        scored.push_back({n.row, session_->word(n.row), n.score, strength(metric_, n.score, best)});
    list_->setScores(scored, metric_ == Metric::Cosine ? 3 : 2);
    if (changed) emit overlayChanged();
}

void NeighboursPanel::goToTypedWord() {
    const std::vector<uint32_t> rows = word_->checkWords();
    if (rows.size() != 1 || word_->markedUnknown()) return;
    if (session_->currentRow() && *session_->currentRow() != rows.front()) history_.push_back(*session_->currentRow());
    back_->setEnabled(!history_.empty());
    session_->setSelection({rows.front()});
    session_->setCurrentRow(rows.front());
}

void NeighboursPanel::goBack() {
    if (history_.empty()) return;
    const uint32_t row = history_.back();
    history_.pop_back();
    back_->setEnabled(!history_.empty());
    session_->setCurrentRow(row);
}

void NeighboursPanel::contributeTo(ViewOverlay& overlay) const {
    overlay.isolate = isolate() && shown_row_.has_value();
    overlay.centre = shown_row_;
    overlay.neighbours.clear();
    const float best = shown_.empty() ? 0.f : shown_.front().score;
    for (const Neighbour& n : shown_) overlay.neighbours.emplace_back(n.row, float(strength(metric_, n.score, best)));
}

QJsonObject NeighboursPanel::state() const {
    return {{QStringLiteral("k"), k()},
            {QStringLiteral("metric"), QString::fromLatin1(metric_name(metric_))},
            {QStringLiteral("isolate"), isolate()}};
}

void NeighboursPanel::restoreState(const QJsonObject& o) {
    if (o.contains(QStringLiteral("k"))) setK(o.value(QStringLiteral("k")).toInt(k()));
    Metric m;
    if (parse_metric(o.value(QStringLiteral("metric")).toString().toStdString(), m)) setMetric(m);
    if (o.contains(QStringLiteral("isolate"))) setIsolate(o.value(QStringLiteral("isolate")).toBool());
}

} // namespace es::ui
