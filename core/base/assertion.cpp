#include "base/assertion.h"

#include <cstdio>
#include <cstdlib>

namespace es {

void assertion_failed(const char* condition, const char* message, const char* file, int line) {
    std::fprintf(stderr, "embedscope: internal error: %s (%s) at %s:%d\n", message, condition, file, line);
    std::fflush(stderr);
    std::abort();
}

} // namespace es
