#include "encoder/cpu_backend.h"

#include "base/error.h"
#include "encoder/blas_library.h"

#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace es {
namespace {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Map = Eigen::Map<Matrix>;
using ConstMap = Eigen::Map<const Matrix>;
using Stride = Eigen::OuterStride<>;
using StridedMap = Eigen::Map<Matrix, 0, Stride>;
using ConstStridedMap = Eigen::Map<const Matrix, 0, Stride>;

class CpuTensor final : public DeviceTensor {
public:
    CpuTensor(int64_t rows, int64_t cols) : DeviceTensor(rows, cols), data(size_t(rows * cols)) {}
    std::vector<float> data;
};

CpuTensor& cast(DeviceTensor& t) { return static_cast<CpuTensor&>(t); }
const CpuTensor& cast(const DeviceTensor& t) { return static_cast<const CpuTensor&>(t); }
Map map(DeviceTensor& t) { return Map(cast(t).data.data(), t.rows(), t.cols()); }
ConstMap map(const DeviceTensor& t) { return ConstMap(cast(t).data.data(), t.rows(), t.cols()); }

void require(bool ok, const char* op) {
    if (!ok) throw Error(std::string("cpu backend: ") + op + ": tensor shapes do not match");
}

// Runs fn(begin, end) over [0, n) in `parts` contiguous pieces, one per thread.
template <class Fn>
void parallel(int parts, int64_t n, int64_t grain, Fn&& fn) {
    parts = int(std::clamp<int64_t>(n / std::max<int64_t>(grain, 1), 1, parts));
    if (parts <= 1) {
        fn(int64_t(0), n);
        return;
    }
    std::vector<std::thread> pool;
    const int64_t step = (n + parts - 1) / parts;
    for (int p = 1; p < parts; ++p) {
        int64_t b = p * step, e = std::min(n, b + step);
        if (b < e) pool.emplace_back([&fn, b, e] { fn(b, e); });
    }
    fn(int64_t(0), std::min(n, step));
    for (auto& t : pool) t.join();
}

} // namespace

CpuBackend::CpuBackend(int threads) : threads_(std::max(1, threads)) {
    Eigen::setNbThreads(1);
    BlasLibrary::get(threads_).set_threads(threads_);
}

std::string CpuBackend::device() const {
    const std::string& blas = BlasLibrary::get(threads_).description();
    return "Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
           std::to_string(EIGEN_MINOR_VERSION) + " + " + blas + ", " + std::to_string(threads_) + " threads";
}

TensorPtr CpuBackend::tensor(int64_t rows, int64_t cols) { return std::make_unique<CpuTensor>(rows, cols); }

void CpuBackend::upload(DeviceTensor& t, const float* data) {
    std::copy(data, data + t.size(), cast(t).data.begin());
}

void CpuBackend::download(const DeviceTensor& t, float* data) {
    std::copy(cast(t).data.begin(), cast(t).data.end(), data);
}

// The one op where OpenBLAS measured faster than Eigen here (about 1.6× on BERT-base's
// products with 2 threads), called directly: EIGEN_USE_BLAS would swap the product kernels of
// every translation unit that shares Eigen's templates, not this backend's alone.
void CpuBackend::linear(const DeviceTensor& x, const DeviceTensor& w, const DeviceTensor* b, DeviceTensor& y) {
    require(x.cols() == w.cols() && y.rows() == x.rows() && y.cols() == w.rows() && (!b || b->size() == w.rows()),
            "linear");
    const int64_t n = x.rows(), in = x.cols(), out = w.rows();
    const BlasLibrary& blas = BlasLibrary::get(threads_);
    if (blas.available())
        blas.linear(cast(x).data.data(), cast(w).data.data(), cast(y).data.data(), int(n), int(in), int(out));
    else
        map(y).noalias() = map(x) * map(w).transpose();
    if (b) map(y).rowwise() += map(*b).row(0);
}

void CpuBackend::copy(const DeviceTensor& a, DeviceTensor& y) {
    require(a.rows() == y.rows() && a.cols() == y.cols(), "copy");
    cast(y).data = cast(a).data;
}

void CpuBackend::add(const DeviceTensor& a, DeviceTensor& y) {
    require(a.rows() == y.rows() && a.cols() == y.cols(), "add");
    map(y) += map(a);
}

void CpuBackend::layer_norm(const DeviceTensor& x, const DeviceTensor& gamma, const DeviceTensor& beta, float eps,
                            DeviceTensor& y) {
    require(gamma.size() == x.cols() && beta.size() == x.cols() && y.rows() == x.rows() && y.cols() == x.cols(),
            "layer_norm");
    auto xm = map(x);
    auto ym = map(y);
    auto g = map(gamma).row(0).array(), bb = map(beta).row(0).array();
    for (int64_t r = 0; r < x.rows(); ++r) {
        auto row = xm.row(r).array();
        const float mean = row.mean();
        const float var = (row - mean).square().mean();
        ym.row(r).array() = (row - mean) * (1.0f / std::sqrt(var + eps)) * g + bb;
    }
}

