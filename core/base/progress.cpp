#include "base/progress.h"
#include "base/error.h"

namespace es {

void Progress::report(float f) {
    fraction.store(f, std::memory_order_relaxed);
    if (cancel.load(std::memory_order_relaxed)) throw Cancelled();
}

} // namespace es
