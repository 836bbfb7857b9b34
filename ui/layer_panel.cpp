#include "layer_panel.h"

#include "scatter_view.h"
#include "session.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>

namespace es::ui {

LayerPanel::LayerPanel(Session* session, QWidget* parent) : QWidget(parent), session_(session) {
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setTickPosition(QSlider::TicksBelow);
    slider_->setTickInterval(1);
    slider_->setPageStep(1);
    slider_->setAccessibleName(tr("Encoder layer"));
    layer_ = new QLabel(this);
    layer_->setTextFormat(Qt::RichText);
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    note_->setForegroundRole(QPalette::PlaceholderText);
    error_ = new QLabel(this);
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: %1;").arg(ScatterView::palette()[6].name()));

    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(8, 6, 8, 8);
    auto* label = new QLabel(tr("&Layer:"), this);
    label->setBuddy(slider_);
    auto* row = new QHBoxLayout;
    row->addWidget(label);
    row->addWidget(slider_, 1);
    box->addLayout(row);
    box->addWidget(layer_);
    box->addWidget(note_);
    box->addWidget(error_);
    box->addStretch(1);
    setFocusProxy(slider_);

    connect(slider_, &QSlider::valueChanged, this, [this](int v) {
        if (v != session_->layer()) session_->setLayer(v);
        showSession();
    });
    connect(session_, &Session::stateChanged, this, &LayerPanel::showSession);
    connect(session_, &Session::sourceChanged, this, &LayerPanel::showSession);
    connect(session_, &Session::contextualChanged, this, &LayerPanel::showSession);
    showSession();
}

QString LayerPanel::layerText() const { return layer_->text(); }

void LayerPanel::showSession() {
    const bool encoder = session_->hasEncoder() && session_->state() == Session::State::Ready;
    setEnabled(encoder);
    {
        const QSignalBlocker block(slider_);
        slider_->setRange(0, std::max(0, session_->layerCount()));
        slider_->setValue(session_->layer());
    }
    if (!encoder) {
        layer_->setText(tr("<b>No encoder loaded</b>"));
        note_->setText(tr("Open a model folder or the built-in encoder to see the text's contextual vectors layer by layer."));
        error_->clear();
        return;
    }
    const int l = session_->layer(), n = session_->layerCount();
    layer_->setText(l == 0 ? tr("<b>Embeddings</b> (before layer 1 of %1)").arg(n) : tr("<b>Layer %1</b> of %2").arg(l).arg(n));
    note_->setText(tr("The text's %1 tokens at this layer are drawn among the vocabulary, projected with the current "
                      "axes: watch them move away from their static vectors as context mixes in.")
                       .arg(session_->contextualTokens().size()));
    error_->setText(session_->contextualError());
}

} // namespace es::ui
