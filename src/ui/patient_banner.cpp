#include "ui/patient_banner.hpp"

#include "platform/glyph_demand.hpp"

#include "core/catalog.hpp"
#include "core/codes.hpp"
#include "ui/widgets.hpp"

namespace infusion::ui {
namespace {

// Whole years from `born` to `today`.
int age_on(std::chrono::year_month_day born, std::chrono::year_month_day today) {
    int years = static_cast<int>(today.year()) - static_cast<int>(born.year());
    if (today.month() < born.month() || (today.month() == born.month() && today.day() < born.day())) --years;
    return years;
}

}  // namespace

bool names_an_allergy(const std::string& allergies) {
    std::string text{core::trim_blanks(allergies)};
    while (!text.empty() && (text.back() == '.' || text.back() == '!')) text.pop_back();
    for (const char* none : {"none", "none known", "no known allergies", "no known drug allergies", "nkda", "nka",
                             "no allergies", "none reported"}) {
        if (core::iequals(text, none)) return false;
    }
    return true;
}

std::string mrn_label(const std::string& id) {
    if (id.empty()) return "MRN -";
    const bool names_itself = id.size() >= 3 && (id[0] == 'M' || id[0] == 'm') && (id[1] == 'R' || id[1] == 'r') &&
                              (id[2] == 'N' || id[2] == 'n');
    return names_itself ? id : "MRN " + id;
}

void draw_patient_banner(AppState& state, const core::Patient& patient) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 pad(ImGui::GetStyle().FramePadding.x, ImGui::GetStyle().FramePadding.y * 0.6F);
    // The background is drawn after the text is laid out (its height depends on the wrap), underneath it.
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + pad.x, ImGui::GetCursorPosY() + pad.y));
    ImGui::BeginGroup();
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0F, 1.0F, 1.0F, 1.0F));
    ImGui::PushFont(state.fonts.large);
    // At most half the band: a very long name pushed the MRN, birth date and allergies off the window and
    // left an empty band 450 px tall (found from outside). Cut with "...", the whole name under the pointer.
    const std::string name = patient.name.empty() ? "(no name)" : patient.name;
    platform::note_text(name);  // drawn in the large face: Chinese, Japanese or Korean (platform/glyph_demand.hpp)
    platform::note_text(patient.allergies);
    const std::string shown = fit_to_width(name, (ImGui::GetContentRegionMax().x - ImGui::GetCursorPosX()) * 0.5F);
    ImGui::TextUnformatted(shown.c_str());
    ImGui::PopFont();
    if (shown != name && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", name.c_str());
    remember(state, "banner.name");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(mrn_label(patient.id).c_str());
    remember(state, "banner.mrn");
    ImGui::SameLine();
    if (patient.birth_date) {
        const auto today = state.today_date();  // the clinic's day, as on every screen
        ImGui::Text("born %s (%d y)", core::format_date(*patient.birth_date).c_str(),
                    age_on(*patient.birth_date, today));
    } else {
        ImGui::TextColored(ImVec4(0.80F, 0.84F, 0.92F, 1.0F), "birth date not recorded");
    }
    remember(state, "banner.born");
    // The allergies beside the rest when there is room for some words, else on their own line: wrapped into
    // a sliver they ran one letter a line.
    const float used = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
    if (ImGui::GetContentRegionMax().x - pad.x - used > ImGui::GetFontSize() * 14.0F) ImGui::SameLine();
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - pad.x);
    if (patient.allergies.empty()) {
        ImGui::TextColored(ImVec4(0.80F, 0.84F, 0.92F, 1.0F), "Allergies: none documented");
    } else if (!names_an_allergy(patient.allergies)) {
        ImGui::Text("Allergies: %s", patient.allergies.c_str());  // white, as the rest of the banner
    } else {
        ImGui::TextColored(ImVec4(1.0F, 0.62F, 0.55F, 1.0F), "Allergies: %s", patient.allergies.c_str());
    }
    ImGui::PopTextWrapPos();
    remember(state, "banner.allergies");
    ImGui::PopStyleColor();
    ImGui::EndGroup();
    const ImVec2 lo(ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMin().x, ImGui::GetItemRectMin().y - pad.y);
    const ImVec2 hi(ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x, ImGui::GetItemRectMax().y + pad.y);
    dl->ChannelsSetCurrent(0);
    // A deep blue band with white text: it reads as "who this is" on the dark and the light theme alike.
    dl->AddRectFilled(lo, hi, IM_COL32(24, 58, 110, 255), 4.0F);
    dl->AddRect(lo, hi, IM_COL32(90, 150, 230, 255), 4.0F, 0, 1.5F);
    dl->ChannelsMerge();
    ImGui::Dummy(ImVec2(0, pad.y));
}

}  // namespace infusion::ui
