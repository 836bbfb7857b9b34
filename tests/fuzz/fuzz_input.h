// What every harness shares. The contract a parser keeps under fuzzing: given any bytes it
// returns, or throws es::Error naming the file and the problem. Anything else — another
// exception (std::bad_alloc from a size the file lied about), a sanitizer report, a hang, an
// allocation over libFuzzer's -malloc_limit_mb — is a bug the fuzzer reports as a crash.
#pragma once
#include "base/error.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

namespace es::fuzz {

// Writes `bytes` to `name` in this process's scratch folder (under $TMPDIR, removed at exit);
// returns its path. Parsers that read paths get a real file, as in use.
std::string scratch_file(const std::string& name, std::string_view bytes);
// The scratch folder itself (for formats that are a folder of files).
const std::string& scratch_folder();

// The input as a string view.
inline std::string_view bytes_of(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Splits the input at its first 0xFF byte (never part of valid UTF-8): the first file and the
// second. Harnesses for formats made of two files use it; without 0xFF the second is empty.
std::pair<std::string_view, std::string_view> split_at_ff(std::string_view in);

// Runs `parse`; es::Error is the parser refusing the input (fine), anything else aborts.
template <class Parse>
void expect_only_es_errors(const char* harness, Parse&& parse) {
    try {
        parse();
    } catch (const es::Error&) {
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: the parser threw something other than es::Error: %s\n", harness, e.what());
        std::abort();
    }
}

// Aborts with `what` when `ok` is false: an invariant of a parser's result that failed.
inline void check(bool ok, const char* harness, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "%s: %s\n", harness, what);
    std::abort();
}

} // namespace es::fuzz
