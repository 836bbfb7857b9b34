#include "panels/word_field.h"

#include "document/session.h"
#include "style/theme.h"

#include <QCompleter>
#include <QStringListModel>

#include <algorithm>

namespace es::ui {

namespace {
// Completion offers the most frequent words: enough for teaching, cheap to build on each load.
constexpr size_t kCompletionRows = 50000;
}

WordField::WordField(Session* session, QWidget* parent) : QLineEdit(parent), session_(session) {
    completions_ = new QStringListModel(this);
    auto* completer = new QCompleter(completions_, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setModelSorting(QCompleter::UnsortedModel);  // frequency order: common words first
    completer->setMaxVisibleItems(12);
    setCompleter(completer);
    setClearButtonEnabled(true);
    connect(session_, &Session::stateChanged, this, [this](Session::State s) {
        if (s == Session::State::Ready) refreshCompletion();
    });
    connect(this, &QLineEdit::textEdited, this, [this] { setUnknownWords({}); });
    refreshCompletion();
}

void WordField::refreshCompletion() {
    if (session_->state() != Session::State::Ready) return;
    const size_t n = std::min(session_->vocabularySize(), kCompletionRows);
    QStringList words;
    words.reserve(qsizetype(n));
    for (size_t r = 0; r < n; ++r) words << session_->word(uint32_t(r));
    completions_->setStringList(words);
}

QStringList WordField::words() const {
    QStringList out;
    for (const QString& w : text().split(QLatin1Char(',')))
        if (const QString t = w.trimmed(); !t.isEmpty()) out << t;
    return out;
}

std::vector<uint32_t> WordField::checkWords() {
    std::vector<uint32_t> rows;
    QStringList unknown;
    for (const QString& w : words()) {
        if (const auto row = session_->findWord(w)) rows.push_back(*row);
        else unknown << w;
    }
    setUnknownWords(unknown);
    return rows;
}

void WordField::setUnknownWords(const QStringList& unknown) {
    if (unknown == unknown_) return;
    if (unknown_.isEmpty()) plain_tooltip_ = toolTip();
    unknown_ = unknown;
    applyMark();
}

void WordField::applyMark() {
    setProperty("unknownWord", markedUnknown());
    if (!markedUnknown()) {
        setStyleSheet(QString());
        setToolTip(plain_tooltip_);
        setAccessibleDescription(QString());
        return;
    }
    // Vermillion (Okabe–Ito) reads as "wrong" in both themes and for colour-blind viewers.
    const QColor mark = theme::palette()[6];
    setStyleSheet(QStringLiteral("QLineEdit { border: 2px solid %1; border-radius: 4px; padding: 2px 4px; }").arg(mark.name()));
    QStringList quoted;
    for (const QString& w : unknown_) quoted << QStringLiteral("“%1”").arg(w);
    const QString why = unknown_.size() == 1 ? tr("%1 is not in the vocabulary").arg(quoted.front())
                                             : tr("Not in the vocabulary: %1").arg(quoted.join(QStringLiteral(", ")));
    setToolTip(why);
    setAccessibleDescription(why);
}

} // namespace es::ui
