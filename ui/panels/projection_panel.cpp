#include "panels/projection_panel.h"

#include "document/session.h"
#include "panels/word_field.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <algorithm>

namespace es::ui {

namespace {

constexpr ProjectionSpec::FitOn kFits[] = {ProjectionSpec::FitOn::Top10k, ProjectionSpec::FitOn::Top50k,
                                           ProjectionSpec::FitOn::All, ProjectionSpec::FitOn::Selection};
const char* const kAxisNames[] = {"X", "Y", "Z"};
// The custom axes a class starts from: gender, sentiment, size.
const char* const kDefaultAxes[3][2] = {{"he", "she"}, {"bad", "good"}, {"small", "big"}};

QHBoxLayout* pair_row(QWidget* a, QWidget* b) {
    auto* row = new QHBoxLayout;
    row->addWidget(a, 1);
    auto* arrow = new QLabel(QStringLiteral("→"));
    arrow->setAlignment(Qt::AlignCenter);
    row->addWidget(arrow);
    row->addWidget(b, 1);
    return row;
}

} // namespace

ProjectionPanel::ProjectionPanel(Session* session, QWidget* parent) : QWidget(parent), session_(session) {
    pca_ = new QRadioButton(tr("&Principal components"), this);
    axes_ = new QRadioButton(tr("C&ustom axes"), this);
    auto* kind_group = new QButtonGroup(this);
    kind_group->addButton(pca_);
    kind_group->addButton(axes_);
    pca_->setChecked(true);
    two_d_ = new QRadioButton(tr("&2-D"), this);
    three_d_ = new QRadioButton(tr("&3-D"), this);
    auto* dim_group = new QButtonGroup(this);
    dim_group->addButton(two_d_);
    dim_group->addButton(three_d_);
    two_d_->setChecked(true);

    // Principal components: one chooser per axis.
    auto* pca_page = new QWidget(this);
    auto* pca_form = new QFormLayout(pca_page);
    pca_form->setContentsMargins(0, 0, 0, 0);
    for (int a = 0; a < 3; ++a) {
        components_[size_t(a)] = new QComboBox(pca_page);
        for (int c = 0; c < kMaxComponents; ++c) components_[size_t(a)]->addItem(QStringLiteral("PC%1").arg(c + 1));
        components_[size_t(a)]->setCurrentIndex(a);
        components_[size_t(a)]->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);  // a narrow dock
        components_[size_t(a)]->setMinimumContentsLength(12);
        components_[size_t(a)]->setAccessibleName(tr("%1 axis component").arg(QLatin1String(kAxisNames[a])));
        component_labels_[size_t(a)] = new QLabel(tr("%1 axis:").arg(QLatin1String(kAxisNames[a])), pca_page);
        component_labels_[size_t(a)]->setBuddy(components_[size_t(a)]);
        pca_form->addRow(component_labels_[size_t(a)], components_[size_t(a)]);
        connect(components_[size_t(a)], &QComboBox::currentIndexChanged, this, [this, a] { componentPicked(a); });
    }

    // Custom axes: from-group → to-group per axis; groups are comma lists.
    auto* axes_page = new QWidget(this);
    auto* axes_form = new QFormLayout(axes_page);
    axes_form->setContentsMargins(0, 0, 0, 0);
    for (int a = 0; a < 3; ++a) {
        from_[size_t(a)] = new WordField(session_, axes_page);
        to_[size_t(a)] = new WordField(session_, axes_page);
        from_[size_t(a)]->setText(QString::fromLatin1(kDefaultAxes[a][0]));
        to_[size_t(a)]->setText(QString::fromLatin1(kDefaultAxes[a][1]));
        from_[size_t(a)]->setAccessibleName(tr("%1 axis from").arg(QLatin1String(kAxisNames[a])));
        to_[size_t(a)]->setAccessibleName(tr("%1 axis to").arg(QLatin1String(kAxisNames[a])));
        for (WordField* f : {from_[size_t(a)], to_[size_t(a)]}) {
            f->setToolTip(tr("A word, or a group of words separated by commas (he, him)"));
            connect(f, &QLineEdit::returnPressed, this, &ProjectionPanel::apply);
        }
        axis_labels_[size_t(a)] = new QLabel(tr("%1 axis:").arg(QLatin1String(kAxisNames[a])), axes_page);
        axis_labels_[size_t(a)]->setBuddy(from_[size_t(a)]);
        axes_form->addRow(axis_labels_[size_t(a)], pair_row(from_[size_t(a)], to_[size_t(a)]));
    }
    auto* hint = new QLabel(tr("Each axis runs from the mean of the left words to the mean of the right ones."), axes_page);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    axes_form->addRow(hint);

