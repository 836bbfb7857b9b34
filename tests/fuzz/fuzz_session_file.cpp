// A saved session (.embedscope-session JSON), read through the one state schema: whatever the
// bytes, reading gives a session (with each rejected field named) or an error, never a crash.
#include "fuzz_input.h"

#include "persistence/session_file.h"

#include <QCoreApplication>
#include <QString>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace es;
    const std::string path = fuzz::scratch_file("fuzz.embedscope-session", fuzz::bytes_of(data, size));
    QString error;
    QStringList problems;
    const auto session = ui::read_session_file(QString::fromStdString(path), &error, &problems);
    fuzz::check(session.has_value() || !error.isEmpty(), "session_file", "refused without a reason");
    for (const QString& p : problems) fuzz::check(!p.isEmpty(), "session_file", "an empty problem line");
    return 0;
}
