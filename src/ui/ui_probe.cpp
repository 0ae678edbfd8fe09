#include "ui/ui_probe.hpp"

#include "ui/tab_order.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <system_error>

namespace infusion::ui {

UiProbe UiProbe::from_environment() {
    UiProbe probe;
    const char* file = std::getenv("INFUSIONDOC_UI_PROBE");  // NOLINT(concurrency-mt-unsafe): main thread only
    if (file != nullptr) probe.m_file = file;
    return probe;
}

void UiProbe::frame_begins() {
    if (enabled()) m_characters += ImGui::GetIO().InputQueueCharacters.Size;
}

void UiProbe::write(AppState& state) {
    if (!enabled()) return;
    const ImGuiIO& io = ImGui::GetIO();
    std::filesystem::path temporary = m_file;
    temporary += ".tmp";
    {
        // One record a line, fields separated by tabs (names and typed text hold no tab: ImGui's
        // single-line fields do not take one).
        std::ofstream out(temporary, std::ios::trunc);
        out << "frame\t" << ImGui::GetFrameCount() << '\n';
        out << "keys";
        for (int key = 0; key < IM_ARRAYSIZE(io.KeysDown); ++key) {
            if (io.KeysDown[key]) out << '\t' << key;  // the backend's key codes (GLFW_KEY_*)
        }
        out << '\n';
        out << "mouse\t" << std::lround(io.MousePos.x) << '\t' << std::lround(io.MousePos.y) << '\t'
            << (io.MouseDown[0] ? 1 : 0) << '\n';
        out << "characters\t" << m_characters << '\n';
        // A text field has the keyboard: what is typed now goes into it (ImGui drops characters otherwise).
        out << "typing\t" << (io.WantTextInput ? 1 : 0) << '\n';
        out << "focus\t" << focused_stop(state) << '\n';
        for (const auto& [name, rect] : state.locations.rects) {
            out << "rect\t" << name << '\t' << std::lround(rect.min.x) << '\t' << std::lround(rect.min.y) << '\t'
                << std::lround(rect.max.x) << '\t' << std::lround(rect.max.y) << '\n';
        }
        for (const auto& [field, draft] : state.visit_screen.time_drafts) {
            out << "time\t" << field << '\t' << draft.text << '\t' << draft.message << '\n';
        }
        if (!out) return;  // a full disk: the old probe stays, and the test waiting on it times out
    }
    std::error_code ignored;
    std::filesystem::rename(temporary, m_file, ignored);
    state.locations.rects.clear();
}

}  // namespace infusion::ui