    pages_ = new QStackedWidget(this);
    pages_->addWidget(pca_page);
    pages_->addWidget(axes_page);

    fit_ = new QComboBox(this);
    for (int i = 0; i < int(std::size(kFits)); ++i) fit_->addItem(QString());
    fit_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);  // a narrow dock
    fit_->setMinimumContentsLength(12);
    fit_->setToolTip(tr("The words the projection is fitted on; it is then applied to every word"));
    apply_ = new QPushButton(tr("&Apply"), this);
    variance_ = new QLabel(this);
    variance_->setWordWrap(true);
    status_ = new QLabel(this);
    status_->setWordWrap(true);

    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(8, 6, 8, 8);
    auto* kind_row = new QHBoxLayout;
    kind_row->addWidget(pca_);
    kind_row->addWidget(axes_);
    kind_row->addStretch(1);
    box->addLayout(kind_row);
    auto* dim_row = new QHBoxLayout;
    dim_row->addWidget(two_d_);
    dim_row->addWidget(three_d_);
    dim_row->addStretch(1);
    box->addLayout(dim_row);
    box->addWidget(pages_);
    auto* fit_form = new QFormLayout;
    auto* fit_label = new QLabel(tr("&Fit on:"), this);
    fit_label->setBuddy(fit_);
    fit_form->addRow(fit_label, fit_);
    box->addLayout(fit_form);
    auto* apply_row = new QHBoxLayout;
    apply_row->addWidget(variance_, 1);
    apply_row->addWidget(apply_, 0, Qt::AlignTop);
    box->addLayout(apply_row);
    box->addWidget(status_);
    box->addStretch(1);
    setFocusProxy(pca_);

    connect(pca_, &QRadioButton::toggled, this, &ProjectionPanel::controlsChanged);
    connect(three_d_, &QRadioButton::toggled, this, &ProjectionPanel::controlsChanged);
    connect(fit_, &QComboBox::currentIndexChanged, this, &ProjectionPanel::controlsChanged);
    connect(apply_, &QPushButton::clicked, this, &ProjectionPanel::apply);
    connect(session_, &Session::projectionChanged, this, &ProjectionPanel::showSession);
    connect(session_, &Session::projectionFailed, this, &ProjectionPanel::refreshStatus);
    connect(session_, &Session::stateChanged, this, &ProjectionPanel::showSession);
    connect(session_, &Session::selectionChanged, this, &ProjectionPanel::refreshFitNames);
    showSession();
}

ProjectionSpec ProjectionPanel::spec() const {
    ProjectionSpec s;
    s.kind = pca_->isChecked() ? ProjectionSpec::Pca : ProjectionSpec::Axes;
    s.three_d = three_d_->isChecked();
    for (int a = 0; a < 3; ++a) s.components[size_t(a)] = components_[size_t(a)]->currentIndex();
    for (int a = 0; a < s.dimensions(); ++a) s.axes.push_back({from_[size_t(a)]->words(), to_[size_t(a)]->words(), {}});
    if (s.kind == ProjectionSpec::Pca) s.axes.clear();
    s.fit_on = kFits[std::clamp(fit_->currentIndex(), 0, int(std::size(kFits)) - 1)];
    return s;
}

bool ProjectionPanel::apply() {
    const ProjectionSpec s = spec();
    if (s.kind == ProjectionSpec::Axes) {
        bool known = true;
        for (int a = 0; a < s.dimensions(); ++a)
            for (WordField* f : {from_[size_t(a)], to_[size_t(a)]}) {
                f->checkWords();
                known = known && !f->markedUnknown() && !f->words().isEmpty();
            }
        if (!known) {
            status_->setText(tr("Every axis needs known words on both sides."));
            return false;
        }
    }
    status_->clear();
    session_->setProjection(s);
    refreshStatus();
    return true;
}

void ProjectionPanel::controlsChanged() {
    if (syncing_) return;
    const bool axes = axes_->isChecked();
    const bool three = three_d_->isChecked();
    pages_->setCurrentIndex(axes ? 1 : 0);
    components_[2]->setEnabled(three);
    component_labels_[2]->setEnabled(three);
    from_[2]->setEnabled(three);
    to_[2]->setEnabled(three);
    axis_labels_[2]->setEnabled(three);
    apply();
}

