// The compute-backend interface of the encoder (after ggml): every operation a transformer
// layer needs, on row-major float32 matrices that live on the backend (host memory for the
// CPU backend, GL buffers for the GL one). Each backend is tested op by op against the CPU one.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

namespace es {

// A rows × cols row-major float32 matrix owned by a backend.
class DeviceTensor {
public:
    DeviceTensor(int64_t rows, int64_t cols) : rows_(rows), cols_(cols) {}
    virtual ~DeviceTensor() = default;
    int64_t rows() const { return rows_; }
    int64_t cols() const { return cols_; }
    int64_t size() const { return rows_ * cols_; }

private:
    int64_t rows_, cols_;
};
using TensorPtr = std::unique_ptr<DeviceTensor>;

enum class Gelu { Erf, Tanh };  // exact GELU (BERT) and GPT-2's tanh approximation

// Multi-head attention layout: q is [n, heads × head_dim], k and v [n, kv_heads × head_dim];
// head h reads key/value head h / (heads / kv_heads) (grouped-query attention).
struct AttentionShape {
    int64_t tokens = 0;
    int64_t heads = 0;
    int64_t kv_heads = 0;
    int64_t head_dim = 0;
    float scale = 1.0f;   // applied to q·k
    bool causal = false;  // a query sees only keys at or before its position
};

class ComputeBackend {
public:
    virtual ~ComputeBackend() = default;
    virtual std::string name() const = 0;  // "cpu", "gpu"
    virtual std::string device() const = 0;  // what runs it, for reports

    // A tensor with unspecified contents.
    virtual TensorPtr tensor(int64_t rows, int64_t cols) = 0;
    virtual void upload(DeviceTensor& t, const float* data) = 0;
    virtual void download(const DeviceTensor& t, float* data) = 0;
    TensorPtr from_host(int64_t rows, int64_t cols, const float* data) {
        auto t = tensor(rows, cols);
        upload(*t, data);
        return t;
    }

    // y = x · wᵀ + b: x [n, in], w [out, in] (nn.Linear's layout), b [1, out] or null.
    virtual void linear(const DeviceTensor& x, const DeviceTensor& w, const DeviceTensor* b, DeviceTensor& y) = 0;
    // y = a (same shape).
    virtual void copy(const DeviceTensor& a, DeviceTensor& y) = 0;
    // y += a (same shape).
    virtual void add(const DeviceTensor& a, DeviceTensor& y) = 0;
    // Per row: (x − mean) / sqrt(var + eps) · gamma + beta.
    virtual void layer_norm(const DeviceTensor& x, const DeviceTensor& gamma, const DeviceTensor& beta, float eps,
                            DeviceTensor& y) = 0;
    // Per row: x / sqrt(mean(x²) + eps) · gamma.
    virtual void rms_norm(const DeviceTensor& x, const DeviceTensor& gamma, float eps, DeviceTensor& y) = 0;
    virtual void gelu(DeviceTensor& x, Gelu kind) = 0;
    // up = silu(gate) · up (SwiGLU).
    virtual void silu_mul(const DeviceTensor& gate, DeviceTensor& up) = 0;
    // Rotate-half RoPE in place on x [n, heads × head_dim]; cos, sin [n, head_dim / 2].
    virtual void rope(DeviceTensor& x, int64_t heads, const DeviceTensor& cos, const DeviceTensor& sin) = 0;
    // scores [heads × n, n] = scale · q·kᵀ per head; masked entries (causal) are −inf.
    virtual void attention_scores(const DeviceTensor& q, const DeviceTensor& k, const AttentionShape& s,
                                  DeviceTensor& scores) = 0;
    // Softmax of each row in place.
    virtual void softmax_rows(DeviceTensor& x) = 0;
    // out [n, heads × head_dim] = probs · v per head.
    virtual void attention_context(const DeviceTensor& probs, const DeviceTensor& v, const AttentionShape& s,
                                   DeviceTensor& out) = 0;
    // Waits for queued work (timing); downloads wait by themselves.
    virtual void finish() {}
};

} // namespace es
