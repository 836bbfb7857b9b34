// Forwards Qt's mouse, wheel, key, text and focus events to the current Dear ImGui context,
// through ImGui 1.86's legacy input API (io.MousePos, io.MouseDown[], io.MouseWheel,
// io.KeysDown[] with io.KeyMap[]). Positions are in logical (device-independent) pixels.
#pragma once

class QEvent;
struct ImGuiIO;

namespace es::ui {

class ImGuiQtInput {
public:
    // Fills io.KeyMap: the index of each ImGuiKey_ in io.KeysDown is the ImGuiKey_ value itself.
    static void installKeyMap(ImGuiIO& io);
    // Updates `io` from `event` when it is an input event; returns true when it was one.
    static bool feed(ImGuiIO& io, const QEvent* event);
};

} // namespace es::ui
