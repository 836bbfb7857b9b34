// Reading a saved state (a session file, later a lesson step) field by field. Each read checks
// the field's type, finiteness, range or allowed values; a field that fails becomes one problem
// naming its path ("camera.pitch_deg: 120 is outside −89 … 89") and is left out, so the rest of
// the state still reads. Absent and null fields are simply not there (no problem).
#pragma once
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace es::ui {

class JsonFields {
public:
    // `path` names the object in problems ("" for the top level); problems are appended to `problems`.
    JsonFields(QJsonObject object, QString path, QStringList* problems);

    const QJsonObject& json() const { return object_; }
    QString path(const QString& key) const;  // "camera.pitch_deg"
    bool has(const QString& key) const;      // present and not null
    // A nested object's fields; a value that is not an object is a problem and reads as empty.
    JsonFields object(const QString& key) const;
    // An array of objects, each element's fields (path "axes[1]"); nothing when it is not one.
    std::optional<std::vector<JsonFields>> objects(const QString& key, qsizetype max_items) const;

    std::optional<QString> string(const QString& key, qsizetype max_length = 1 << 20) const;
    std::optional<QString> choice(const QString& key, const QStringList& allowed) const;
    std::optional<double> number(const QString& key, double min, double max) const;
    std::optional<int> integer(const QString& key, int min, int max) const;
    std::optional<bool> boolean(const QString& key) const;
    // An array of strings, at most `max_items` of them.
    std::optional<QStringList> strings(const QString& key, qsizetype max_items) const;

    // How many problems have been found so far (by every reader sharing the list).
    qsizetype problemCount() const { return problems_->size(); }
    // A rule of the caller's own that `key` broke.
    void problem(const QString& key, const QString& message) const;
    // Each key of the object not in `known` is one problem ("unknown field"), then dropped.
    void rejectUnknown(const QStringList& known) const;

private:
    QJsonObject object_;
    QString path_;
    QStringList* problems_;
};

} // namespace es::ui
