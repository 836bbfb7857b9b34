// A load that must fail: the check shared by the damaged-file tests.
#pragma once
#include "testing/test_files.h"

#include <QTest>

#include <string>

namespace es::test {

// Checks that `load()` throws es::Error whose message contains `where` (shows the message if not).
template <class Load>
void expect_load_error(Load&& load, const std::string& where) {
    std::string what;
    QVERIFY2(throws_error_containing(load, where, what), what.c_str());
}

} // namespace es::test
