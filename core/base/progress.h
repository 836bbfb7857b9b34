// Progress and cancellation for long core operations (loads, conversions). A worker thread
// calls report(); the UI polls fraction() and sets cancel. Never blocks.
#pragma once
#include <atomic>

namespace es {

struct Progress {
    std::atomic<float> fraction{0.0f};  // 0..1
    std::atomic<bool> cancel{false};

    // Updates the fraction; throws es::Cancelled when cancellation was asked for.
    void report(float f);
};

} // namespace es
