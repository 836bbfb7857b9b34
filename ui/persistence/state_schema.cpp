#include "persistence/state_schema.h"

#include "document/projection_spec.h"
#include "persistence/json_fields.h"
#include "scatter/camera_state.h"
#include "tokenizers/tokenizer_registry.h"

#include <QFileInfo>
#include <QJsonArray>

namespace es::ui {

using namespace state_limits;

namespace {

// [SECTION] one helper per section of the state

void keep(QJsonObject& out, const QString& key, const std::optional<QString>& v) {
    if (v) out[key] = *v;
}
void keep(QJsonObject& out, const QString& key, const std::optional<double>& v) {
    if (v) out[key] = *v;
}
void keep(QJsonObject& out, const QString& key, const std::optional<int>& v) {
    if (v) out[key] = *v;
}
void keep(QJsonObject& out, const QString& key, const std::optional<bool>& v) {
    if (v) out[key] = *v;
}
void keep(QJsonObject& out, const QString& key, const std::optional<QStringList>& v) {
    if (v) out[key] = QJsonArray::fromStringList(*v);
}

// A file or folder the state names: it must be there.
bool exists_as(const JsonFields& f, const QString& key, const QString& path, bool folder) {
    const QFileInfo info(path);
    if (!info.exists()) {
        f.problem(key, QStringLiteral("%1 does not exist").arg(path));
        return false;
    }
    if (folder != info.isDir()) {
        f.problem(key, QStringLiteral("%1 is not a %2").arg(path, folder ? "folder" : "file"));
        return false;
    }
    return true;
}

QJsonObject check_source(const JsonFields& f) {
    f.rejectUnknown({"kind", "path"});
    const auto kind = f.choice("kind", {"table", "model", "builtin"});
    const auto path = f.string("path", 4096);
    if (!kind) {
        if (!f.has("kind")) f.problem("kind", QStringLiteral("missing (table, model or builtin)"));
        return {};
    }
    if (*kind != "builtin" && (!path || path->isEmpty())) {
        if (!f.has("path")) f.problem("path", QStringLiteral("a %1 needs a path").arg(*kind));
        return {};
    }
    if (path && !path->isEmpty() && !exists_as(f, "path", *path, *kind == "model")) return {};
    QJsonObject out{{"kind", *kind}};
    keep(out, "path", path);
    return out;
}

QJsonObject check_projection(const JsonFields& f) {
    const qsizetype before = f.problemCount();
    f.rejectUnknown({"kind", "three_d", "fit_on", "components", "axes"});
    QJsonObject out;
    keep(out, "kind", f.choice("kind", {"pca", "axes"}));
    keep(out, "three_d", f.boolean("three_d"));
    keep(out, "fit_on", f.choice("fit_on", {"top10k", "top50k", "all", "selection"}));
    if (f.has("components")) {
        const QJsonValue v = f.json().value("components");
        const QJsonArray a = v.toArray();
        bool ok = v.isArray() && a.size() >= 2 && a.size() <= 3;
        for (const QJsonValue& c : a) ok = ok && c.isDouble() && c.toDouble() == double(c.toInt(-1)) && c.toInt() >= 0 && c.toInt() < kMaxComponents;
        if (ok) out["components"] = a;
        else f.problem("components", QStringLiteral("must be 2 or 3 whole numbers from 0 to %1").arg(kMaxComponents - 1));
    }
    if (const auto axes = f.objects("axes", 3)) {
        QJsonArray kept;
        for (const JsonFields& axis : *axes) {
            axis.rejectUnknown({"from", "to", "label"});
            const auto from = axis.strings("from", 100), to = axis.strings("to", 100);
            if (!from || !to) {
                if (!axis.has("from") || !axis.has("to")) axis.problem("", QStringLiteral("an axis needs 'from' and 'to' word lists"));
                return {};
            }
            QJsonObject o{{"from", QJsonArray::fromStringList(*from)}, {"to", QJsonArray::fromStringList(*to)}};
            keep(o, "label", axis.string("label", 200));
            kept.append(o);
        }
        out["axes"] = kept;
    }
    // The structure as a whole (distinct components, enough axes): what the projection accepts.
    QString why;
    if (!out.isEmpty() && !ProjectionSpec::fromJson(out, &why)) {
        if (f.problemCount() == before) f.problem("", why.remove(QStringLiteral("projection: ")));
        return {};
    }
    return out;
}

QJsonObject check_camera(const JsonFields& f) {
    const qsizetype before = f.problemCount();
    f.rejectUnknown({"mode", "centre_x", "centre_y", "pixels_per_unit", "target_x", "target_y", "target_z", "yaw_deg",
                     "pitch_deg", "distance"});
    QJsonObject out;
    keep(out, "mode", f.choice("mode", {"2d", "3d"}));
    using C = CameraState;
    for (const char* key : {"centre_x", "centre_y", "target_x", "target_y", "target_z"})
        keep(out, key, f.number(key, -C::kMaxCoordinate, C::kMaxCoordinate));
    keep(out, "pixels_per_unit", f.number("pixels_per_unit", C::kMinPixelsPerUnit, C::kMaxPixelsPerUnit));
    keep(out, "distance", f.number("distance", C::kMinDistance, C::kMaxDistance));
    keep(out, "yaw_deg", f.number("yaw_deg", -C::kMaxYawDeg, C::kMaxYawDeg));
    keep(out, "pitch_deg", f.number("pitch_deg", -C::kMaxPitchDeg, C::kMaxPitchDeg));
    // A camera is whole or not at all: with a field missing the view frames the data instead.
    if (!CameraState::fromJson(out)) {
        if (f.problemCount() == before) f.problem("", QStringLiteral("incomplete (the view frames the data instead)"));
        return {};
    }
    return out;
}

QJsonObject check_search(const JsonFields& f) {
    f.rejectUnknown({"pattern", "regex", "colour_by", "colour_column"});
    QJsonObject out;
    keep(out, "pattern", f.string("pattern", 10000));
    keep(out, "regex", f.boolean("regex"));
    keep(out, "colour_by", f.choice("colour_by", state_colour_by_names()));
    keep(out, "colour_column", f.string("colour_column", 1000));
    return out;
}

QJsonObject check_panels(const JsonFields& f) {
    f.rejectUnknown({"neighbours", "analogy", "layer", "appearance"});
    QJsonObject out;
    if (f.has("neighbours")) {
        const JsonFields n = f.object("neighbours");
        n.rejectUnknown({"k", "metric", "isolate"});
        QJsonObject o;
        keep(o, "k", n.integer("k", 1, kMaxNeighbours));
        keep(o, "metric", n.choice("metric", {"cosine", "dot", "euclidean"}));
        keep(o, "isolate", n.boolean("isolate"));
        out["neighbours"] = o;
    }
    if (f.has("analogy")) {
        const JsonFields a = f.object("analogy");
        a.rejectUnknown({"a", "b", "c", "method", "shown", "solved"});
        QJsonObject o;
        for (const char* key : {"a", "b", "c"}) keep(o, key, a.string(key, 200));
        keep(o, "method", a.choice("method", {"3cosadd", "3cosmul"}));
        keep(o, "shown", a.boolean("shown"));
        keep(o, "solved", a.boolean("solved"));
        out["analogy"] = o;
    }
    if (f.has("layer")) {
        const JsonFields l = f.object("layer");
        l.rejectUnknown({"layer", "word", "sentences", "drawn", "raw"});
        QJsonObject o;
        keep(o, "layer", l.integer("layer", 0, kMaxLayer));
        keep(o, "word", l.string("word", 200));
        keep(o, "sentences", l.strings("sentences", 1000));
        keep(o, "drawn", l.boolean("drawn"));
        keep(o, "raw", l.boolean("raw"));
        out["layer"] = o;
    }
    if (f.has("appearance")) {
        const JsonFields a = f.object("appearance");
        a.rejectUnknown({"point_size", "opacity"});
        QJsonObject o;
        keep(o, "point_size", a.number("point_size", 1, 16));
        keep(o, "opacity", a.number("opacity", 0.05, 1));
        out["appearance"] = o;
    }
    return out;
}

QJsonObject checked_object(const JsonFields& top, const QString& key, QJsonObject (*check)(const JsonFields&)) {
    if (!top.has(key)) return {};
    const JsonFields f = top.object(key);
    return f.json().isEmpty() ? QJsonObject() : check(f);
}

} // namespace

QStringList state_view_names() {
    return {QStringLiteral("scatter"), QStringLiteral("tokens"), QStringLiteral("positions"), QStringLiteral("rope"),
            QStringLiteral("attention")};
}

QStringList state_colour_by_names() { return {QStringLiteral("rank"), QStringLiteral("selection"), QStringLiteral("metadata")}; }

QJsonObject check_state(const QJsonObject& state, QStringList* problems) {
    const JsonFields top(state, QString(), problems);
    top.rejectUnknown({"format", "version", "text", "tokenizer", "source", "projection", "camera", "selection", "current",
                       "panels", "search", "view"});
    QJsonObject out;
    for (const char* key : {"format", "version"})
        if (state.contains(key)) out[key] = state.value(key);
    keep(out, "text", top.string("text", kMaxTextLength));
    if (const auto t = top.string("tokenizer", 4096)) {
        QStringList names{QString(), QStringLiteral("model")};
        for (const std::string& n : tokenizer_names()) names << QString::fromStdString(n);
        if (names.contains(*t) || exists_as(top, "tokenizer", *t, QFileInfo(*t).isDir())) out["tokenizer"] = *t;
    }
    keep(out, "view", top.choice("view", state_view_names()));
    if (const QJsonObject s = checked_object(top, "source", check_source); !s.isEmpty()) out["source"] = s;
    if (const QJsonObject p = checked_object(top, "projection", check_projection); !p.isEmpty()) out["projection"] = p;
    if (const QJsonObject c = checked_object(top, "camera", check_camera); !c.isEmpty()) out["camera"] = c;
    if (const QJsonObject s = checked_object(top, "search", check_search); !s.isEmpty()) out["search"] = s;
    if (const QJsonObject p = checked_object(top, "panels", check_panels); !p.isEmpty()) out["panels"] = p;
    keep(out, "selection", top.strings("selection", kMaxSelection));
    if (top.has("current")) keep(out, "current", top.string("current", 1000));
    return out;
}

} // namespace es::ui
