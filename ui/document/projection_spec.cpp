#include "document/projection_spec.h"

#include <QJsonArray>

#include <algorithm>

namespace es::ui {

namespace {

QJsonArray words_json(const QStringList& words) {
    QJsonArray a;
    for (const QString& w : words) a.append(w);
    return a;
}

std::optional<QStringList> words_from(const QJsonValue& v) {
    if (!v.isArray()) return std::nullopt;
    QStringList out;
    for (const auto& w : v.toArray()) {
        if (!w.isString() || w.toString().trimmed().isEmpty()) return std::nullopt;
        out << w.toString().trimmed();
    }
    if (out.isEmpty()) return std::nullopt;
    return out;
}

} // namespace

const char* fit_on_name(ProjectionSpec::FitOn f) {
    switch (f) {
    case ProjectionSpec::FitOn::Top10k: return "top10k";
    case ProjectionSpec::FitOn::Top50k: return "top50k";
    case ProjectionSpec::FitOn::All: return "all";
    case ProjectionSpec::FitOn::Selection: return "selection";
    }
    return "top50k";
}

std::optional<ProjectionSpec::FitOn> fit_on_from_name(const QString& name) {
    for (auto f : {ProjectionSpec::FitOn::Top10k, ProjectionSpec::FitOn::Top50k, ProjectionSpec::FitOn::All,
                   ProjectionSpec::FitOn::Selection})
        if (name == QLatin1String(fit_on_name(f))) return f;
    return std::nullopt;
}

QString axis_label(const ProjectionSpec::Axis& axis) {
    if (!axis.label.isEmpty()) return axis.label;
    return axis.from.join(", ") + QStringLiteral(" → ") + axis.to.join(", ");
}

std::optional<ProjectionSpec::Axis> parse_axis(const QString& text) {
    const qsizetype colon = text.indexOf(':');
    if (colon < 0) return std::nullopt;
    auto group = [](const QString& s) {
        QStringList out;
        for (const QString& w : s.split(',', Qt::SkipEmptyParts))
            if (!w.trimmed().isEmpty()) out << w.trimmed();
        return out;
    };
    ProjectionSpec::Axis a{group(text.left(colon)), group(text.mid(colon + 1)), {}};
    if (a.from.isEmpty() || a.to.isEmpty()) return std::nullopt;
    return a;
}

bool ProjectionSpec::valid(QString* error) const {
    auto fail = [&](const QString& why) {
        if (error) *error = why;
        return false;
    };
    if (kind == Pca) {
        for (int i = 0; i < dimensions(); ++i) {
            if (components[size_t(i)] < 0 || components[size_t(i)] >= kMaxComponents)
                return fail(QStringLiteral("projection: component %1 is not one of PC1…PC%2").arg(components[size_t(i)] + 1).arg(kMaxComponents));
            for (int j = 0; j < i; ++j)
                if (components[size_t(i)] == components[size_t(j)])
                    return fail(QStringLiteral("projection: PC%1 is on two axes").arg(components[size_t(i)] + 1));
        }
        return true;
    }
    if (int(axes.size()) != dimensions())
        return fail(QStringLiteral("projection: %1 custom axes for a %2-D view").arg(axes.size()).arg(dimensions()));
    for (const Axis& a : axes)
        if (a.from.isEmpty() || a.to.isEmpty()) return fail(QStringLiteral("projection: an axis needs words on both sides"));
    return true;
}

QJsonObject ProjectionSpec::toJson() const {
    QJsonObject o{{"kind", kind == Pca ? "pca" : "axes"},
                  {"three_d", three_d},
                  {"fit_on", QString::fromLatin1(fit_on_name(fit_on))},
                  {"components", QJsonArray{components[0], components[1], components[2]}}};
    QJsonArray ax;
    for (const Axis& a : axes) ax.append(QJsonObject{{"from", words_json(a.from)}, {"to", words_json(a.to)}, {"label", a.label}});
    o["axes"] = ax;
    return o;
}

std::optional<ProjectionSpec> ProjectionSpec::fromJson(const QJsonObject& o, QString* error) {
    auto fail = [&](const QString& why) -> std::optional<ProjectionSpec> {
        if (error) *error = why;
        return std::nullopt;
    };
    ProjectionSpec s;
    const QString kind = o.value("kind").toString();
    if (kind == "pca") s.kind = Pca;
    else if (kind == "axes") s.kind = Axes;
    else return fail(QStringLiteral("projection: unknown kind '%1' (pca or axes)").arg(kind));
    s.three_d = o.value("three_d").toBool(false);
    if (o.contains("fit_on")) {
        const auto f = fit_on_from_name(o.value("fit_on").toString());
        if (!f) return fail(QStringLiteral("projection: unknown fit_on '%1'").arg(o.value("fit_on").toString()));
        s.fit_on = *f;
    }
    if (o.contains("components")) {
        const QJsonArray c = o.value("components").toArray();
        if (c.size() < 2 || c.size() > 3) return fail(QStringLiteral("projection: components needs 2 or 3 entries"));
        for (qsizetype i = 0; i < c.size(); ++i) {
            if (!c[i].isDouble()) return fail(QStringLiteral("projection: a component is not a number"));
            s.components[size_t(i)] = c[i].toInt(-1);
        }
    }
    for (const auto& v : o.value("axes").toArray()) {
        const QJsonObject a = v.toObject();
        const auto from = words_from(a.value("from")), to = words_from(a.value("to"));
        if (!from || !to) return fail(QStringLiteral("projection: an axis needs 'from' and 'to' word lists"));
        s.axes.push_back({*from, *to, a.value("label").toString()});
    }
    QString why;
    if (!s.valid(&why)) return fail(why);
    return s;
}

} // namespace es::ui
