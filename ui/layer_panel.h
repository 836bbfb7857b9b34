// The layer panel, enabled when the source has an encoder: a slider over the encoder's layers
// (0 = the token embeddings, then each layer's output); the view draws the text's contextual
// vectors at that layer among the static vocabulary.
#pragma once
#include <QWidget>

class QLabel;
class QSlider;

namespace es::ui {

class Session;

class LayerPanel : public QWidget {
    Q_OBJECT
public:
    explicit LayerPanel(Session* session, QWidget* parent = nullptr);

    QSlider* slider() const { return slider_; }
    QString layerText() const;

private:
    void showSession();

    Session* session_;
    QSlider* slider_;
    QLabel* layer_;
    QLabel* note_;
    QLabel* error_;
};

} // namespace es::ui
