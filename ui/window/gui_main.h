// The window's entry point: app/main.cpp calls it when the first argument is absent or an
// option. Handles --vectors PATH | --model DIR|builtin, --session FILE, --view NAME, --text TEXT,
// --screenshot OUT.png, --size WxH (DESIGN.md "Command line").
// --screenshot writes the window as it shows once the data is loaded, the session restored and
// the view drawn; exit 0, or 1 with one line on stderr when the PNG cannot be written, the
// session file is unreadable or the source could not be opened (the picture, with the window's
// message about the data, is still written then). Bad usage: exit 2 with one line.
#pragma once

namespace es::ui {

int run_gui(int argc, char** argv);

} // namespace es::ui
