#include "window/dock_shelf.h"

#include "panels/dock_properties.h"

#include <QAction>
#include <QDockWidget>
#include <QEvent>
#include <QMainWindow>
#include <QTabWidget>
#include <QTimer>

namespace es::ui {

DockShelf::DockShelf(QMainWindow* window, QTabWidget* tabs, const QList<QWidget*>& full_width_pages)
    : QObject(window), window_(window), tabs_(tabs), full_width_pages_(full_width_pages) {
    for (QDockWidget* dock : window_->findChildren<QDockWidget*>()) {
        dock->installEventFilter(this);
        // The View menu's toggle: the user's own choice, kept on the full-width tabs.
        connect(dock->toggleViewAction(), &QAction::triggered, this, [this, dock](bool open) {
            if (!are_away_) return;
            away_.removeAll(dock);
            kept_.removeAll(dock);
            if (open) kept_ << dock;
        });
    }
    connect(tabs_, &QTabWidget::currentChanged, this, &DockShelf::fitToTab);
}

QByteArray DockShelf::windowStateAsLeft() {
    const bool away = are_away_;
    if (away) bringBack();
    const QByteArray state = window_->saveState();
    if (away) putAway();
    return state;
}

void DockShelf::fitToTab() {
    const bool full_width = full_width_pages_.contains(tabs_->currentWidget());
    if (full_width && !are_away_) putAway();
    else if (!full_width && are_away_) bringBack();
}

void DockShelf::putAway() {
    are_away_ = true;
    moving_ = true;
    for (QDockWidget* dock : window_->findChildren<QDockWidget*>())
        if (!dock->isHidden() && !kept_.contains(dock)) {
            away_ << dock;
            dock->hide();
        }
    moving_ = false;
}

// A hidden dock keeps its place in the layout (area, tab group, size, floating geometry).
void DockShelf::bringBack() {
    moving_ = true;
    for (QDockWidget* dock : std::as_const(away_))
        if (!dock->property(kDockHasNothingToShow).toBool()) dock->show();
    moving_ = false;
    away_.clear();
    are_away_ = false;
}

bool DockShelf::eventFilter(QObject* watched, QEvent* e) {
    auto* dock = qobject_cast<QDockWidget*>(watched);
    if (dock && are_away_ && !moving_) {
        if (e->type() == QEvent::ShowToParent) {
            // A panel showing its own dock (the Layer dock for an encoder) waits for the return;
            // the View menu's toggle is the user's (its triggered() comes after this show).
            QTimer::singleShot(0, this, [this, dock] {
                if (!are_away_ || dock->isHidden() || kept_.contains(dock)) return;
                moving_ = true;
                dock->hide();
                moving_ = false;
                if (!away_.contains(dock)) away_ << dock;
            });
        } else if (e->type() == QEvent::HideToParent) {
            kept_.removeAll(dock);
            away_.removeAll(dock);
        }
    }
    return QObject::eventFilter(watched, e);
}

} // namespace es::ui
