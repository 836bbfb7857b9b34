#include "encoder_choice.h"

#include "base/error.h"
#include "encoder/cpu_backend.h"

#ifdef EMBEDSCOPE_WITH_UI
#include "gl/compute_backend_choice.h"
#endif

namespace es::cli {

BackendChoice choose_backend(const std::string& mode, int cpu_threads) {
    BackendChoice c;
#ifdef EMBEDSCOPE_WITH_UI
    auto chosen = std::make_shared<ui::ComputeBackendChoice>(ui::choose_compute_backend(mode, {cpu_threads}));
    c.backend = chosen->backend;
    c.note = chosen->note;
    c.owner = std::move(chosen);
#else
    if (mode == "gpu") throw Error("--backend gpu: this build has no OpenGL support");
    c.backend = std::make_shared<CpuBackend>(cpu_threads);
#endif
    return c;
}

} // namespace es::cli
