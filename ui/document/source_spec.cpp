#include "document/source_spec.h"

#include <QFileInfo>

namespace es::ui {

const char* source_kind_name(SourceSpec::Kind k) {
    switch (k) {
    case SourceSpec::Table: return "table";
    case SourceSpec::Model: return "model";
    case SourceSpec::Builtin: return "builtin";
    }
    return "table";
}

SourceSpec SourceSpec::forPath(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir() && QFileInfo(info.filePath() + "/config.json").exists()) return model(path);
    if (info.fileName() == "config.json") return model(info.path());
    return table(path);
}

QJsonObject SourceSpec::toJson() const {
    return {{"kind", QString::fromLatin1(source_kind_name(kind))}, {"path", path}};
}

std::optional<SourceSpec> SourceSpec::fromJson(const QJsonObject& o, QString* error) {
    auto fail = [&](const QString& why) -> std::optional<SourceSpec> {
        if (error) *error = why;
        return std::nullopt;
    };
    const QString kind = o.value("kind").toString();
    SourceSpec s;
    if (kind == "table") s.kind = Table;
    else if (kind == "model") s.kind = Model;
    else if (kind == "builtin") s.kind = Builtin;
    else return fail(QStringLiteral("source: unknown kind '%1' (table, model or builtin)").arg(kind));
    if (o.contains("path") && !o.value("path").isString()) return fail(QStringLiteral("source: path is not a string"));
    s.path = o.value("path").toString();
    if (s.kind != Builtin && s.path.isEmpty()) return fail(QStringLiteral("source: a %1 needs a path").arg(kind));
    return s;
}

QString SourceSpec::displayName() const {
    if (kind == Builtin) return QStringLiteral("built-in encoder");
    const QFileInfo info(path);
    return info.fileName().isEmpty() ? path : info.fileName();
}

} // namespace es::ui
