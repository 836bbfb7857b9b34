// The layer panel, enabled when the source has an encoder: a slider over the encoder's layers
// (0 = the token embeddings, then each layer's output); the view draws the text's contextual
// vectors at that layer among the static vocabulary. Below it, "Follow a word through the
// layers": a word and sentences (one per line) whose paths the view draws across the layers.
#pragma once
#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSlider;

namespace es::ui {

class ScatterView;
class Session;

class LayerPanel : public QWidget {
    Q_OBJECT
public:
    explicit LayerPanel(Session* session, QWidget* parent = nullptr);

    QSlider* slider() const { return slider_; }
    QString layerText() const;
    QLineEdit* wordField() const { return word_; }
    QPlainTextEdit* sentencesEditor() const { return sentences_; }
    QPushButton* drawButton() const { return draw_; }
    QPushButton* clearButton() const { return clear_; }
    QCheckBox* rawLengthsCheck() const { return raw_; }  // Session::TrajectoryScale::Raw
    QString trajectoryText() const;       // the paths' legend or what is running
    QString trajectoryErrorText() const;

    // The view that Draw frames onto the paths once they arrive (they are often a small part of the cloud).
    void setView(ScatterView* view) { view_ = view; }
    QStringList sentences() const;  // the editor's non-blank lines
    void drawTrajectories();        // the fields' word and sentences, to the session
    void frameTrajectories();       // the view's camera onto the paths: 2-D, into trajectoryFrame()
    // The part of the view the paths are framed into, in its pixels: clear of the legend and HUD
    // in the top corners, with room for the labels at the paths' ends.
    QRectF trajectoryFrame() const;
    // {"layer": n, "word": …, "sentences": […], "drawn": bool, "raw": bool}; restoring needs the encoder loaded.
    QJsonObject state() const;
    void restoreState(const QJsonObject& o);

private:
    void showSession();
    void showTrajectories();

    Session* session_;
    ScatterView* view_ = nullptr;
    bool frame_when_drawn_ = false;
    QSlider* slider_;
    QLabel* layer_;
    QLabel* note_;
    QLabel* error_;
    QLineEdit* word_;
    QPlainTextEdit* sentences_;
    QPushButton* draw_;
    QPushButton* clear_;
    QCheckBox* raw_;
    QLabel* paths_;
    QLabel* trajectory_error_;
};

} // namespace es::ui
