// Where the explorer's vocabulary comes from: a vector table file (any format core reads), a
// Hugging Face model folder (its embedding matrix is the vocabulary), or the built-in encoder
// (GloVe's words and vectors plus the demonstration encoder).
#pragma once
#include <QJsonObject>
#include <QString>

#include <optional>

namespace es::ui {

struct SourceSpec {
    enum Kind { Table, Model, Builtin };
    Kind kind = Table;
    QString path;  // the table file or model folder; for Builtin the table its words come from ("" = default)

    static SourceSpec table(const QString& path) { return {Table, path}; }
    static SourceSpec model(const QString& dir) { return {Model, dir}; }
    static SourceSpec builtin(const QString& table_path = {}) { return {Builtin, table_path}; }
    // What a dropped or chosen path is: a folder with config.json is a model, anything else a table.
    static SourceSpec forPath(const QString& path);

    // {"kind": "table"|"model"|"builtin", "path": …}
    QJsonObject toJson() const;
    // Null with `error` set for an unknown kind or a missing path.
    static std::optional<SourceSpec> fromJson(const QJsonObject& o, QString* error = nullptr);
    QString displayName() const;  // for titles and menus: the file name, or "built-in encoder"
    bool operator==(const SourceSpec&) const = default;
};

const char* source_kind_name(SourceSpec::Kind k);

} // namespace es::ui