void CpuBackend::rms_norm(const DeviceTensor& x, const DeviceTensor& gamma, float eps, DeviceTensor& y) {
    require(gamma.size() == x.cols() && y.rows() == x.rows() && y.cols() == x.cols(), "rms_norm");
    auto xm = map(x);
    auto ym = map(y);
    auto g = map(gamma).row(0).array();
    for (int64_t r = 0; r < x.rows(); ++r) {
        auto row = xm.row(r).array();
        ym.row(r).array() = row * (1.0f / std::sqrt(row.square().mean() + eps)) * g;
    }
}

void CpuBackend::gelu(DeviceTensor& x, Gelu kind) {
    float* p = cast(x).data.data();
    parallel(threads_, x.size(), 1 << 15, [&](int64_t b, int64_t e) {
        Eigen::Map<Eigen::ArrayXf> a(p + b, e - b);
        if (kind == Gelu::Erf) {
            a = 0.5f * a * (1.0f + (a * float(M_SQRT1_2)).erf());
        } else {
            const float k = std::sqrt(2.0f / float(M_PI));
            a = 0.5f * a * (1.0f + (k * (a + 0.044715f * a.cube())).tanh());
        }
    });
}

void CpuBackend::silu_mul(const DeviceTensor& gate, DeviceTensor& up) {
    require(gate.rows() == up.rows() && gate.cols() == up.cols(), "silu_mul");
    const float* g = cast(gate).data.data();
    float* u = cast(up).data.data();
    parallel(threads_, up.size(), 1 << 15, [&](int64_t b, int64_t e) {
        Eigen::Map<const Eigen::ArrayXf> ga(g + b, e - b);
        Eigen::Map<Eigen::ArrayXf> ua(u + b, e - b);
        ua *= ga / (1.0f + (-ga).exp());
    });
}

void CpuBackend::rope(DeviceTensor& x, int64_t heads, const DeviceTensor& cos, const DeviceTensor& sin) {
    const int64_t half = cos.cols();
    require(cos.rows() == x.rows() && sin.rows() == x.rows() && sin.cols() == half && x.cols() == heads * 2 * half,
            "rope");
    const float* c = cast(cos).data.data();
    const float* s = cast(sin).data.data();
    float* p = cast(x).data.data();
    for (int64_t r = 0; r < x.rows(); ++r)
        for (int64_t h = 0; h < heads; ++h) {
            float* v = p + r * x.cols() + h * 2 * half;
            for (int64_t i = 0; i < half; ++i) {
                const float a = v[i], b = v[i + half], cc = c[r * half + i], ss = s[r * half + i];
                v[i] = a * cc - b * ss;
                v[i + half] = b * cc + a * ss;
            }
        }
}

void CpuBackend::attention_scores(const DeviceTensor& q, const DeviceTensor& k, const AttentionShape& s,
                                  DeviceTensor& scores) {
    const int64_t n = s.tokens, hd = s.head_dim, group = s.heads / s.kv_heads;
    require(q.rows() == n && k.rows() == n && q.cols() == s.heads * hd && k.cols() == s.kv_heads * hd &&
                scores.rows() == s.heads * n && scores.cols() == n,
            "attention_scores");
    const float* qp = cast(q).data.data();
    const float* kp = cast(k).data.data();
    float* sp = cast(scores).data.data();
    parallel(threads_, s.heads, 1, [&](int64_t h0, int64_t h1) {
        for (int64_t h = h0; h < h1; ++h) {
            ConstStridedMap qm(qp + h * hd, n, hd, Stride(q.cols()));
            ConstStridedMap km(kp + (h / group) * hd, n, hd, Stride(k.cols()));
            Map sm(sp + h * n * n, n, n);
            sm.noalias() = (qm * km.transpose()) * s.scale;
            if (s.causal)
                for (int64_t i = 0; i < n; ++i)
                    for (int64_t j = i + 1; j < n; ++j) sm(i, j) = -std::numeric_limits<float>::infinity();
        }
    });
}

void CpuBackend::softmax_rows(DeviceTensor& x) {
    float* p = cast(x).data.data();
    const int64_t cols = x.cols();
    parallel(threads_, x.rows(), 64, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            Eigen::Map<Eigen::ArrayXf> row(p + r * cols, cols);
            row = (row - row.maxCoeff()).exp();
            row /= row.sum();
        }
    });
}

void CpuBackend::attention_context(const DeviceTensor& probs, const DeviceTensor& v, const AttentionShape& s,
                                   DeviceTensor& out) {
    const int64_t n = s.tokens, hd = s.head_dim, group = s.heads / s.kv_heads;
    require(probs.rows() == s.heads * n && probs.cols() == n && v.rows() == n && v.cols() == s.kv_heads * hd &&
                out.rows() == n && out.cols() == s.heads * hd,
            "attention_context");
    const float* pp = cast(probs).data.data();
    const float* vp = cast(v).data.data();
    float* op = cast(out).data.data();
    parallel(threads_, s.heads, 1, [&](int64_t h0, int64_t h1) {
        for (int64_t h = h0; h < h1; ++h) {
            ConstMap pm(pp + h * n * n, n, n);
            ConstStridedMap vm(vp + (h / group) * hd, n, hd, Stride(v.cols()));
            StridedMap om(op + h * hd, n, hd, Stride(out.cols()));
            om.noalias() = pm * vm;
        }
    });
}

} // namespace es
