// Exports of what the view shows: the projected coordinates of every word as TSV or CSV, and
// images (written with QSaveFile). The scatter's pictures come from ScatterView::renderImage.
#pragma once
#include <QImage>
#include <QString>

#include <functional>
#include <vector>

namespace es::ui {

enum class TableFormat { Tsv, Csv };
// From the file name: ".csv" → Csv, anything else → Tsv.
TableFormat table_format_for(const QString& path);

// One line per row: word, x, y (and z when `three_d`), with a header line naming `axes`
// (e.g. "PC1 (12.3 %)"). `points` holds 3 floats per row. CSV quotes fields as RFC 4180 says;
// TSV writes a tab or line break inside a word as \t / \n. Empty on success, else why not.
QString write_projection_table(const QString& path, TableFormat format, const std::vector<float>& points, bool three_d,
                               const QStringList& axes, const std::function<QString(uint32_t)>& word);

// Empty on success, else why not.
QString write_png(const QImage& image, const QString& path);

} // namespace es::ui