// Two axes never show the same component: picking the other's moves it to this one's old place.
void ProjectionPanel::componentPicked(int axis) {
    if (syncing_) return;
    const int picked = components_[size_t(axis)]->currentIndex();
    for (int other = 0; other < 3; ++other) {
        if (other == axis || components_[size_t(other)]->currentIndex() != picked) continue;
        const QSignalBlocker block(components_[size_t(other)]);
        components_[size_t(other)]->setCurrentIndex(last_components_[size_t(axis)]);
    }
    for (int a = 0; a < 3; ++a) last_components_[size_t(a)] = components_[size_t(a)]->currentIndex();
    if (pca_->isChecked()) apply();
}

void ProjectionPanel::showSession() {
    syncing_ = true;
    const ProjectionSpec s = session_->projection();
    (s.kind == ProjectionSpec::Pca ? pca_ : axes_)->setChecked(true);
    (s.three_d ? three_d_ : two_d_)->setChecked(true);
    for (int a = 0; a < 3; ++a) {
        const QSignalBlocker block(components_[size_t(a)]);
        components_[size_t(a)]->setCurrentIndex(std::clamp(s.components[size_t(a)], 0, kMaxComponents - 1));
        last_components_[size_t(a)] = components_[size_t(a)]->currentIndex();
    }
    for (size_t a = 0; a < std::min<size_t>(s.axes.size(), 3); ++a) {
        from_[a]->setText(s.axes[a].from.join(QStringLiteral(", ")));
        to_[a]->setText(s.axes[a].to.join(QStringLiteral(", ")));
        from_[a]->setUnknownWords({});
        to_[a]->setUnknownWords({});
    }
    {
        const QSignalBlocker block(fit_);
        fit_->setCurrentIndex(int(std::find(std::begin(kFits), std::end(kFits), s.fit_on) - std::begin(kFits)));
    }
    pages_->setCurrentIndex(s.kind == ProjectionSpec::Axes ? 1 : 0);
    for (QWidget* w : {static_cast<QWidget*>(components_[2]), static_cast<QWidget*>(component_labels_[2]),
                       static_cast<QWidget*>(from_[2]), static_cast<QWidget*>(to_[2]), static_cast<QWidget*>(axis_labels_[2])})
        w->setEnabled(s.three_d);
    syncing_ = false;
    refreshComponentNames();
    refreshFitNames();
    refreshStatus();
}

void ProjectionPanel::refreshComponentNames() {
    const auto& ratio = session_->pca().explained_variance_ratio;
    for (QComboBox* box : components_)
        for (int c = 0; c < box->count(); ++c)
            box->setItemText(c, size_t(c) < ratio.size()
                                    ? tr("PC%1 — explains %2 %").arg(c + 1).arg(ratio[size_t(c)] * 100, 0, 'f', 1)
                                    : QStringLiteral("PC%1").arg(c + 1));
}

void ProjectionPanel::refreshFitNames() {
    const QLocale locale;
    const size_t rows = session_->vocabularySize();
    const size_t selected = session_->selection().size();
    fit_->setItemText(0, tr("the 10,000 most frequent words"));
    fit_->setItemText(1, tr("the 50,000 most frequent words"));
    fit_->setItemText(2, rows ? tr("all %1 words").arg(locale.toString(qulonglong(rows))) : tr("all words"));
    fit_->setItemText(3, selected ? tr("the selection (%1 words)").arg(locale.toString(qulonglong(selected)))
                                  : tr("the selection (select words first)"));
    // The selection entry is offered only when there is one (or when it is the fit already).
    if (auto* model = qobject_cast<QStandardItemModel*>(fit_->model()))
        if (QStandardItem* item = model->item(3)) item->setEnabled(selected > 0 || fit_->currentIndex() == 3);
}

QString ProjectionPanel::statusText() const { return status_->text(); }

void ProjectionPanel::refreshStatus() {
    const std::vector<double> ev = session_->explainedVariance();
    const QStringList labels = session_->axisLabels();
    if (!labels.isEmpty() && session_->state() == Session::State::Ready) {
        double total = 0;
        for (double v : ev) total += v;
        QString text = tr("Shown: %1").arg(labels.join(QStringLiteral(" · ")));
        if (!ev.empty()) text += tr("<br>together %1 % of the variance").arg(total * 100, 0, 'f', 1);
        variance_->setText(text);
    } else {
        variance_->clear();
    }
    if (session_->projecting()) {
        status_->setStyleSheet(QString());
        status_->setText(tr("Projecting…"));
    } else if (!session_->projectionError().isEmpty()) {
        status_->setStyleSheet(QStringLiteral("color: #d55e00;"));
        status_->setText(session_->projectionError());
    } else if (status_->text() == tr("Projecting…")) {
        status_->clear();
    }
}

} // namespace es::ui
