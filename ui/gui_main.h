// The window's entry point: app/main.cpp calls it when the first argument is absent or an
// option. Handles --vectors PATH, --text TEXT, --screenshot OUT.png, --size WxH.
// --screenshot writes the window as it shows once the data is loaded and drawn; exit 0, or 1
// with one line on stderr when the PNG cannot be written or the table could not be opened
// (the picture, with the window's message about the table, is still written then).
#pragma once

namespace es::ui {

int run_gui(int argc, char** argv);

} // namespace es::ui
