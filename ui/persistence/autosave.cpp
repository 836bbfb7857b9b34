#include "persistence/autosave.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace es::ui {
namespace {
constexpr int kDebounceMs = 1200;

bool process_alive(qint64 pid) { return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM); }
}

Autosave::Autosave(QString dir, std::function<SessionFile()> capture, QObject* parent)
    : QObject(parent), dir_(std::move(dir)), capture_(std::move(capture)) {
    timer_.setSingleShot(true);
    timer_.setInterval(kDebounceMs);
    connect(&timer_, &QTimer::timeout, this, [this] { saveNow(); });
}

Autosave::~Autosave() {
    if (started_) finish();
}

QString Autosave::defaultDirectory() { return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation); }
QString Autosave::filePath() const { return dir_ + QStringLiteral("/autosave.json"); }
QString Autosave::markerPath() const { return dir_ + QStringLiteral("/running.pid"); }

bool Autosave::previousRunCrashed() const {
    QFile marker(markerPath());
    if (!marker.exists() || !QFile::exists(filePath())) return false;
    if (!marker.open(QIODevice::ReadOnly)) return false;
    const qint64 pid = marker.read(32).trimmed().toLongLong();
    return pid != QCoreApplication::applicationPid() && !process_alive(pid);
}

void Autosave::start() {
    QDir().mkpath(dir_);
    QSaveFile marker(markerPath());
    if (marker.open(QIODevice::WriteOnly)) {
        marker.write(QByteArray::number(QCoreApplication::applicationPid()));
        marker.commit();
    }
    started_ = true;
}

void Autosave::finish() {
    if (!started_) return;
    if (timer_.isActive()) {
        timer_.stop();
        saveNow();
    }
    QFile::remove(markerPath());
    started_ = false;
}

void Autosave::changed() {
    if (started_) timer_.start();
}

QString Autosave::saveNow() {
    QDir().mkpath(dir_);
    last_error_ = write_session_file(filePath(), capture_());
    if (last_error_.isEmpty()) ++saves_;
    return last_error_;
}

} // namespace es::ui
