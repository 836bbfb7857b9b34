// The CPU compute backend: OpenBLAS for the weight products, Eigen for the rest, on a fixed
// number of threads.
#pragma once
#include "encoder/compute_backend.h"

namespace es {

class CpuBackend final : public ComputeBackend {
public:
    explicit CpuBackend(int threads = 2);
    std::string name() const override { return "cpu"; }
    std::string device() const override;

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

    int threads() const { return threads_; }

private:
    int threads_;
};

} // namespace es
