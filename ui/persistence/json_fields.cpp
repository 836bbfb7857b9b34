#include "persistence/json_fields.h"

#include "base/assertion.h"

#include <QJsonArray>

#include <cmath>

namespace es::ui {

namespace {

QString type_name(const QJsonValue& v) {
    switch (v.type()) {
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    default: return QStringLiteral("null");
    }
}

} // namespace

JsonFields::JsonFields(QJsonObject object, QString path, QStringList* problems)
    : object_(std::move(object)), path_(std::move(path)), problems_(problems) {
    ES_ASSERT(problems_ != nullptr, "JsonFields needs a list to put its problems in");
}

QString JsonFields::path(const QString& key) const {
    if (key.isEmpty()) return path_;
    return path_.isEmpty() || key.startsWith(QLatin1Char('[')) ? path_ + key : path_ + QLatin1Char('.') + key;
}

bool JsonFields::has(const QString& key) const {
    const QJsonValue v = object_.value(key);
    return !v.isUndefined() && !v.isNull();
}

void JsonFields::problem(const QString& key, const QString& message) const { *problems_ << path(key) + QStringLiteral(": ") + message; }

JsonFields JsonFields::object(const QString& key) const {
    if (!has(key)) return {{}, path(key), problems_};
    const QJsonValue v = object_.value(key);
    if (!v.isObject()) {
        problem(key, QStringLiteral("must be an object, not %1").arg(type_name(v)));
        return {{}, path(key), problems_};
    }
    return {v.toObject(), path(key), problems_};
}

std::optional<std::vector<JsonFields>> JsonFields::objects(const QString& key, qsizetype max_items) const {
    if (!has(key)) return std::nullopt;
    const QJsonValue v = object_.value(key);
    if (!v.isArray() || v.toArray().size() > max_items) {
        problem(key, QStringLiteral("must be an array of at most %1 objects").arg(max_items));
        return std::nullopt;
    }
    const QJsonArray a = v.toArray();
    std::vector<JsonFields> out;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QString at = QStringLiteral("%1[%2]").arg(key).arg(i);
        if (!a[i].isObject()) {
            problem(at, QStringLiteral("must be an object, not %1").arg(type_name(a[i])));
            return std::nullopt;
        }
        out.emplace_back(a[i].toObject(), path(at), problems_);
    }
    return out;
}

std::optional<QString> JsonFields::string(const QString& key, qsizetype max_length) const {
    if (!has(key)) return std::nullopt;
    const QJsonValue v = object_.value(key);
    if (!v.isString()) {
        problem(key, QStringLiteral("must be a string, not %1").arg(type_name(v)));
        return std::nullopt;
    }
    if (v.toString().size() > max_length) {
        problem(key, QStringLiteral("is longer than %1 characters").arg(max_length));
        return std::nullopt;
    }
    return v.toString();
}

std::optional<QString> JsonFields::choice(const QString& key, const QStringList& allowed) const {
    const auto s = string(key, 200);
    if (!s) return std::nullopt;
    if (!allowed.contains(*s)) {
        problem(key, QStringLiteral("'%1' is not one of %2").arg(*s, allowed.join(QStringLiteral(", "))));
        return std::nullopt;
    }
    return s;
}

std::optional<double> JsonFields::number(const QString& key, double min, double max) const {
    if (!has(key)) return std::nullopt;
    const QJsonValue v = object_.value(key);
    if (!v.isDouble()) {
        problem(key, QStringLiteral("must be a number, not %1").arg(type_name(v)));
        return std::nullopt;
    }
    const double x = v.toDouble();
    if (!std::isfinite(x) || x < min || x > max) {
        problem(key, QStringLiteral("%1 is outside %2 … %3").arg(x).arg(min).arg(max));
        return std::nullopt;
    }
    return x;
}

std::optional<int> JsonFields::integer(const QString& key, int min, int max) const {
    const auto x = number(key, min, max);
    if (!x) return std::nullopt;
    if (*x != std::floor(*x)) {
        problem(key, QStringLiteral("%1 is not a whole number").arg(*x));
        return std::nullopt;
    }
    return int(*x);
}

std::optional<bool> JsonFields::boolean(const QString& key) const {
    if (!has(key)) return std::nullopt;
    const QJsonValue v = object_.value(key);
    if (!v.isBool()) {
        problem(key, QStringLiteral("must be true or false, not %1").arg(type_name(v)));
        return std::nullopt;
    }
    return v.toBool();
}

std::optional<QStringList> JsonFields::strings(const QString& key, qsizetype max_items) const {
    if (!has(key)) return std::nullopt;
    const QJsonValue v = object_.value(key);
    if (!v.isArray()) {
        problem(key, QStringLiteral("must be an array of strings, not %1").arg(type_name(v)));
        return std::nullopt;
    }
    const QJsonArray a = v.toArray();
    if (a.size() > max_items) {
        problem(key, QStringLiteral("has %1 entries, more than %2").arg(a.size()).arg(max_items));
        return std::nullopt;
    }
    QStringList out;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (!a[i].isString()) {
            problem(QStringLiteral("%1[%2]").arg(key).arg(i), QStringLiteral("must be a string, not %1").arg(type_name(a[i])));
            return std::nullopt;
        }
        out << a[i].toString();
    }
    return out;
}

void JsonFields::rejectUnknown(const QStringList& known) const {
    for (auto it = object_.begin(); it != object_.end(); ++it)
        if (!known.contains(it.key())) problem(it.key(), QStringLiteral("unknown field (left out)"));
}

} // namespace es::ui
