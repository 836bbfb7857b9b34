#include "panels/analogy_panel.h"

#include "document/session.h"
#include "panels/score_list.h"
#include "panels/word_field.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace es::ui {

namespace {

constexpr int kCandidates = 10;

QLabel* operator_label(const QString& text, QWidget* parent) {
    auto* l = new QLabel(QStringLiteral("<b>%1</b>").arg(text), parent);  // markup keeps the window's font size
    l->setAlignment(Qt::AlignCenter);
    l->setForegroundRole(QPalette::PlaceholderText);
    return l;
}

} // namespace

AnalogyPanel::AnalogyPanel(Session* session, QWidget* parent) : QWidget(parent), session_(session) {
    a_ = new WordField(session_, this);
    b_ = new WordField(session_, this);
    c_ = new WordField(session_, this);
    a_->setAccessibleName(tr("A"));
    b_->setAccessibleName(tr("B"));
    c_->setAccessibleName(tr("C"));
    a_->setToolTip(tr("A: the word the relation starts from"));
    b_->setToolTip(tr("B: where A goes"));
    c_->setToolTip(tr("C: the word to carry the relation to"));
    for (WordField* f : {a_, b_, c_}) f->setMinimumWidth(60);
    setWords(QStringLiteral("man"), QStringLiteral("king"), QStringLiteral("woman"));

    method_box_ = new QComboBox(this);
    method_box_->addItem(tr("3CosAdd  (b − a + c)"));
    method_box_->addItem(tr("3CosMul  (Levy & Goldberg)"));
    method_box_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);  // a narrow dock
    method_box_->setMinimumContentsLength(12);
    method_box_->setToolTip(tr("3CosAdd ranks by cosine to b − a + c; 3CosMul multiplies the similarities to b and c "
                               "and divides by the similarity to a"));
    solve_ = new QPushButton(tr("&Solve"), this);
    solve_->setDefault(true);
    clear_ = new QPushButton(tr("C&lear"), this);
    show_ = new QCheckBox(tr("&Draw in the view"), this);
    show_->setChecked(true);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    list_ = new ScoreList(this);
    list_->setAccessibleName(tr("Analogy candidates"));
    list_->setPlaceholder(tr("Type three words and press Enter."));

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(4);
    grid->addWidget(a_, 0, 0);
    grid->addWidget(operator_label(QStringLiteral(":"), this), 0, 1);
    grid->addWidget(b_, 0, 2);
    grid->addWidget(operator_label(QStringLiteral("::"), this), 0, 3);
    grid->addWidget(c_, 0, 4);
    grid->addWidget(operator_label(QStringLiteral(": ?"), this), 0, 5);
    for (int col : {0, 2, 4}) grid->setColumnStretch(col, 1);
    auto* method_row = new QHBoxLayout;
    auto* method_label = new QLabel(tr("&Method:"), this);
    method_label->setBuddy(method_box_);
    method_row->addWidget(method_label);
    method_row->addWidget(method_box_, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(show_, 1);
    buttons->addWidget(clear_);
    buttons->addWidget(solve_);
    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(8, 6, 8, 8);
    box->addLayout(grid);
    box->addLayout(method_row);
    box->addLayout(buttons);
    box->addWidget(status_);
    box->addWidget(list_, 1);
    setFocusProxy(a_);

    for (WordField* f : {a_, b_, c_}) connect(f, &QLineEdit::returnPressed, this, &AnalogyPanel::solve);
    connect(solve_, &QPushButton::clicked, this, &AnalogyPanel::solve);
    connect(clear_, &QPushButton::clicked, this, &AnalogyPanel::clear);
    connect(show_, &QCheckBox::toggled, this, &AnalogyPanel::overlayChanged);
    connect(method_box_, &QComboBox::currentIndexChanged, this, [this](int i) {
        setMethod(i == 1 ? AnalogyMethod::CosMul : AnalogyMethod::CosAdd);
    });
    connect(list_, &ScoreList::rowChosen, this, [this](uint32_t row) {
        if (!result_) return;
        chosen_ = row;
        list_->setMarkedRow(row);
        emit overlayChanged();
    });
    // A new source: answer again from its vocabulary (the prefilled question on the first load).
    connect(session_, &Session::stateChanged, this, [this](Session::State s) {
        if (s == Session::State::Ready) solve();
        else if (s != Session::State::Loading) clear();
    });
    connect(session_, &Session::projectionChanged, this, &AnalogyPanel::updateLanding);
    if (session_->state() == Session::State::Ready) solve();
}

void AnalogyPanel::setWords(const QString& a, const QString& b, const QString& c) {
    a_->setText(a);
    b_->setText(b);
    c_->setText(c);
    for (WordField* f : {a_, b_, c_}) f->setUnknownWords({});
}

