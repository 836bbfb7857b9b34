// Shown instead of the scatter when there is no table to show: what is wrong (missing or
// damaged file, as the session words it), the command that fixes it, and — for the default
// table when its downloaded package is there — a button that converts it again.
#pragma once
#include <QWidget>

class QFrame;
class QLabel;
class QProgressBar;
class QPushButton;

namespace es::ui {

class Session;

class DataMessagePanel : public QWidget {
    Q_OBJECT
public:
    explicit DataMessagePanel(Session* session, QWidget* parent = nullptr);

    QString title() const;
    QString message() const;
    QPushButton* convertButton() const { return convert_; }
    QProgressBar* busyIndicator() const { return busy_; }

protected:
    void resizeEvent(QResizeEvent* e) override;

private:
    void refresh();

    Session* session_;
    QFrame* card_;
    QLabel* title_;
    QLabel* message_;
    QLabel* hint_;
    QLabel* result_;
    QPushButton* convert_;
    QProgressBar* busy_;
};

} // namespace es::ui
