// Where the scatter view looks from: in 2-D a centre and a scale; in 3-D an orbit camera
// (target, yaw, pitch, distance; perspective with a fixed field of view). A value type the
// session file and undo keep; ScatterView::camera()/setCamera() read and apply it.
#pragma once
#include <QJsonObject>
#include <QString>

#include <optional>

namespace es::ui {

struct CameraState {
    bool three_d = false;
    // 2-D: the data point at the widget's centre and how many logical pixels one data unit spans.
    double centre_x = 0, centre_y = 0;
    double pixels_per_unit = 1;
    // 3-D: the orbit's centre in data space; yaw about the data's y axis and pitch above the
    // x-z plane, in degrees; the eye's distance from the target in data units.
    double target_x = 0, target_y = 0, target_z = 0;
    double yaw_deg = 30, pitch_deg = 20;
    double distance = 10;

    static constexpr double kFovYDeg = 40;      // the 3-D perspective's vertical field of view
    static constexpr double kMaxPitchDeg = 89;  // pitch is clamped to ±this (no flip over the pole)
    // What a camera may be (a saved one outside is refused; the view clamps to these): projected
    // coordinates are tens of units, so these leave room and keep every frame's arithmetic finite.
    static constexpr double kMaxCoordinate = 1e6;  // |centre|, |target| in data units
    static constexpr double kMinPixelsPerUnit = 1e-6, kMaxPixelsPerUnit = 1e9;
    static constexpr double kMinDistance = 1e-6, kMaxDistance = 1e6;
    static constexpr double kMaxYawDeg = 36000;

    // The same camera with every value brought into the ranges above.
    CameraState clamped() const;

    QJsonObject toJson() const;
    // Rejects missing or non-finite members and values outside the ranges above; `error` says which.
    static std::optional<CameraState> fromJson(const QJsonObject& json, QString* error = nullptr);
    bool operator==(const CameraState&) const = default;
};

} // namespace es::ui
