// ScatterView's Dear ImGui windows: the HUD (counts, timings, the look's sliders), the legend
// (kept in exports) and the hovered word's tooltip.
#include "scatter/scatter_view.h"

#include "document/session.h"
#include "search/neighbours.h"
#include "style/colour_maps.h"
#include "style/theme.h"

#include <imgui.h>

#include <QLocale>

namespace es::ui {
namespace {

ImVec4 im_colour(const QColor& c, float alpha = 1.0f) { return ImVec4(float(c.redF()), float(c.greenF()), float(c.blueF()), alpha); }

// The points' rank ramp, for the legend.
QColor ramp_colour(float t) {
    const colour_maps::RgbF c = colour_maps::rankRamp(t);
    return QColor::fromRgbF(c.r, c.g, c.b);
}

} // namespace

void ScatterView::drawHud(double frame_ms) {
    const QLocale locale;
    ImGui::SetNextWindowPos(ImVec2(float(width()) - 12.0f, 12.0f), ImGuiCond_Always, ImVec2(1.0f, 0.0f));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoFocusOnAppearing;
    if (ImGui::Begin("View", nullptr, flags)) {
        ImGui::Text("points       %s", qPrintable(locale.toString(qulonglong(points_drawn_))));
        ImGui::Text("frame        %.1f ms", frame_ms);
        const QStringList axes = session_->axisLabels();
        ImGui::Text("projection   %s%s", three_d_ ? "3-D " : "2-D ",
                    session_->projection().kind == ProjectionSpec::Pca ? "PCA" : "custom axes");
        const auto ev = session_->explainedVariance();
        double total = 0;
        for (double v : ev) total += v;
        for (QString a : axes) ImGui::BulletText("%s", qPrintable(a.replace(QChar(0x2192), QLatin1String("->"))));  // ImGui's font is ASCII
        if (!ev.empty()) ImGui::Text("explained    %.1f %%", total * 100.0);
        ImGui::TextDisabled("%s", qPrintable(gl_renderer_));
        ImGui::TextDisabled("points by %s", pointsOnCpu() ? "the CPU" : "GL");
        ImGui::Separator();
        ImGui::PushItemWidth(140);
        float px = point_px_;
        if (ImGui::SliderFloat("point size", &px, 1.0f, 16.0f, "%.1f px")) setPointSize(px);
        float op = opacity_;
        if (ImGui::SliderFloat("opacity", &op, 0.05f, 1.0f, "%.2f")) setOpacity(op);
        int density = label_density_;
        if (ImGui::SliderInt("labels##density", &density, 0, 200)) setLabelDensity(density);
        ImGui::PopItemWidth();
        bool show = show_labels_;
        if (ImGui::Checkbox("labels", &show)) setLabelsShown(show);
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        labels_toggle_rect_ = QRectF(QPointF(a.x, a.y), QPointF(b.x, b.y));
        ImGui::SameLine();
        bool pres = presentation_;
        if (ImGui::Checkbox("presentation", &pres)) setPresentation(pres);
        ImGui::SameLine();
        if (ImGui::Button("fit")) fitToData();
    }
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    hud_rect_ = QRectF(pos.x, pos.y, size.x, size.y);
    hud_active_ = ImGui::IsAnyItemActive();
    ImGui::End();
}

void ScatterView::drawLegend(bool exporting) {
    if (session_->state() != Session::State::Ready) return;
    // Top left, clear of the y axis' tick values on screen.
    ImGui::SetNextWindowPos(ImVec2(exporting ? 12.0f : 64.0f, 12.0f), ImGuiCond_Always, ImVec2(0.0f, 0.0f));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoInputs;
    if (ImGui::Begin("Legend", nullptr, flags)) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float line = ImGui::GetTextLineHeight();
        auto swatch = [&](const QColor& fill, const QColor& ring, float r) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const ImVec2 c(p.x + line * 0.5f, p.y + line * 0.5f);
            if (fill.alpha() > 0) dl->AddCircleFilled(c, r, ImGui::ColorConvertFloat4ToU32(im_colour(fill, float(fill.alphaF()))));
            if (ring.alpha() > 0) dl->AddCircle(c, r, ImGui::ColorConvertFloat4ToU32(im_colour(ring)), 0, 2.0f);
            ImGui::Dummy(ImVec2(line, line));
            ImGui::SameLine();
        };
        const QLocale locale;
        switch (session_->colourBy()) {
        case Session::ColourBy::Rank: {
            ImGui::Text("%s words by frequency rank (log)", qPrintable(locale.toString(qulonglong(points_uploaded_))));
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float w = 180, bh = line * 0.7f;
            for (int i = 0; i < 30; ++i) {
                const ImU32 col = ImGui::ColorConvertFloat4ToU32(im_colour(ramp_colour(float(i) / 29.0f)));
                dl->AddRectFilled(ImVec2(p.x + w * float(i) / 30, p.y), ImVec2(p.x + w * float(i + 1) / 30 + 0.5f, p.y + bh), col);
            }
            ImGui::Dummy(ImVec2(w, bh));
            ImGui::Text("frequent");
            ImGui::SameLine(w - ImGui::CalcTextSize("rare").x + ImGui::GetStyle().WindowPadding.x);
            ImGui::Text("rare");
            break;
        }
        case Session::ColourBy::Selection: {
            QColor other = theme::point();
            other.setAlpha(255);
            swatch(theme::palette()[1], QColor(0, 0, 0, 0), line * 0.35f);
            ImGui::Text("selected");
            swatch(other, QColor(0, 0, 0, 0), line * 0.35f);
            ImGui::Text("not selected");
            break;
        }
        case Session::ColourBy::Metadata: {
            const QStringList cats = session_->colourCategories();
            ImGui::Text("%s", qPrintable(session_->colourColumn()));
            for (int i = 0; i < cats.size() && i < 8; ++i) {
                swatch(theme::palette()[size_t(i)], QColor(0, 0, 0, 0), line * 0.35f);
                ImGui::Text("%s", qPrintable(cats[i]));
            }
            if (cats.size() > 8) ImGui::TextDisabled("(%lld more share the colours)", static_cast<long long>(cats.size() - 8));
            break;
        }
        }
        ImGui::Separator();
        if (highlight_count_ > 0) {
            swatch(theme::highlight(), theme::highlightOutline(), line * 0.42f);
            ImGui::Text("the words of the text");
        }
        if (selection_count_ > 0) {
            swatch(theme::selection(), theme::highlightOutline(), line * 0.33f);
            ImGui::Text("selection (%d)", int(selection_count_));
        }
        if (search_count_ > 0) {
            swatch(QColor(0, 0, 0, 0), theme::search(), line * 0.33f);
            ImGui::Text("search matches (%s)", qPrintable(locale.toString(qlonglong(search_count_))));
        }
        if (!session_->contextualPoints().empty()) {
            swatch(theme::palette()[3], QColor(0, 0, 0, 0), line * 0.33f);
            ImGui::Text("the text in context, layer %d", session_->layer());
        }
        if (overlay_.analogy) {
            swatch(QColor(0, 0, 0, 0), theme::palette()[6], line * 0.4f);
            ImGui::Text("b - a + c lands here");
        }
    }
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    if (!exporting) legend_rect_ = QRectF(pos.x, pos.y, size.x, size.y);
    ImGui::End();
}

void ScatterView::drawTooltip() {
    if (!hovered_ || gesture_ != Gesture::None || session_->state() != Session::State::Ready) return;
    const uint32_t row = *hovered_;
    if (tooltip_row_ != hovered_) {
        tooltip_row_ = hovered_;
        tooltip_neighbours_.clear();
        for (const Neighbour& nb : session_->neighbours(row, 3)) tooltip_neighbours_.emplace_back(session_->word(nb.row), nb.score);
    }
    ImGui::BeginTooltip();
    ImGui::TextColored(im_colour(theme::hover()), "%s", qPrintable(session_->word(row)));
    ImGui::Text("frequency rank %s", qPrintable(QLocale().toString(qulonglong(row) + 1)));
    if (!tooltip_neighbours_.empty()) {
        ImGui::Separator();
        ImGui::TextDisabled("nearest (cosine, original space)");
        for (const auto& [w, s] : tooltip_neighbours_) ImGui::Text("%-16s %.3f", qPrintable(w), double(s));
    }
    ImGui::EndTooltip();
}

} // namespace es::ui
