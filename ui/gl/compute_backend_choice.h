// Which compute backend an encoder runs on: `auto`, `cpu` or `gpu` (DESIGN.md "OpenGL": auto takes
// the GL compute backend only on a hardware GPU; on llvmpipe/softpipe the CPU is faster). The one
// rule for `embedscope encode`, `embedscope bench encode` and the window's encoder thread.
#pragma once
#include <functional>
#include <memory>
#include <string>

class QThread;

namespace es {
class ComputeBackend;
}

namespace es::ui {

class GlComputeContext;

struct ComputeBackendChoice {
    std::unique_ptr<GlComputeContext> context;  // declared first: outlives the GL objects
    std::shared_ptr<ComputeBackend> backend;
    std::string note;  // why auto (or a gpu that failed, where allowed) took the CPU; "" otherwise
    bool gl() const { return context != nullptr; }
    ComputeBackendChoice();
    ComputeBackendChoice(ComputeBackendChoice&&) noexcept;
    ComputeBackendChoice& operator=(ComputeBackendChoice&&) noexcept;
    ~ComputeBackendChoice();  // on the thread that uses the backend (GL objects go with the context)
};

struct ComputeBackendOptions {
    int cpu_threads = 2;
    // gpu without a GL 4.3 context: throw es::Error (the CLI) or take the CPU with a note (the window).
    bool gpu_required = true;
    // The thread that runs the backend, and how to run a function there and wait for it; null: this thread.
    QThread* thread = nullptr;
    std::function<void(const std::function<void()>&)> run_on_thread;
};

// `mode`: auto, cpu or gpu. Makes the GL context on this thread (the GUI thread where there is one).
ComputeBackendChoice choose_compute_backend(const std::string& mode, const ComputeBackendOptions& options = {});

} // namespace es::ui
