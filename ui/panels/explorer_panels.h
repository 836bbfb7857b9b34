// The explorer's docks — Neighbours, Analogy, Projection, Search & colour, Layer — around the
// scatter view. installExplorerPanels() creates them in a window (the right-hand column:
// Neighbours above, the others tabbed below); ExplorerPanels combines the neighbours' and the
// analogy's drawings into the one overlay the view holds, and keeps the panels' part of a
// session file.
#pragma once
#include <QJsonObject>
#include <QObject>

class QDockWidget;
class QMainWindow;

namespace es::ui {

class AnalogyPanel;
class LayerPanel;
class NeighboursPanel;
class ProjectionPanel;
class ScatterView;
class SearchPanel;
class Session;

class ExplorerPanels : public QObject {
    Q_OBJECT
public:
    ExplorerPanels(QMainWindow* window, Session* session, ScatterView* view);

    // The one ExplorerPanels installed in `window`, or null.
    static ExplorerPanels* of(QMainWindow* window);

    NeighboursPanel* neighbours() const { return neighbours_; }
    AnalogyPanel* analogy() const { return analogy_; }
    ProjectionPanel* projection() const { return projection_; }
    SearchPanel* search() const { return search_; }
    LayerPanel* layer() const { return layer_; }
    QDockWidget* dock(QWidget* panel) const;

    // {"neighbours": {...}, "analogy": {...}, "appearance": {"point_size", "opacity"}, "layer": {...} (encoder sources)}
    QJsonObject state() const;
    void restoreState(const QJsonObject& o);

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void updateOverlay();
    void fitDockWidth();

    QMainWindow* window_;
    Session* session_;
    ScatterView* view_;
    NeighboursPanel* neighbours_;
    AnalogyPanel* analogy_;
    ProjectionPanel* projection_;
    SearchPanel* search_;
    LayerPanel* layer_;
};

// Creates the docks in `window` (once; a second call does nothing).
void installExplorerPanels(QMainWindow* window, Session* session, ScatterView* view);
QJsonObject explorerPanelsState(QMainWindow* window);
void restoreExplorerPanelsState(QMainWindow* window, const QJsonObject& state);

} // namespace es::ui
