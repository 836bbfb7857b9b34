#include "persistence/session_file.h"

#include "persistence/state_schema.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

namespace es::ui {
namespace {

bool take_string(const QJsonObject& o, const char* key, QString* out, QString* error, bool required) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() && !required) return true;
    if (!v.isString()) {
        *error = QStringLiteral("\"%1\" must be a string").arg(QLatin1String(key));
        return false;
    }
    *out = v.toString();
    return true;
}

bool take_object(const QJsonObject& o, const char* key, QJsonObject* out, QString* error) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull()) return true;
    if (!v.isObject()) {
        *error = QStringLiteral("\"%1\" must be an object").arg(QLatin1String(key));
        return false;
    }
    *out = v.toObject();
    return true;
}

} // namespace

QJsonObject SessionFile::toJson() const {
    QJsonObject o;
    o["format"] = QLatin1String(kSessionFormat);
    o["version"] = kSessionVersion;
    o["text"] = text;
    o["tokenizer"] = tokenizer;
    o["source"] = source;
    o["projection"] = projection;
    o["camera"] = camera;
    o["selection"] = QJsonArray::fromStringList(selection);
    o["current"] = current ? QJsonValue(*current) : QJsonValue(QJsonValue::Null);
    o["panels"] = panels;
    o["search"] = search;
    if (!view.isEmpty()) o["view"] = view;
    return o;
}

std::optional<SessionFile> SessionFile::fromJson(const QJsonObject& file, QString* error, QStringList* problems) {
    QString scratch;
    if (!error) error = &scratch;
    QStringList ignored;
    const QJsonObject& o = file;
    if (o.value("format").toString() != QLatin1String(kSessionFormat)) {
        *error = QStringLiteral("not an Embedscope session (\"format\" is not \"%1\")").arg(QLatin1String(kSessionFormat));
        return std::nullopt;
    }
    const QJsonValue version = o.value("version");
    if (!version.isDouble() || version.toDouble() != double(version.toInt())) {
        *error = QStringLiteral("\"version\" must be an integer");
        return std::nullopt;
    }
    if (version.toInt() > kSessionVersion || version.toInt() < 1) {
        *error = QStringLiteral("session version %1 is not supported (this build reads version %2)")
                     .arg(version.toInt())
                     .arg(kSessionVersion);
        return std::nullopt;
    }
    // From here on every field has been checked: a wrong one is left out and named.
    const QJsonObject checked = check_state(file, problems ? problems : &ignored);
    return read_checked(checked, error);
}

std::optional<SessionFile> SessionFile::read_checked(const QJsonObject& o, QString* error) {
    SessionFile s;
    if (!take_string(o, "text", &s.text, error, false) || !take_string(o, "tokenizer", &s.tokenizer, error, false) ||
        !take_string(o, "view", &s.view, error, false) || !take_object(o, "source", &s.source, error) ||
        !take_object(o, "projection", &s.projection, error) || !take_object(o, "camera", &s.camera, error) ||
        !take_object(o, "panels", &s.panels, error) || !take_object(o, "search", &s.search, error))
        return std::nullopt;
    const QJsonValue sel = o.value("selection");
    if (!sel.isUndefined() && !sel.isNull()) {
        if (!sel.isArray()) {
            *error = QStringLiteral("\"selection\" must be an array of words");
            return std::nullopt;
        }
        const QJsonArray a = sel.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a[i].isString()) {
                *error = QStringLiteral("\"selection\"[%1] must be a word (string)").arg(i);
                return std::nullopt;
            }
            s.selection << a[i].toString();
        }
    }
    const QJsonValue cur = o.value("current");
    if (cur.isString()) s.current = cur.toString();
    else if (!cur.isUndefined() && !cur.isNull()) {
        *error = QStringLiteral("\"current\" must be a word or null");
        return std::nullopt;
    }
    return s;
}

QString write_session_file(const QString& path, const SessionFile& session) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return file.errorString();
    const QByteArray bytes = QJsonDocument(session.toJson()).toJson(QJsonDocument::Indented);
    if (file.write(bytes) != bytes.size()) {
        file.cancelWriting();
        return file.errorString();
    }
    if (!file.commit()) return file.errorString();
    return {};
}

std::optional<SessionFile> read_session_file(const QString& path, QString* error, QStringList* problems) {
    QString scratch;
    if (!error) error = &scratch;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return std::nullopt;
    }
    if (file.size() > kSessionFileMaxBytes) {
        *error = QStringLiteral("%1 bytes is larger than a session file can be (%2 MB)")
                     .arg(file.size())
                     .arg(kSessionFileMaxBytes >> 20);
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &perr);
    if (perr.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not valid JSON at byte %1: %2").arg(perr.offset).arg(perr.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("not an Embedscope session (the JSON is not an object)");
        return std::nullopt;
    }
    return SessionFile::fromJson(doc.object(), error, problems);
}

} // namespace es::ui
