#include "window/startup_clock.h"

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace es::ui {
namespace {

// Fallback origin: static initialisation, before main().
const auto g_static_init = std::chrono::steady_clock::now();

// Field 22 of /proc/self/stat: start time in clock ticks after boot (CLOCK_BOOTTIME's origin).
double kernel_start_ms() {
    std::ifstream f("/proc/self/stat");
    std::string line;
    if (!std::getline(f, line)) return -1;
    const auto close = line.rfind(')');  // the command name may hold spaces
    if (close == std::string::npos) return -1;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22; ++i)
        if (!(rest >> field)) return -1;
    const long ticks = sysconf(_SC_CLK_TCK);
    return ticks > 0 ? std::stod(field) * 1000.0 / double(ticks) : -1;
}

} // namespace

double ms_since_process_start() {
    static const double start = kernel_start_ms();
    timespec now{};
    if (start >= 0 && clock_gettime(CLOCK_BOOTTIME, &now) == 0)
        return double(now.tv_sec) * 1000.0 + double(now.tv_nsec) / 1e6 - start;
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - g_static_init).count();
}

} // namespace es::ui
