// Every dock serves the scatter view: a full-width tab (Positions, RoPE, Attention) puts the open
// ones away and Scatter or Tokens brings them back as the user left them.
#pragma once
#include <QList>
#include <QObject>

class QDockWidget;
class QMainWindow;
class QTabWidget;

namespace es::ui {

class DockShelf : public QObject {
public:
    // Watches the docks `window` holds now and which page of `tabs` is current.
    DockShelf(QMainWindow* window, QTabWidget* tabs, const QList<QWidget*>& full_width_pages);

    // The window's saveState() for the arrangement the user made, not the one a full-width tab shows.
    QByteArray windowStateAsLeft();

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void fitToTab();
    void putAway();
    void bringBack();

    QMainWindow* window_;
    QTabWidget* tabs_;
    QList<QWidget*> full_width_pages_;
    QList<QDockWidget*> away_;  // put away by a full-width tab, to come back
    QList<QDockWidget*> kept_;  // opened by the user on a full-width tab: stay there
    bool are_away_ = false;
    bool moving_ = false;
};

} // namespace es::ui
