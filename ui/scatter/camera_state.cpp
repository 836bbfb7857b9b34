#include "scatter/camera_state.h"

#include <QJsonArray>

#include <cmath>

namespace es::ui {
namespace {

bool read_number(const QJsonObject& o, const char* key, double& out, QString* error) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isDouble() || !std::isfinite(v.toDouble())) {
        if (error) *error = QStringLiteral("camera: \"%1\" is missing or not a finite number").arg(QLatin1String(key));
        return false;
    }
    out = v.toDouble();
    return true;
}

} // namespace

QJsonObject CameraState::toJson() const {
    QJsonObject o;
    o[QStringLiteral("mode")] = three_d ? QStringLiteral("3d") : QStringLiteral("2d");
    o[QStringLiteral("centre_x")] = centre_x;
    o[QStringLiteral("centre_y")] = centre_y;
    o[QStringLiteral("pixels_per_unit")] = pixels_per_unit;
    o[QStringLiteral("target_x")] = target_x;
    o[QStringLiteral("target_y")] = target_y;
    o[QStringLiteral("target_z")] = target_z;
    o[QStringLiteral("yaw_deg")] = yaw_deg;
    o[QStringLiteral("pitch_deg")] = pitch_deg;
    o[QStringLiteral("distance")] = distance;
    return o;
}

std::optional<CameraState> CameraState::fromJson(const QJsonObject& o, QString* error) {
    CameraState c;
    const QString mode = o.value(QStringLiteral("mode")).toString();
    if (mode != QStringLiteral("2d") && mode != QStringLiteral("3d")) {
        if (error) *error = QStringLiteral("camera: \"mode\" must be \"2d\" or \"3d\"");
        return std::nullopt;
    }
    c.three_d = mode == QStringLiteral("3d");
    if (!read_number(o, "centre_x", c.centre_x, error) || !read_number(o, "centre_y", c.centre_y, error) ||
        !read_number(o, "pixels_per_unit", c.pixels_per_unit, error) || !read_number(o, "target_x", c.target_x, error) ||
        !read_number(o, "target_y", c.target_y, error) || !read_number(o, "target_z", c.target_z, error) ||
        !read_number(o, "yaw_deg", c.yaw_deg, error) || !read_number(o, "pitch_deg", c.pitch_deg, error) ||
        !read_number(o, "distance", c.distance, error))
        return std::nullopt;
    if (c.pixels_per_unit <= 0 || c.distance <= 0) {
        if (error) *error = QStringLiteral("camera: \"pixels_per_unit\" and \"distance\" must be positive");
        return std::nullopt;
    }
    if (std::abs(c.pitch_deg) > kMaxPitchDeg) {
        if (error) *error = QStringLiteral("camera: \"pitch_deg\" must lie within ±%1").arg(kMaxPitchDeg);
        return std::nullopt;
    }
    return c;
}

} // namespace es::ui
