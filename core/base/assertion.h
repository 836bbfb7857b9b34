// ES_ASSERT(condition, message): API misuse (an index out of range, a call on the wrong thread)
// stops the program with the message, the condition, file and line. Active in Debug builds and
// whenever EMBEDSCOPE_SANITIZE=ON (that build is Release-based, where plain assert is compiled
// out); elsewhere the condition is not evaluated. Bad input is never an assertion: it is an es::Error.
#pragma once

namespace es {
[[noreturn]] void assertion_failed(const char* condition, const char* message, const char* file, int line);
}

#if !defined(NDEBUG) || defined(EMBEDSCOPE_ASSERTS)
#define ES_ASSERT(condition, message) \
    ((condition) ? void(0) : ::es::assertion_failed(#condition, message, __FILE__, __LINE__))
#else
#define ES_ASSERT(condition, message) ((void)sizeof(!(condition)))
#endif
