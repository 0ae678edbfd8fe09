#include "platform/style.hpp"

#include <imgui.h>

#include <algorithm>
#include <iterator>

namespace infusion::platform {

void apply_style(float scale) {
    ImGuiStyle& style = ImGui::GetStyle();
    ImVec4 colors[ImGuiCol_COUNT];
    std::copy(std::begin(style.Colors), std::end(style.Colors), std::begin(colors));

    ImGuiStyle fresh;  // ImGui's default sizes (and dark colours, replaced below by the current ones)
    // A fingertip covers about 7 mm (~26 px at 96 dpi): with 18 px text, 7 px above and below makes
    // a 32 px tall button. ImGui's defaults are FramePadding (4,3) and ItemSpacing (8,4).
    fresh.FramePadding = ImVec2(10.0f, 7.0f);
    fresh.ItemSpacing = ImVec2(10.0f, 8.0f);
    fresh.ItemInnerSpacing = ImVec2(8.0f, 6.0f);
    fresh.WindowPadding = ImVec2(12.0f, 12.0f);
    fresh.CellPadding = ImVec2(6.0f, 4.0f);
    // Hit areas reach a little past the drawn frame; less than half the spacing so neighbours never overlap.
    fresh.TouchExtraPadding = ImVec2(3.0f, 3.0f);
    fresh.ScrollbarSize = 20.0f;
    fresh.GrabMinSize = 16.0f;
    fresh.FrameRounding = 3.0f;
    fresh.GrabRounding = 3.0f;
    fresh.ScaleAllSizes(scale);

    std::copy(std::begin(colors), std::end(colors), std::begin(fresh.Colors));
    style = fresh;
}

}  // namespace infusion::platform
