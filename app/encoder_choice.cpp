#include "encoder_choice.h"

#include "encoder/cpu_backend.h"
#include "base/error.h"

#ifdef EMBEDSCOPE_WITH_UI
#include "encoder/gl/gl_backend.h"
#include "gl_compute_context.h"
#else
namespace es {
class GlComputeContext {};  // a build without Qt makes no GL context; the CPU backend serves
}
#endif

namespace es::cli {

BackendChoice::BackendChoice() = default;
BackendChoice::BackendChoice(BackendChoice&&) noexcept = default;
BackendChoice::~BackendChoice() {
    backend.reset();  // GL buffers go while their context is still current
    context.reset();
}

BackendChoice choose_backend(const std::string& mode, int cpu_threads) {
    BackendChoice c;
    if (mode == "cpu") {
        c.backend = std::make_shared<CpuBackend>(cpu_threads);
        return c;
    }
#ifdef EMBEDSCOPE_WITH_UI
    if (mode == "gpu" || GlComputeContext::display_available()) {
        try {
            auto context = std::make_unique<GlComputeContext>();
            auto gl = std::make_shared<GlBackend>(context->loader());
            if (mode == "gpu" || !gl->software_renderer()) {
                c.context = std::move(context);
                c.backend = std::move(gl);
                return c;
            }
            c.note = "auto: " + gl->device() + " is a software renderer; the CPU is faster";
            gl.reset();
        } catch (const Error& e) {
            if (mode == "gpu") throw;
            c.note = std::string("auto: no GL compute (") + e.what() + ")";
        }
    } else {
        c.note = "auto: no display for OpenGL";
    }
#else
    if (mode == "gpu") throw Error("--backend gpu: this build has no OpenGL support");
#endif
    c.backend = std::make_shared<CpuBackend>(cpu_threads);
    return c;
}

} // namespace es::cli
