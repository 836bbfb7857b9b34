#include "document/selection_document.h"

#include "render/row_colouring.h"
#include "search/word_search.h"
#include "vectors/projector_metadata.h"
#include "vectors/vector_table.h"

#include <algorithm>

namespace es::ui {

namespace {
constexpr size_t kMetadataCategories = 24;  // more distinct values than this: the rest are "(other)"
}

void SelectionDocument::adoptSource(std::shared_ptr<const VectorTable> table, std::shared_ptr<const ProjectorMetadata> metadata) {
    table_ = std::move(table);
    metadata_ = std::move(metadata);
    selection_.clear();
    current_.reset();
    if (colour_by_ != ColourBy::Metadata || !metadataColumns().contains(colour_column_)) {
        if (colour_by_ == ColourBy::Metadata) colour_by_ = ColourBy::Rank;
        colour_column_.clear();
    }
}

size_t SelectionDocument::rows() const { return table_ ? table_->rows() : 0; }

// [SECTION] selection

void SelectionDocument::setSelection(std::vector<uint32_t> rows) {
    const size_t n = this->rows();
    std::erase_if(rows, [n](uint32_t r) { return r >= n; });
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (rows == selection_) return;
    selection_ = std::move(rows);
    emit selectionChanged();
    if (colour_by_ == ColourBy::Selection) recolour();
}

void SelectionDocument::setCurrentRow(std::optional<uint32_t> row) {
    if (row && *row >= rows()) row.reset();
    if (row == current_) return;
    current_ = row;
    emit selectionChanged();
}

// [SECTION] search

void SelectionDocument::setSearch(const QString& pattern, bool regex) {
    if (pattern == search_pattern_ && regex == search_regex_) return;
    search_pattern_ = pattern;
    search_regex_ = regex;
    search();
}

void SelectionDocument::search() {
    search_task_.cancel();
    search_error_.clear();
    search_matches_.clear();
    searching_ = false;
    if (search_pattern_.isEmpty() || !table_) {
        emit searchChanged();
        return;
    }
    auto pattern = std::make_shared<const WordPattern>(search_pattern_.toStdString(), search_regex_);
    if (!pattern->valid()) {
        search_error_ = QString::fromStdString(pattern->error());
        emit searchChanged();
        return;
    }
    if (pattern->plain_ascii()) {
        // An ASCII substring scan of 341k words takes a few milliseconds: done here.
        search_matches_ = find_words(*table_, *pattern);
        emit searchChanged();
        return;
    }
    searching_ = true;
    emit searchChanged();
    search_task_.run(
        [table = table_, pattern](const auto& ticket) {
            std::vector<uint32_t> out = find_words(*table, *pattern, [&ticket] { return ticket.stale(); });
            return ticket.stale() ? std::vector<uint32_t>{} : out;  // superseded: nobody reads it
        },
        [this](std::vector<uint32_t> matches) {
            searching_ = false;
            search_matches_ = std::move(matches);
            emit searchChanged();
        });
}

// [SECTION] colour

QStringList SelectionDocument::metadataColumns() const {
    QStringList out;
    if (metadata_)
        for (const auto& c : metadata_->columns) out << QString::fromStdString(c);
    return out;
}

QString SelectionDocument::metadataValue(uint32_t row, const QString& column) const {
    if (!metadata_) return {};
    const qsizetype c = metadataColumns().indexOf(column);
    if (c < 0 || row >= metadata_->values[size_t(c)].size()) return {};
    return QString::fromStdString(metadata_->values[size_t(c)][row]);
}

void SelectionDocument::setColourBy(ColourBy by, const QString& column, bool loading) {
    if (loading) {  // checked against the new source's columns when it is ready
        colour_by_ = by;
        colour_column_ = column;
        return;
    }
    if (by == ColourBy::Metadata && !metadataColumns().contains(column)) by = ColourBy::Rank;
    colour_by_ = by;
    colour_column_ = by == ColourBy::Metadata ? column : QString();
    recolour();
}

void SelectionDocument::recolour() {
    const size_t n = rows();
    colour_values_.assign(n, 0.0f);
    colour_categories_.clear();
    switch (colour_by_) {
    case ColourBy::Rank: colour_values_ = rank_shades(n); break;
    case ColourBy::Selection:
        for (uint32_t r : selection_) colour_values_[r] = 1.0f;
        break;
    case ColourBy::Metadata: {
        const qsizetype c = metadataColumns().indexOf(colour_column_);
        if (c < 0) break;
        RowCategories categories = categorise_rows(metadata_->values[size_t(c)], n, kMetadataCategories);
        colour_values_ = std::move(categories.index);
        for (const std::string& name : categories.names) colour_categories_ << QString::fromStdString(name);
        break;
    }
    }
    emit colourChanged();
}

} // namespace es::ui
