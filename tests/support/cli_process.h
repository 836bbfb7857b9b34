// The embedscope binary run as a user runs it, for the tests of the command line and the window.
#pragma once
#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace es::test {

struct CliRun {
    int code = -1;  // the exit code; -1 when it crashed or did not finish in time
    QProcess::ExitStatus status = QProcess::CrashExit;
    QByteArray out, err;
};

// Runs `embedscope args…` and waits up to `timeout_ms` for it (then kills it: err "timed out").
inline CliRun run_embedscope(const QStringList& args, int timeout_ms = 120000,
                             const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(EMBEDSCOPE_BINARY), args);
    CliRun r;
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.status = p.exitStatus();
    r.code = r.status == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// The run's stdout; its stderr goes to the test log when it does not exit with 0.
inline QByteArray embedscope_stdout(const QStringList& args, int timeout_ms = 120000, int* code = nullptr) {
    const CliRun r = run_embedscope(args, timeout_ms);
    if (r.code != 0) qWarning("%s", r.err.constData());
    if (code) *code = r.code;
    return r.out;
}

} // namespace es::test
