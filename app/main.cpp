// One binary: no arguments (or only window options) → the window; a subcommand → the CLI.
#include "cli.h"
#ifdef EMBEDSCOPE_WITH_UI
#include "window/gui_main.h"
#endif
#include <cstdio>

#include <string>

int main(int argc, char** argv) {
    const std::string first = argc > 1 ? argv[1] : "";
    if (es::cli::is_subcommand(first) || first == "--help" || first == "-h" || first == "help" ||
        first == "--version" || first == "-V" || (!first.empty() && first[0] != '-'))
        return es::cli::run(argc, argv);
#ifdef EMBEDSCOPE_WITH_UI
    return es::ui::run_gui(argc, argv);
#else
    std::fprintf(stderr, "embedscope: this build has no window (configured with EMBEDSCOPE_BUILD_UI=OFF); see --help\n");
    return es::cli::kExitUsage;
#endif
}
