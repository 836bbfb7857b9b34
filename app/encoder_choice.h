// Opening an encoder for the command line: `--model DIR|builtin` on `--backend auto|cpu|gpu`
// (DESIGN.md "OpenGL": auto takes the GL backend only on a hardware GPU). Shared by
// `embedscope encode` and `embedscope bench encode`.
#pragma once
#include "encoder/compute_backend.h"
#include "encoder/encoder.h"

#include <memory>
#include <string>

namespace es {
class GlComputeContext;
}

namespace es::cli {

struct BackendChoice {
    std::unique_ptr<GlComputeContext> context;  // declared first: outlives the GL objects
    std::shared_ptr<ComputeBackend> backend;
    std::string note;  // why auto chose what it chose
    BackendChoice();
    BackendChoice(BackendChoice&&) noexcept;
    ~BackendChoice();
};

// mode: auto, cpu or gpu. gpu throws es::Error when there is no GL 4.3 context.
BackendChoice choose_backend(const std::string& mode, int cpu_threads = 2);

} // namespace es::cli
