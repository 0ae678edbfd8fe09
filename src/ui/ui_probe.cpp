#include "ui/ui_probe.hpp"

#include "ui/tab_order.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <system_error>

namespace infusion::ui {

std::filesystem::path probe_file_from_environment() {
    const char* file = std::getenv("INFUSIONDOC_UI_PROBE");  // NOLINT(concurrency-mt-unsafe): main thread only
    return file != nullptr ? std::filesystem::path(file) : std::filesystem::path{};
}

void write_probe(AppState& state, const std::filesystem::path& file) {
    // One record a line, fields separated by tabs (names and typed text hold no tab: ImGui's single-line
    // fields do not take one).
    std::filesystem::path temporary = file;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << "frame\t" << ImGui::GetFrameCount() << '\n';
        out << "focus\t" << focused_stop(state) << '\n';
        // A text field has the keyboard: what is typed now goes into it (ImGui drops characters otherwise).
        out << "typing\t" << (ImGui::GetIO().WantTextInput ? 1 : 0) << '\n';
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
    std::filesystem::rename(temporary, file, ignored);
    state.locations.rects.clear();
}

}  // namespace infusion::ui
