// Embedscope — the one error type the core throws. Its message names the input (file, word,
// tensor) and the problem, ready to show a person as it is.
#pragma once
#include <stdexcept>
#include <string>

namespace es {

struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Thrown when a long operation sees its cancel flag set.
struct Cancelled : Error {
    Cancelled() : Error("cancelled") {}
};

} // namespace es
