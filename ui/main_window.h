// The window: the text, its token chips, the scatter view (or the message about the data) and
// a status bar with the vocabulary, the variance the two components explain and messages.
#pragma once
#include <QMainWindow>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QScrollArea;
class QStackedWidget;
class QToolButton;

namespace es::ui {

class Session;
class TokenStrip;
class ScatterView;
class DataMessagePanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Session* session, QWidget* parent = nullptr);

    Session* session() const { return session_; }
    QPlainTextEdit* editor() const { return editor_; }
    TokenStrip* tokenStrip() const { return chips_; }
    ScatterView* scatterView() const { return scatter_; }
    DataMessagePanel* messagePanel() const { return panel_; }
    bool showsMessagePanel() const;
    QString vocabularyText() const;
    QString varianceText() const;
    QString statusMessage() const;
    QProgressBar* busyIndicator() const { return busy_; }
    QToolButton* examplesButton() const { return examples_; }

protected:
    void resizeEvent(QResizeEvent* e) override;

private:
    void fitChipArea();
    void onStateChanged();
    void onTokensChanged();

    Session* session_;
    QPlainTextEdit* editor_;
    QToolButton* examples_;
    TokenStrip* chips_;
    QScrollArea* chip_scroll_;
    ScatterView* scatter_;
    DataMessagePanel* panel_;
    QStackedWidget* stack_;
    QLabel* message_;
    QLabel* vocabulary_;
    QLabel* variance_;
    QProgressBar* busy_;
};

} // namespace es::ui
