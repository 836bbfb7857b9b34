// Which rows the person picked and how the rows are coloured: the selection and the current row,
// the word search (substring or regular expression, by the core's find_words off the UI thread
// for slow patterns) and the colour-by choice with its per-row values. Part of the Session.
#pragma once
#include "document/latest_task.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace es {
struct ProjectorMetadata;
class VectorTable;
}

namespace es::ui {

class SelectionDocument : public QObject {
    Q_OBJECT
public:
    enum class ColourBy { Rank, Selection, Metadata };
    Q_ENUM(ColourBy)

    explicit SelectionDocument(QObject* parent = nullptr) : QObject(parent) {}

    // A new source: selection and current row cleared, the colour column kept only if the new
    // metadata has it (no signal: the Session orders the signals, then calls recolour() and search()).
    void adoptSource(std::shared_ptr<const VectorTable> table, std::shared_ptr<const ProjectorMetadata> metadata);

    // --- selection (rows of the shown source) ---
    const std::vector<uint32_t>& selection() const { return selection_; }  // sorted, unique
    void setSelection(std::vector<uint32_t> rows);
    std::optional<uint32_t> currentRow() const { return current_; }
    void setCurrentRow(std::optional<uint32_t> row);

    // --- search ---
    void setSearch(const QString& pattern, bool regex);
    void search();  // again, over the current table
    QString searchPattern() const { return search_pattern_; }
    bool searchIsRegex() const { return search_regex_; }
    QString searchError() const { return search_error_; }
    const std::vector<uint32_t>& searchMatches() const { return search_matches_; }
    bool searching() const { return searching_; }

    // --- colour ---
    // `loading`: the choice is checked against the new source's columns when it is adopted.
    void setColourBy(ColourBy by, const QString& column, bool loading);
    void recolour();
    ColourBy colourBy() const { return colour_by_; }
    QString colourColumn() const { return colour_column_; }
    QStringList metadataColumns() const;
    QString metadataValue(uint32_t row, const QString& column) const;
    const std::vector<float>& colourValues() const { return colour_values_; }
    QStringList colourCategories() const { return colour_categories_; }

signals:
    void selectionChanged();
    void searchChanged();
    void colourChanged();

private:
    size_t rows() const;

    std::shared_ptr<const VectorTable> table_;
    std::shared_ptr<const ProjectorMetadata> metadata_;
    std::vector<uint32_t> selection_;
    std::optional<uint32_t> current_;
    QString search_pattern_;
    bool search_regex_ = false;
    QString search_error_;
    std::vector<uint32_t> search_matches_;
    bool searching_ = false;
    ColourBy colour_by_ = ColourBy::Rank;
    QString colour_column_;
    std::vector<float> colour_values_;
    QStringList colour_categories_;
    LatestTask<std::vector<uint32_t>> search_task_{this};
};

} // namespace es::ui
