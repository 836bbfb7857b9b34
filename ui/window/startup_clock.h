// Milliseconds since this process started (the kernel's start time where it is known, so the
// figure includes loading the shared libraries), for the launch-to-first-frame measurement.
#pragma once

namespace es::ui {

double ms_since_process_start();

} // namespace es::ui
