// Files a test writes and reads back, and errors it expects while loading them.
#pragma once
#include "base/error.h"

#include <string>

namespace es::test {

// Writes `bytes` as they are to `path`, replacing what was there.
void write_file(const std::string& path, const std::string& bytes);

// Writes `text` into `folder` as `name` (bytes as given) and returns the path.
std::string write_test_file(const std::string& folder, const std::string& name, const std::string& text);

// The whole file as bytes ("" when it cannot be read).
std::string read_file(const std::string& path);

// True when `load` throws es::Error whose message contains `where`; the message goes to `what`.
template <class Load>
bool throws_error_containing(Load&& load, const std::string& where, std::string& what) {
    try {
        load();
    } catch (const es::Error& e) {
        what = e.what();
        return what.find(where) != std::string::npos;
    }
    what = "no error";
    return false;
}

} // namespace es::test
