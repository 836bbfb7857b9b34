// A line edit for words of the vocabulary: a completer over the most frequent words, and a
// mark (vermillion frame, tooltip naming the words) when what was typed is not in it.
#pragma once
#include <QLineEdit>
#include <QStringList>

class QStringListModel;

namespace es::ui {

class Session;

class WordField : public QLineEdit {
    Q_OBJECT
public:
    explicit WordField(Session* session, QWidget* parent = nullptr);

    // Marks the field: `unknown` lists the words that are not in the vocabulary (empty clears).
    void setUnknownWords(const QStringList& unknown);
    bool markedUnknown() const { return !unknown_.isEmpty(); }
    QStringList unknownWords() const { return unknown_; }

    // The comma-separated words of the field, trimmed, empty ones dropped ("he, him" → he, him).
    QStringList words() const;
    // Looks every word up; marks the unknown ones and returns the rows of the known ones.
    std::vector<uint32_t> checkWords();

private:
    void refreshCompletion();
    void applyMark();

    Session* session_;
    QStringListModel* completions_;
    QStringList unknown_;
    QString plain_tooltip_;
};

} // namespace es::ui
