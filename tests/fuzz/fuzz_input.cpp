#include "fuzz_input.h"

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace es::fuzz {

const std::string& scratch_folder() {
    // Never destroyed: the atexit handler that removes it runs after static destructors would.
    static const std::string& folder = *new std::string([] {
        const char* tmp = std::getenv("TMPDIR");
        std::filesystem::path p = std::filesystem::path(tmp && *tmp ? tmp : "/tmp") /
                                  ("embedscope-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(p);
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(scratch_folder(), ec);
        });
        return p.string();
    }());
    return folder;
}

std::string scratch_file(const std::string& name, std::string_view bytes) {
    const std::string path = scratch_folder() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
        std::abort();
    }
    return path;
}

std::pair<std::string_view, std::string_view> split_at_ff(std::string_view in) {
    const size_t at = in.find('\xFF');
    if (at == std::string_view::npos) return {in, {}};
    return {in.substr(0, at), in.substr(at + 1)};
}

} // namespace es::fuzz
