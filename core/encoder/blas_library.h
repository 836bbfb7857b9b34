// OpenBLAS, loaded when the CPU backend first needs it rather than when the program starts:
// a linked OpenBLAS starts its worker threads before main(), and they spin for a while on
// every command — tokenize and neighbours too — taking a core from the work on a small machine.
// Loaded here, its thread count is set before it starts them. Without it (or with
// EMBEDSCOPE_BLAS=none), the products are Eigen's.
#pragma once
#include <string>

namespace es {

class BlasLibrary {
public:
    // The process's one OpenBLAS, loaded on first call with `threads` threads (later calls
    // keep the first count until set_threads). Never throws: check available().
    static BlasLibrary& get(int threads);

    bool available() const { return sgemm_ != nullptr; }
    // "OpenBLAS 0.3.21 …" (its configuration string), or why it is not available.
    const std::string& description() const { return description_; }
    void set_threads(int threads) const;
    // y = x · wᵀ, row-major: x is n × in, w is out × in, y is n × out. Only when available().
    void linear(const float* x, const float* w, float* y, int n, int in, int out) const;

private:
    explicit BlasLibrary(int threads);
    using Sgemm = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int);
    Sgemm sgemm_ = nullptr;
    void (*set_threads_)(int) = nullptr;
    std::string description_;
};

} // namespace es
