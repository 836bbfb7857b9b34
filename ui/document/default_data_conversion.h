// Converting the default table again from the package the set-up downloaded (`embedscope import
// --default`), offered when the default table is missing or damaged. Runs the command as a child
// process; the Session reopens the source when it succeeds.
#pragma once
#include <QObject>
#include <QString>
#include <QStringList>

class QProcess;

namespace es::ui {

class DefaultDataConversion : public QObject {
    Q_OBJECT
public:
    explicit DefaultDataConversion(QObject* parent = nullptr) : QObject(parent) {}
    ~DefaultDataConversion() override;  // a conversion still running is killed

    void setCommand(const QString& program, const QStringList& arguments);
    // A command is set and the downloaded package is there.
    bool available() const;
    bool running() const { return process_ != nullptr; }
    void start();

signals:
    void runningChanged(bool running);
    void finished(bool ok, const QString& message);  // message: the command's last error line

private:
    QString program_;
    QStringList arguments_;
    QProcess* process_ = nullptr;
};

} // namespace es::ui
