// The session file: everything needed to show the same picture again (contract "WINDOW"):
// { "format": "embedscope-session", "version": 1, "text", "tokenizer", "source", "projection",
//   "camera", "selection": [words], "current": word|null, "panels": {…}, "search": {…}, "view" }.
// The parts owned by other classes (source, projection, camera, panels, search) travel as JSON
// objects and are checked by their owners' fromJson when applied. Written atomically (QSaveFile).
#pragma once
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace es::ui {

inline constexpr const char* kSessionFormat = "embedscope-session";
inline constexpr int kSessionVersion = 1;
inline constexpr qint64 kSessionFileMaxBytes = 64ll << 20;  // a selection of every GloVe word fits

struct SessionFile {
    QString text;
    QString tokenizer;
    QJsonObject source;
    QJsonObject projection;
    QJsonObject camera;
    QStringList selection;            // the selected rows, as words
    std::optional<QString> current;   // the current row's word
    QJsonObject panels;
    QJsonObject search;
    QString view;                     // the central tab ("scatter", "positions", …); empty: scatter

    QJsonObject toJson() const;
    // Checks the format and the version (a failure: nullopt, `error` says why), then every field
    // against the state schema (state_schema.h): a rejected field is left out and named in
    // `problems`, and the rest is read.
    static std::optional<SessionFile> fromJson(const QJsonObject& o, QString* error, QStringList* problems = nullptr);
    bool operator==(const SessionFile&) const = default;

private:
    static std::optional<SessionFile> read_checked(const QJsonObject& o, QString* error);
};

// Empty on success; otherwise why not (the path is not repeated).
QString write_session_file(const QString& path, const SessionFile& session);
// The file read and checked; on failure nullopt with a one-line `error` naming the problem
// (not the path: the caller adds it). Fields the schema rejected are named in `problems`.
std::optional<SessionFile> read_session_file(const QString& path, QString* error, QStringList* problems = nullptr);

} // namespace es::ui
