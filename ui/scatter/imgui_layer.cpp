#include "scatter/imgui_layer.h"

#include "scatter/imgui_qt_input.h"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <QEvent>
#include <QFileInfo>

namespace es::ui {
namespace {

constexpr float kFontPx = 15.0f;
constexpr float kPresentationFontScale = 1.5f;
constexpr const char* kFontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

// Dear ImGui's light style, softened to sit on the plot's paper.
void apply_style() {
    ImGui::StyleColorsLight();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 6;
    s.FrameRounding = 4;
    s.GrabRounding = 4;
    s.WindowBorderSize = 1;
    s.WindowPadding = ImVec2(10, 8);
    s.ItemSpacing = ImVec2(8, 5);
    s.Colors[ImGuiCol_WindowBg] = ImVec4(1.0f, 1.0f, 1.0f, 0.90f);
    s.Colors[ImGuiCol_Border] = ImVec4(0.72f, 0.75f, 0.79f, 0.9f);
    s.Colors[ImGuiCol_TitleBg] = ImVec4(0.93f, 0.94f, 0.95f, 0.95f);
    s.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.88f, 0.90f, 0.93f, 0.95f);
    s.Colors[ImGuiCol_TitleBgCollapsed] = ImVec4(0.93f, 0.94f, 0.95f, 0.85f);
    s.Colors[ImGuiCol_Text] = ImVec4(0.09f, 0.11f, 0.14f, 1.0f);
}

} // namespace

ImGuiLayer::~ImGuiLayer() {
    // The GL objects must already be gone (shutdown() on aboutToBeDestroyed); only the CPU side remains.
    if (context_) ImGui::DestroyContext(context_);
}

bool ImGuiLayer::initialize(float dpr) {
    IMGUI_CHECKVERSION();
    context_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing written beside the user's files
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    io.BackendPlatformName = "embedscope-qt";
    ImGuiQtInput::installKeyMap(io);
    apply_style();
    // Rasterised at the device's resolution, drawn at logical size: sharp on high-DPI screens.
    // A second, larger face for presentation mode (a scaled-up raster would be blurred).
    dpr_ = dpr;
    ImFontConfig config;
    config.OversampleH = 2;
    const bool dejavu = QFileInfo::exists(kFontFile);
    for (float px : {kFontPx, kFontPx * kPresentationFontScale}) {
        ImFont* font = dejavu ? io.Fonts->AddFontFromFileTTF(kFontFile, px * dpr, &config) : nullptr;
        if (!font) {
            ImFontConfig fallback;
            fallback.SizePixels = 13.0f * px / kFontPx * dpr;
            font = io.Fonts->AddFontDefault(&fallback);
        }
        (px == kFontPx ? normal_font_ : large_font_) = font;
    }
    io.FontGlobalScale = 1.0f / dpr;
    io.FontDefault = scale_ > 1.0f ? large_font_ : normal_font_;
    if (!ImGui_ImplOpenGL3_Init("#version 330 core")) {
        ImGui::DestroyContext(context_);
        context_ = nullptr;
        return false;
    }
    clock_.start();
    return true;
}

void ImGuiLayer::shutdown() {
    if (!context_) return;
    ImGui::SetCurrentContext(context_);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext(context_);
    context_ = nullptr;
}

void ImGuiLayer::beginFrame(QSize size, float dpr) {
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(size.width()), float(size.height()));
    io.DisplayFramebufferScale = ImVec2(dpr, dpr);
    const qint64 ns = clock_.nsecsElapsed();
    clock_.restart();
    io.DeltaTime = std::max(float(double(ns) / 1e9), 1e-4f);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
}

void ImGuiLayer::endFrame() {
    ImGui::SetCurrentContext(context_);
    ImGui::Render();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

bool ImGuiLayer::feed(const QEvent* event) {
    if (!context_) return false;
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    if (!ImGuiQtInput::feed(io, event)) return false;
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::KeyRelease: return io.WantCaptureKeyboard;
    case QEvent::FocusIn:
    case QEvent::FocusOut:
    case QEvent::Leave: return false;
    default: return io.WantCaptureMouse;
    }
}

void ImGuiLayer::setScale(float scale) {
    scale_ = scale;
    if (!context_) return;
    ImGui::SetCurrentContext(context_);
    ImGui::GetIO().FontDefault = scale_ > 1.0f ? large_font_ : normal_font_;
}

bool ImGuiLayer::wantsMouse() const {
    if (!context_) return false;
    ImGui::SetCurrentContext(context_);
    return ImGui::GetIO().WantCaptureMouse;
}

} // namespace es::ui
