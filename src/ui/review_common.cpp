// Sections: 1. the role check  2. flags  3. dates and titles
#include "ui/review_common.hpp"

#include "core/time_entry.hpp"
#include "ui/screen_registry.hpp"
#include "ui/widgets.hpp"

#include <imgui_stdlib.h>

namespace infusion::ui {

// ---- 1. the role check -------------------------------------------------------------------------
const app::Acting* supervisor_or_refusal(AppState& state, const char* what) {
    const app::Session* session = state.acting ? state.acting->session() : nullptr;
    // The registry's gate (screen_registry.cpp) decides; this stays for a screen drawn without it.
    if (session != nullptr && may_open(state, state.screen)) return &*state.acting;
    // Audited through app/ like every refused permission, but once per screen: this runs every frame.
    if (session != nullptr && state.refusal_audited != state.screen) {
        state.refusal_audited = state.screen;
        (void)state.acting->require(app::Role::supervisor, std::string("open ") + what);
    }
    ImGui::PushFont(state.fonts.large);
    ImGui::TextColored(error_colour(), "Not available");
    ImGui::PopFont();
    remember(state, "review.refused");
    ImGui::PushTextWrapPos(0.0F);
    if (session == nullptr) {
        ImGui::Text("The %s is for a signed-in supervisor. Create user accounts first.", what);
    } else {
        ImGui::Text(
            "The %s is for supervisors. %s does not hold the supervisor role; the attempt is recorded in "
            "the audit log.",
            what, session->username.c_str());
    }
    ImGui::PopTextWrapPos();
    // Back to her own start screen: Today would refuse a biller in turn.
    if (big_button(state, "< Back", "review.refused.back")) go_to(state, start_screen(state));
    return nullptr;
}

// ---- 2. flags ----------------------------------------------------------------------------------
namespace f = core::review_flag;

// The names, meanings and order are core's (core/review_flags.hpp): one list for every screen.
std::span<const core::ReviewFlagInfo> review_flags() { return core::review_flag_table; }

void draw_flag_words(std::uint32_t flags) {
    bool first = true;
    for (const auto& flag : review_flags()) {
        if ((flags & flag.bit) == 0) continue;
        if (!first) ImGui::SameLine(0.0F, ImGui::GetFontSize() * 0.6F);
        first = false;
        // Patient safety first (red), then what is missing from the record (orange).
        const bool safety = (flag.bit & (f::reaction | f::blood_return)) != 0;
        ImGui::TextColored(safety ? error_colour() : warning_colour(), "%s", flag.name);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", flag.meaning);
    }
    if (first) ImGui::TextColored(muted_colour(), "none");
}

// ---- 3. dates and titles -----------------------------------------------------------------------
std::optional<std::chrono::year_month_day> parse_day(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return core::parse_date(text);
}

DayRange parse_day_range(const std::string& from, const std::string& to, bool required) {
    DayRange out;
    const auto one = [&](const char* name, const std::string& text, std::optional<std::chrono::year_month_day>& day) {
        if (!out.error.empty()) return;
        if (text.empty()) {
            if (required) out.error = std::string("\"") + name + "\": write a day as YYYY-MM-DD";
            return;
        }
        day = parse_day(text);
        if (!day) {
            out.error = std::string("\"") + name + "\": '" + text +
                        "' is not a day of the calendar; write it as YYYY-MM-DD, e.g. 2026-03-02";
        }
    };
    one("from", from, out.from);
    one("to", to, out.to);
    if (out.error.empty() && out.from && out.to && *out.to < *out.from) {
        out.error = "\"to\" (" + to + ") is before \"from\" (" + from + "): no day is between them";
    }
    return out;
}

bool day_field(AppState& state, const char* hint, std::string& text, const std::string& name) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.5F);
    const bool changed =
        ImGui::InputTextWithHint(("##" + name).c_str(), hint, &text, ImGuiInputTextFlags_AutoSelectAll);
    remember(state, name);
    if (!text.empty() && !core::parse_date(text) && !ImGui::IsItemActive() && ImGui::IsItemHovered()) {
        ImGui::SetTooltip("Write the day as YYYY-MM-DD");
    }
    return changed;
}

void review_title(AppState& state, const char* title) {
    ImGui::PushFont(state.fonts.large);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
}

std::string clinic_stamp(const AppState& state, const std::string& at) {
    return core::format_stamp(at, state.clinic.settings().time_zone);
}

std::string utc_text(const std::string& at, bool with_zone) {
    if (at.size() != 20 || at[10] != 'T' || at.back() != 'Z') return at;
    return at.substr(0, 10) + " " + at.substr(11, 8) + (with_zone ? " UTC" : "");
}

std::string day_text(const std::optional<std::chrono::year_month_day>& day) {
    return day ? core::format_date(*day) : std::string("-");
}

std::string revision_name(int number) { return number == 0 ? "original" : "amendment " + std::to_string(number); }
std::string revision_phrase(int number) { return number == 0 ? "the original" : revision_name(number); }

}  // namespace infusion::ui
