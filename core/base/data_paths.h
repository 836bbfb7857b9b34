// Where Embedscope keeps its data (DESIGN.md: $EMBEDSCOPE_DATA, else $XDG_DATA_HOME/embedscope,
// else ~/.local/share/embedscope).
#pragma once
#include <string>

namespace es {

std::string data_dir();
std::string default_table_path();  // data_dir()/glove-6b-100d.esv
// The command that fetches and converts the default data, for messages.
inline constexpr const char* kSetupCommand = "./scripts/setup";

} // namespace es
