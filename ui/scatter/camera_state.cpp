#include "scatter/camera_state.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace es::ui {
namespace {

bool read_number(const QJsonObject& o, const char* key, double& out, QString* error, double min, double max) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isDouble() || !std::isfinite(v.toDouble())) {
        if (error) *error = QStringLiteral("camera: \"%1\" is missing or not a finite number").arg(QLatin1String(key));
        return false;
    }
    if (v.toDouble() < min || v.toDouble() > max) {
        if (error) *error = QStringLiteral("camera: \"%1\" %2 is outside %3 … %4").arg(QLatin1String(key)).arg(v.toDouble()).arg(min).arg(max);
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
    using C = CameraState;
    if (!read_number(o, "centre_x", c.centre_x, error, -C::kMaxCoordinate, C::kMaxCoordinate) ||
        !read_number(o, "centre_y", c.centre_y, error, -C::kMaxCoordinate, C::kMaxCoordinate) ||
        !read_number(o, "pixels_per_unit", c.pixels_per_unit, error, C::kMinPixelsPerUnit, C::kMaxPixelsPerUnit) ||
        !read_number(o, "target_x", c.target_x, error, -C::kMaxCoordinate, C::kMaxCoordinate) ||
        !read_number(o, "target_y", c.target_y, error, -C::kMaxCoordinate, C::kMaxCoordinate) ||
        !read_number(o, "target_z", c.target_z, error, -C::kMaxCoordinate, C::kMaxCoordinate) ||
        !read_number(o, "yaw_deg", c.yaw_deg, error, -C::kMaxYawDeg, C::kMaxYawDeg) ||
        !read_number(o, "pitch_deg", c.pitch_deg, error, -C::kMaxPitchDeg, C::kMaxPitchDeg) ||
        !read_number(o, "distance", c.distance, error, C::kMinDistance, C::kMaxDistance))
        return std::nullopt;
    return c;
}

CameraState CameraState::clamped() const {
    auto fit = [](double v, double lo, double hi, double fallback) { return std::isfinite(v) ? std::clamp(v, lo, hi) : fallback; };
    CameraState c = *this;
    for (double* v : {&c.centre_x, &c.centre_y, &c.target_x, &c.target_y, &c.target_z}) *v = fit(*v, -kMaxCoordinate, kMaxCoordinate, 0);
    c.pixels_per_unit = fit(c.pixels_per_unit, kMinPixelsPerUnit, kMaxPixelsPerUnit, 1);
    c.distance = fit(c.distance, kMinDistance, kMaxDistance, 10);
    c.yaw_deg = fit(c.yaw_deg, -kMaxYawDeg, kMaxYawDeg, 30);
    c.pitch_deg = fit(c.pitch_deg, -kMaxPitchDeg, kMaxPitchDeg, 20);
    return c;
}

} // namespace es::ui
