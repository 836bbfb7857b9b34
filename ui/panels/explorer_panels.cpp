#include "panels/explorer_panels.h"

#include "document/session.h"
#include "panels/analogy_panel.h"
#include "panels/dock_properties.h"
#include "panels/layer_panel.h"
#include "panels/neighbours_panel.h"
#include "panels/projection_panel.h"
#include "panels/search_panel.h"
#include "scatter/scatter_view.h"

#include <QDockWidget>
#include <QEvent>
#include <QMainWindow>
#include <QScrollArea>
#include <QSlider>
#include <QTimer>

#include <cmath>

namespace es::ui {

namespace {

// The docks' width in average characters of the panels' font (it grows in presentation mode).
constexpr int kDockCharacters = 44;

// Panels taller than the dock scroll rather than squeeze (presentation fonts, small screens).
QDockWidget* make_dock(QMainWindow* window, const QString& title, const QString& name, QWidget* panel, bool scroll) {
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(name);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    dock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    if (scroll) {
        auto* area = new QScrollArea(dock);
        area->setWidget(panel);
        area->setWidgetResizable(true);
        area->setFrameShape(QFrame::NoFrame);
        area->setFocusProxy(panel);
        dock->setWidget(area);
    } else {
        dock->setWidget(panel);
    }
    dock->setFocusProxy(panel);
    return dock;
}

} // namespace

ExplorerPanels::ExplorerPanels(QMainWindow* window, Session* session, ScatterView* view)
    : QObject(window), session_(session), view_(view) {
    setObjectName(QStringLiteral("explorerPanels"));
    neighbours_ = new NeighboursPanel(session, window);
    analogy_ = new AnalogyPanel(session, window);
    projection_ = new ProjectionPanel(session, window);
    search_ = new SearchPanel(session, view, window);
    layer_ = new LayerPanel(session, window);
    layer_->setView(view);

    QDockWidget* n = make_dock(window, tr("Neighbours"), QStringLiteral("neighboursDock"), neighbours_, false);
    QDockWidget* a = make_dock(window, tr("Analogy"), QStringLiteral("analogyDock"), analogy_, false);
    QDockWidget* p = make_dock(window, tr("Projection"), QStringLiteral("projectionDock"), projection_, true);
    // "&&": dock tabs and the View menu read a single "&" as a mnemonic.
    QDockWidget* s = make_dock(window, tr("Search && colour"), QStringLiteral("searchDock"), search_, true);
    QDockWidget* l = make_dock(window, tr("Layer"), QStringLiteral("layerDock"), layer_, true);
    window->addDockWidget(Qt::RightDockWidgetArea, n);
    window->addDockWidget(Qt::RightDockWidgetArea, a);
    window->tabifyDockWidget(a, p);
    window->tabifyDockWidget(p, s);
    window->tabifyDockWidget(s, l);
    a->raise();
    // The layer slider means something only with an encoder: its dock shows itself for one.
    auto show_layer = [session, l] {
        l->setProperty(kDockHasNothingToShow, !session->hasEncoder());  // also while a view has put it away
        l->setVisible(session->hasEncoder());
    };
    auto when_ready = [session, show_layer] {
        if (session->state() == Session::State::Ready) show_layer();
    };
    connect(session, &Session::stateChanged, l, when_ready);
    connect(session, &Session::sourceChanged, l, when_ready);
    show_layer();
    window_ = window;
    fitDockWidth();
    neighbours_->installEventFilter(this);
    window->setTabPosition(Qt::RightDockWidgetArea, QTabWidget::North);

    connect(neighbours_, &NeighboursPanel::overlayChanged, this, &ExplorerPanels::updateOverlay);
    connect(analogy_, &AnalogyPanel::overlayChanged, this, &ExplorerPanels::updateOverlay);
    updateOverlay();
}

bool ExplorerPanels::eventFilter(QObject* watched, QEvent* e) {
    // After the window has laid itself out for the new font.
    if (watched == neighbours_ && e->type() == QEvent::FontChange) QTimer::singleShot(0, this, &ExplorerPanels::fitDockWidth);
    return QObject::eventFilter(watched, e);
}

void ExplorerPanels::fitDockWidth() {
    const int width = QFontMetrics(neighbours_->font()).averageCharWidth() * kDockCharacters;
    window_->resizeDocks({dock(neighbours_)}, {width}, Qt::Horizontal);
}

ExplorerPanels* ExplorerPanels::of(QMainWindow* window) {
    return window ? window->findChild<ExplorerPanels*>(QStringLiteral("explorerPanels"), Qt::FindDirectChildrenOnly) : nullptr;
}

QDockWidget* ExplorerPanels::dock(QWidget* panel) const {
    for (QWidget* w = panel; w; w = w->parentWidget())
        if (auto* d = qobject_cast<QDockWidget*>(w)) return d;
    return nullptr;
}

void ExplorerPanels::updateOverlay() {
    if (!view_) return;
    ViewOverlay overlay;
    neighbours_->contributeTo(overlay);
    analogy_->contributeTo(overlay);
    view_->setOverlay(overlay);
}

QJsonObject ExplorerPanels::state() const {
    QJsonObject o{{QStringLiteral("neighbours"), neighbours_->state()}, {QStringLiteral("analogy"), analogy_->state()}};
    if (session_->hasEncoder()) o.insert(QStringLiteral("layer"), layer_->state());
    if (view_)
        o.insert(QStringLiteral("appearance"),
                 QJsonObject{{QStringLiteral("point_size"), double(view_->pointSize())},
                             {QStringLiteral("opacity"), double(view_->opacity())}});
    return o;
}

void ExplorerPanels::restoreState(const QJsonObject& o) {
    if (o.contains(QStringLiteral("neighbours"))) neighbours_->restoreState(o.value(QStringLiteral("neighbours")).toObject());
    if (o.contains(QStringLiteral("analogy"))) analogy_->restoreState(o.value(QStringLiteral("analogy")).toObject());
    if (o.contains(QStringLiteral("layer")) && session_->hasEncoder()) layer_->restoreState(o.value(QStringLiteral("layer")).toObject());
    const QJsonObject looks = o.value(QStringLiteral("appearance")).toObject();
    if (looks.contains(QStringLiteral("point_size")))
        search_->pointSizeSlider()->setValue(int(std::lround(looks.value(QStringLiteral("point_size")).toDouble())));
    if (looks.contains(QStringLiteral("opacity")))
        search_->opacitySlider()->setValue(int(std::lround(looks.value(QStringLiteral("opacity")).toDouble() * 100)));
}

void installExplorerPanels(QMainWindow* window, Session* session, ScatterView* view) {
    if (!window || !session || ExplorerPanels::of(window)) return;
    new ExplorerPanels(window, session, view);
}

QJsonObject explorerPanelsState(QMainWindow* window) {
    const ExplorerPanels* panels = ExplorerPanels::of(window);
    return panels ? panels->state() : QJsonObject{};
}

void restoreExplorerPanelsState(QMainWindow* window, const QJsonObject& state) {
    if (ExplorerPanels* panels = ExplorerPanels::of(window)) panels->restoreState(state);
}

} // namespace es::ui
