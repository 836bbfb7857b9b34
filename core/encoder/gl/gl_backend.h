// The OpenGL 4.3 compute backend: tensors are shader storage buffers, every op a compute
// shader from shaders/*.comp (embedded at build time). No Qt: whoever made the context hands
// over a getProcAddress-style loader. Create, use and destroy it with that context current.
#pragma once
#include "encoder/compute_backend.h"

#include <functional>
#include <memory>
#include <string>

namespace es {

class GlBackend final : public ComputeBackend {
public:
    using Loader = std::function<void*(const char*)>;
    // Throws es::Error when the context lacks OpenGL 4.3 or a shader does not compile.
    explicit GlBackend(const Loader& load);
    ~GlBackend() override;

    std::string name() const override { return "gpu"; }
    std::string device() const override;  // "OpenGL 4.5 (Core Profile) Mesa …, llvmpipe (LLVM …)"
    // True for Mesa's CPU rasterisers (llvmpipe, softpipe, swrast), where the CPU backend is faster.
    bool software_renderer() const;

    TensorPtr tensor(int64_t rows, int64_t cols) override;
    void upload(DeviceTensor& t, const float* data) override;
    void download(const DeviceTensor& t, float* data) override;
    void linear(const DeviceTensor& x, const DeviceTensor& w, const DeviceTensor* b, DeviceTensor& y) override;
    void copy(const DeviceTensor& a, DeviceTensor& y) override;
    void add(const DeviceTensor& a, DeviceTensor& y) override;
    void layer_norm(const DeviceTensor& x, const DeviceTensor& gamma, const DeviceTensor& beta, float eps,
                    DeviceTensor& y) override;
    void rms_norm(const DeviceTensor& x, const DeviceTensor& gamma, float eps, DeviceTensor& y) override;
    void gelu(DeviceTensor& x, Gelu kind) override;
    void silu_mul(const DeviceTensor& gate, DeviceTensor& up) override;
    void rope(DeviceTensor& x, int64_t heads, const DeviceTensor& cos, const DeviceTensor& sin) override;
    void attention_scores(const DeviceTensor& q, const DeviceTensor& k, const AttentionShape& s,
                          DeviceTensor& scores) override;
    void softmax_rows(DeviceTensor& x) override;
    void attention_context(const DeviceTensor& probs, const DeviceTensor& v, const AttentionShape& s,
                           DeviceTensor& out) override;
    void finish() override;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// Whether a GL_RENDERER string names a software rasteriser (llvmpipe, softpipe, swrast).
bool is_software_renderer(const std::string& renderer);

} // namespace es
