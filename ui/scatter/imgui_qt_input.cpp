#include "scatter/imgui_qt_input.h"

#include <imgui.h>

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

namespace es::ui {
namespace {

int imgui_key(int qt_key) {
    switch (qt_key) {
    case Qt::Key_Tab: return ImGuiKey_Tab;
    case Qt::Key_Left: return ImGuiKey_LeftArrow;
    case Qt::Key_Right: return ImGuiKey_RightArrow;
    case Qt::Key_Up: return ImGuiKey_UpArrow;
    case Qt::Key_Down: return ImGuiKey_DownArrow;
    case Qt::Key_PageUp: return ImGuiKey_PageUp;
    case Qt::Key_PageDown: return ImGuiKey_PageDown;
    case Qt::Key_Home: return ImGuiKey_Home;
    case Qt::Key_End: return ImGuiKey_End;
    case Qt::Key_Insert: return ImGuiKey_Insert;
    case Qt::Key_Delete: return ImGuiKey_Delete;
    case Qt::Key_Backspace: return ImGuiKey_Backspace;
    case Qt::Key_Space: return ImGuiKey_Space;
    case Qt::Key_Return: return ImGuiKey_Enter;
    case Qt::Key_Escape: return ImGuiKey_Escape;
    case Qt::Key_Enter: return ImGuiKey_KeyPadEnter;
    case Qt::Key_A: return ImGuiKey_A;
    case Qt::Key_C: return ImGuiKey_C;
    case Qt::Key_V: return ImGuiKey_V;
    case Qt::Key_X: return ImGuiKey_X;
    case Qt::Key_Y: return ImGuiKey_Y;
    case Qt::Key_Z: return ImGuiKey_Z;
    default: return -1;
    }
}

int imgui_button(Qt::MouseButton b) {
    switch (b) {
    case Qt::LeftButton: return 0;
    case Qt::RightButton: return 1;
    case Qt::MiddleButton: return 2;
    default: return -1;
    }
}

void set_modifiers(ImGuiIO& io, Qt::KeyboardModifiers m) {
    io.KeyCtrl = m & Qt::ControlModifier;
    io.KeyShift = m & Qt::ShiftModifier;
    io.KeyAlt = m & Qt::AltModifier;
    io.KeySuper = m & Qt::MetaModifier;
}

} // namespace

void ImGuiQtInput::installKeyMap(ImGuiIO& io) {
    for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = k;
}

bool ImGuiQtInput::feed(ImGuiIO& io, const QEvent* event) {
    switch (event->type()) {
    case QEvent::MouseMove:
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonDblClick:
    case QEvent::MouseButtonRelease: {
        const auto* e = static_cast<const QMouseEvent*>(event);
        io.MousePos = ImVec2(float(e->position().x()), float(e->position().y()));
        const int b = imgui_button(e->button());
        if (b >= 0 && event->type() != QEvent::MouseMove) io.MouseDown[b] = event->type() != QEvent::MouseButtonRelease;
        set_modifiers(io, e->modifiers());
        return true;
    }
    case QEvent::Leave:
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        return true;
    case QEvent::Wheel: {
        const auto* e = static_cast<const QWheelEvent*>(event);
        // Qt: 120 units per notch; ImGui: 1.0 per notch.
        io.MouseWheel += float(e->angleDelta().y()) / 120.0f;
        io.MouseWheelH += float(e->angleDelta().x()) / 120.0f;
        io.MousePos = ImVec2(float(e->position().x()), float(e->position().y()));
        return true;
    }
    case QEvent::KeyPress:
    case QEvent::KeyRelease: {
        const auto* e = static_cast<const QKeyEvent*>(event);
        const bool down = event->type() == QEvent::KeyPress;
        if (const int k = imgui_key(e->key()); k >= 0) io.KeysDown[k] = down;
        set_modifiers(io, e->modifiers());
        if (down && !e->text().isEmpty() && e->text().at(0).isPrint())
            io.AddInputCharactersUTF8(e->text().toUtf8().constData());
        return true;
    }
    case QEvent::FocusIn:
    case QEvent::FocusOut:
        io.AddFocusEvent(event->type() == QEvent::FocusIn);
        if (event->type() == QEvent::FocusOut) {
            for (bool& k : io.KeysDown) k = false;
            for (bool& b : io.MouseDown) b = false;
        }
        return true;
    default: return false;
    }
}

} // namespace es::ui