void AnalogyPanel::setMethod(AnalogyMethod m) {
    const int i = m == AnalogyMethod::CosMul ? 1 : 0;
    if (method_box_->currentIndex() != i) method_box_->setCurrentIndex(i);
    if (m == method_) return;
    method_ = m;
    if (result_) solve();
}

bool AnalogyPanel::shownInView() const { return show_->isChecked(); }

bool AnalogyPanel::solve() {
    if (session_->state() != Session::State::Ready) return false;
    std::optional<uint32_t> rows[3];
    WordField* fields[3] = {a_, b_, c_};
    bool ok = true;
    for (int i = 0; i < 3; ++i) {
        const QString w = fields[i]->text().trimmed();
        rows[i] = w.isEmpty() ? std::nullopt : session_->findWord(w);
        fields[i]->setUnknownWords(rows[i] || w.isEmpty() ? QStringList{} : QStringList{w});
        ok = ok && rows[i].has_value();
    }
    if (!ok) {
        result_.reset();
        chosen_.reset();
        QStringList unknown;
        for (WordField* f : fields) unknown << f->unknownWords();
        status_->setText(unknown.isEmpty() ? tr("Type three words.")
                                           : tr("Not in the vocabulary: %1").arg(unknown.join(QStringLiteral(", "))));
        status_->setForegroundRole(QPalette::Text);
        list_->setScores({});
        emit overlayChanged();
        return false;
    }
    result_ = session_->analogy(*rows[0], *rows[1], *rows[2], method_, kCandidates);
    chosen_ = result_->candidates.empty() ? std::nullopt : std::optional<uint32_t>(result_->candidates.front().row);
    showResult();
    updateLanding();
    return true;
}

void AnalogyPanel::showResult() {
    std::vector<ScoredWord> scored;
    if (result_) {
        const Analogy& r = *result_;
        const float best = r.candidates.empty() ? 0.f : r.candidates.front().score;
        for (const AnalogyCandidate& c : r.candidates)
            scored.push_back({c.row, session_->word(c.row), c.score,
                              r.method == AnalogyMethod::CosAdd ? std::clamp(double(c.score), 0.0, 1.0)
                                                                : (best > 0 ? std::clamp(double(c.score) / best, 0.0, 1.0) : 0.0)});
        status_->setText(chosen_ ? tr("%1 : %2 :: %3 : <b>%4</b>")
                                       .arg(session_->word(r.a).toHtmlEscaped(), session_->word(r.b).toHtmlEscaped(),
                                            session_->word(r.c).toHtmlEscaped(), session_->word(*chosen_).toHtmlEscaped())
                                 : tr("No candidate."));
    } else {
        status_->clear();
    }
    list_->setMarkedRow(chosen_);
    list_->setScores(scored, 3);
}

// The landing point follows the projection: b − a + c projected with the current axes.
void AnalogyPanel::updateLanding() {
    if (!result_ || result_->target.empty()) return;
    landing_ = session_->projectVector(result_->target.data());
    emit overlayChanged();
}

void AnalogyPanel::clear() {
    result_.reset();
    chosen_.reset();
    showResult();
    emit overlayChanged();
}

void AnalogyPanel::contributeTo(ViewOverlay& overlay) const {
    overlay.analogy.reset();
    if (!result_ || !shownInView()) return;
    overlay.analogy = ViewOverlay::Analogy{result_->a, result_->b, result_->c, landing_, chosen_};
}

QJsonObject AnalogyPanel::state() const {
    return {{QStringLiteral("a"), a_->text()},
            {QStringLiteral("b"), b_->text()},
            {QStringLiteral("c"), c_->text()},
            {QStringLiteral("method"), QString::fromLatin1(analogy_method_name(method_))},
            {QStringLiteral("shown"), shownInView()},
            {QStringLiteral("solved"), result_.has_value()}};
}

void AnalogyPanel::restoreState(const QJsonObject& o) {
    if (o.contains(QStringLiteral("a")) || o.contains(QStringLiteral("b")) || o.contains(QStringLiteral("c")))
        setWords(o.value(QStringLiteral("a")).toString(), o.value(QStringLiteral("b")).toString(),
                 o.value(QStringLiteral("c")).toString());
    AnalogyMethod m;
    const bool method_ok = parse_analogy_method(o.value(QStringLiteral("method")).toString().toStdString(), m);
    if (method_ok) {
        const QSignalBlocker block(method_box_);
        method_box_->setCurrentIndex(m == AnalogyMethod::CosMul ? 1 : 0);
        method_ = m;
    }
    if (o.contains(QStringLiteral("shown"))) show_->setChecked(o.value(QStringLiteral("shown")).toBool());
    if (o.value(QStringLiteral("solved")).toBool(true)) solve();
    else clear();
}

} // namespace es::ui
