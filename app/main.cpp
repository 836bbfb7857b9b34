// One binary: no arguments (or only window options) → the window; a subcommand → the CLI.
#include "cli.h"
#include "gui_main.h"

#include <string>

int main(int argc, char** argv) {
    const std::string first = argc > 1 ? argv[1] : "";
    if (es::cli::is_subcommand(first) || first == "--help" || first == "-h" || first == "help" ||
        first == "--version" || first == "-V" || (!first.empty() && first[0] != '-'))
        return es::cli::run(argc, argv);
    return es::ui::run_gui(argc, argv);
}
