// The compute backend of `embedscope encode` and `bench encode` for `--backend auto|cpu|gpu`:
// ui::choose_compute_backend (the one rule, ui/gl/) in a build with the UI, whose Qt makes GL
// contexts; the CPU in a build without it, where gpu is an error.
#pragma once
#include "encoder/compute_backend.h"

#include <memory>
#include <string>

namespace es::cli {

struct BackendChoice {
    std::shared_ptr<ComputeBackend> backend;
    std::string note;             // why auto chose the CPU
    std::shared_ptr<void> owner;  // the GL context the backend lives in (builds with the UI)
    BackendChoice() = default;
    BackendChoice(BackendChoice&&) noexcept = default;
    ~BackendChoice() {
        backend.reset();  // GL buffers go while their context is still current
        owner.reset();
    }
};

// mode: auto, cpu or gpu. gpu throws es::Error when there is no GL 4.3 context.
BackendChoice choose_backend(const std::string& mode, int cpu_threads = 2);

} // namespace es::cli
