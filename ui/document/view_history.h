// Undo/redo of view changes — projection, camera, selection — as a QUndoStack. It listens to
// the Session's and the ScatterView's signals and records each change as it happens; undoing
// sets the previous value back. Changes are told apart from their undoing by comparing values.
#pragma once
#include "scatter/camera_state.h"
#include "document/projection_spec.h"

#include <QObject>
#include <QUndoStack>

#include <cstdint>
#include <optional>
#include <vector>

namespace es::ui {

class Session;
class ScatterView;

class ViewHistory : public QObject {
    Q_OBJECT
public:
    ViewHistory(Session* session, ScatterView* view, QObject* parent = nullptr);

    QUndoStack* stack() { return &stack_; }
    // Forget everything and take the current values as the starting point (after a load).
    void reset();

    struct Selection {
        std::vector<uint32_t> rows;
        std::optional<uint32_t> current;
        bool operator==(const Selection&) const = default;
    };

    // For the commands: apply a value without recording it.
    void applyProjection(const ProjectionSpec& p);
    void applyCamera(const CameraState& c);
    void applySelection(const Selection& s);

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void onProjection();
    void onCamera();
    void onSelection();
    void recordSelection();
    Selection currentSelection() const;

    Session* session_;
    ScatterView* view_;
    QUndoStack stack_;
    ProjectionSpec projection_;
    CameraState camera_;
    Selection selection_;
    bool applying_ = false;
    bool selection_pending_ = false;
    bool wheel_open_ = false;  // wheel events seen that have not yet ended in cameraChanged
};

} // namespace es::ui
