// Properties a panel sets on its dock for whoever arranges the docks (the window reads them;
// panels never know the window).
#pragma once

namespace es::ui {

// Set while the dock's panel has nothing to show (the Layer dock without an encoder): a dock put
// away by a full-width view then stays hidden when the docks come back.
inline constexpr const char* kDockHasNothingToShow = "esDockHasNothingToShow";

} // namespace es::ui
