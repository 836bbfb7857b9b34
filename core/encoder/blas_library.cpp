#include "encoder/blas_library.h"

#include "base/assertion.h"

#include <cstdlib>
#include <dlfcn.h>
#include <string>

namespace es {
namespace {

// CBLAS's enum values (cblas.h): fixed by the standard interface, so the header is not needed.
constexpr int kRowMajor = 101, kNoTrans = 111, kTrans = 112;

} // namespace

BlasLibrary& BlasLibrary::get(int threads) {
    static BlasLibrary library(threads);
    return library;
}

BlasLibrary::BlasLibrary(int threads) {
    // Read by OpenBLAS as it loads: it starts this many threads instead of one per core. An
    // explicit setting of the user's is kept.
    const std::string count = std::to_string(threads < 1 ? 1 : threads);
    setenv("OPENBLAS_NUM_THREADS", count.c_str(), 0);
    // EMBEDSCOPE_BLAS=none: Eigen's products only (the tests run the encoder both ways).
    const char* choice = std::getenv("EMBEDSCOPE_BLAS");
    if (choice && std::string(choice) == "none") {
        description_ = "Eigen's products (EMBEDSCOPE_BLAS=none)";
        return;
    }
    void* handle = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = dlerror();
        description_ = std::string("OpenBLAS not loaded (") + (why ? why : "libopenblas.so.0 not found") + "): Eigen's products";
        return;
    }
    sgemm_ = reinterpret_cast<Sgemm>(dlsym(handle, "cblas_sgemm"));
    set_threads_ = reinterpret_cast<void (*)(int)>(dlsym(handle, "openblas_set_num_threads"));
    auto config = reinterpret_cast<char* (*)()>(dlsym(handle, "openblas_get_config"));
    if (!sgemm_) {
        description_ = "OpenBLAS without cblas_sgemm: Eigen's products";
        return;
    }
    // "OpenBLAS 0.3.21 NO_AFFINITY Haswell MAX_THREADS=64": its name and version.
    description_ = config && config() ? config() : "OpenBLAS";
    const size_t second_space = description_.find(' ', description_.find(' ') + 1);
    if (second_space != std::string::npos) description_.resize(second_space);
}

void BlasLibrary::set_threads(int threads) const {
    if (set_threads_) set_threads_(threads < 1 ? 1 : threads);
}

void BlasLibrary::linear(const float* x, const float* w, float* y, int n, int in, int out) const {
    ES_ASSERT(sgemm_, "BlasLibrary::linear without OpenBLAS: check available()");
    sgemm_(kRowMajor, kNoTrans, kTrans, n, out, in, 1.0f, x, in, w, in, 0.0f, y, out);
}

} // namespace es
