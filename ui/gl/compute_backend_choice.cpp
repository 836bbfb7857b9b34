#include "gl/compute_backend_choice.h"

#include "base/error.h"
#include "encoder/cpu_backend.h"
#include "encoder/gl/gl_backend.h"
#include "gl/gl_compute_context.h"

namespace es::ui {

ComputeBackendChoice::ComputeBackendChoice() = default;
ComputeBackendChoice::ComputeBackendChoice(ComputeBackendChoice&&) noexcept = default;
ComputeBackendChoice& ComputeBackendChoice::operator=(ComputeBackendChoice&&) noexcept = default;
ComputeBackendChoice::~ComputeBackendChoice() {
    backend.reset();  // GL buffers go while their context is still current
    if (context) context->release();
}

ComputeBackendChoice choose_compute_backend(const std::string& mode, const ComputeBackendOptions& options) {
    ComputeBackendChoice c;
    const auto on_thread = [&](const std::function<void()>& f) { options.run_on_thread ? options.run_on_thread(f) : f(); };
    if (mode != "cpu") {
        try {
            if (!options.thread && !GlComputeContext::display_available())
                throw Error("OpenGL: no display ($DISPLAY is not set); run under xvfb-run or use --backend cpu");
            auto context = std::make_unique<GlComputeContext>(options.thread);
            std::exception_ptr error;
            on_thread([&] {
                try {
                    context->makeCurrent();
                    auto gl = std::make_shared<GlBackend>(context->loader());
                    if (mode == "gpu" || !gl->software_renderer()) {
                        c.backend = std::move(gl);
                        return;
                    }
                    c.note = "auto: " + context->renderer() + " is a software renderer; the CPU is faster";
                    gl.reset();
                    context->release();
                } catch (...) {
                    context->release();
                    error = std::current_exception();
                }
            });
            if (error) std::rethrow_exception(error);
            if (c.backend) {
                c.context = std::move(context);
                return c;
            }
        } catch (const Error& e) {
            if (mode == "gpu" && options.gpu_required) throw;
            c.note = (mode == "gpu" ? std::string() : std::string("auto: ")) + e.what();
        }
    }
    c.backend = std::make_shared<CpuBackend>(options.cpu_threads);
    return c;
}

} // namespace es::ui
