#include "base/data_paths.h"

#include <cstdlib>

namespace es {

std::string data_dir() {
    if (const char* d = std::getenv("EMBEDSCOPE_DATA"); d && *d) return d;
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return std::string(x) + "/embedscope";
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : ".") + "/.local/share/embedscope";
}

std::string default_table_path() { return data_dir() + "/glove-6b-100d.esv"; }

} // namespace es
