#include "document/view_history.h"

#include "scatter/scatter_view.h"
#include "document/session.h"

#include <QEvent>
#include <QTimer>
#include <QUndoCommand>

namespace es::ui {
namespace {

// One recorded change: its first redo() is the change that already happened, so it is skipped.
template <class T>
class ChangeCommand : public QUndoCommand {
public:
    using Apply = void (ViewHistory::*)(const T&);
    ChangeCommand(ViewHistory* h, Apply apply, T before, T after, const QString& text)
        : QUndoCommand(text), h_(h), apply_(apply), before_(std::move(before)), after_(std::move(after)) {}
    void undo() override { (h_->*apply_)(before_); }
    void redo() override {
        if (first_) first_ = false;
        else (h_->*apply_)(after_);
    }

private:
    ViewHistory* h_;
    Apply apply_;
    T before_, after_;
    bool first_ = true;
};

} // namespace

ViewHistory::ViewHistory(Session* session, ScatterView* view, QObject* parent)
    : QObject(parent), session_(session), view_(view) {
    stack_.setUndoLimit(200);
    connect(session_, &Session::projectionChanged, this, &ViewHistory::onProjection);
    connect(session_, &Session::selectionChanged, this, &ViewHistory::onSelection);
    connect(view_, &ScatterView::cameraChanged, this, &ViewHistory::onCamera);
    view_->installEventFilter(this);
    reset();
}

// The view also moves its camera by itself (fitting new data, animating a projection): the value
// before a user's gesture is taken when the gesture starts.
bool ViewHistory::eventFilter(QObject* watched, QEvent* e) {
    if (watched == view_) {
        switch (e->type()) {
        case QEvent::MouseButtonPress:
        case QEvent::KeyPress: camera_ = view_->camera(); break;
        case QEvent::Wheel:  // a burst of wheel events is one gesture
            if (!wheel_open_) camera_ = view_->camera();
            wheel_open_ = true;
            break;
        default: break;
        }
    }
    return QObject::eventFilter(watched, e);
}

void ViewHistory::reset() {
    stack_.clear();
    projection_ = session_->projection();
    camera_ = view_->camera();
    selection_ = currentSelection();
}

ViewHistory::Selection ViewHistory::currentSelection() const { return {session_->selection(), session_->currentRow()}; }

void ViewHistory::onProjection() {
    const ProjectionSpec now = session_->projection();
    if (now == projection_) return;
    stack_.push(new ChangeCommand<ProjectionSpec>(this, &ViewHistory::applyProjection, projection_, now, tr("Projection")));
    projection_ = now;
}

void ViewHistory::onCamera() {
    wheel_open_ = false;
    const CameraState now = view_->camera();
    if (now == camera_) return;
    stack_.push(new ChangeCommand<CameraState>(this, &ViewHistory::applyCamera, camera_, now, tr("View")));
    camera_ = now;
}

// A click sets the current row and the selection one after the other: recorded once, after both.
void ViewHistory::onSelection() {
    if (applying_ || selection_pending_) return;
    selection_pending_ = true;
    QTimer::singleShot(0, this, &ViewHistory::recordSelection);
}

void ViewHistory::recordSelection() {
    selection_pending_ = false;
    const Selection now = currentSelection();
    if (now == selection_) return;
    stack_.push(new ChangeCommand<Selection>(this, &ViewHistory::applySelection, selection_, now, tr("Selection")));
    selection_ = now;
}

void ViewHistory::applyProjection(const ProjectionSpec& p) {
    projection_ = p;
    session_->setProjection(p);
}

void ViewHistory::applyCamera(const CameraState& c) {
    camera_ = c;
    view_->setCamera(c);
}

void ViewHistory::applySelection(const Selection& s) {
    selection_ = s;
    applying_ = true;  // the two setters each signal; the pair is one step
    session_->setSelection(s.rows);
    session_->setCurrentRow(s.current);
    applying_ = false;
}

} // namespace es::ui
