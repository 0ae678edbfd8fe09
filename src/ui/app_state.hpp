#pragma once
// The one owner of what the screens show (hello_imgui's model): the session, the open visit and the
// small per-screen states. Widgets edit the visit through app::VisitEditor; derived data (lines,
// problems) is recomputed by app/ after each change and drawn read-only.
#include "app/visit_editor.hpp"
#include "app/visit_service.hpp"
#include "core/wall_time.hpp"
#include "platform/fonts.hpp"
#include "settings/config.hpp"
#include "storage/database.hpp"

#include <imgui.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace infusion::ui {

enum class Screen { today, visit };

// Where named widgets were last drawn, so headless tests can click them by name.
struct ItemRect {
    ImVec2 min;
    ImVec2 max;
    [[nodiscard]] ImVec2 center() const { return ImVec2((min.x + max.x) * 0.5F, (min.y + max.y) * 0.5F); }
};
struct ItemLocations {
    bool enabled = false;
    std::map<std::string, ItemRect> rects;  // only items visible on screen, as a person sees them
    std::string reveal;                     // scroll this item into view (a person scrolling to it)
};

struct TodayState {
    bool stale = true;  // reload the lists on the next frame
    std::string search;
    std::string searched;  // the text the matches are for
    std::vector<storage::VisitSummary> today;
    std::vector<storage::VisitSummary> open_drafts;  // drafts from earlier days: forgotten stops
    std::vector<storage::PatientSummary> matches;
    std::string error;
    // The "new visit" form.
    bool open_new_visit = false;
    std::string new_patient_id;
    std::string new_patient_name;
};

// Text being typed into a time field, kept until it reads as a time (the visit holds only valid times).
struct TimeDraft {
    std::string text;
    std::string message;   // why the text is not taken (the DST gap, a typo)
    bool editing = false;  // the field had keyboard focus last frame
};

struct VisitScreenState {
    int active_setup = 0;
    std::map<std::string, TimeDraft> time_drafts;  // by field path
    std::string focus_field;                       // a problem was clicked: bring this field into view
    bool confirm_sign = false;
    std::string action_error;
    std::string amend_reason;
    std::vector<app::SiteUse> recent_sites;
    // An ambiguous local time asks which one: field path and the two offsets.
    std::string dst_field;
    core::WallTime dst_time;
    std::chrono::minutes dst_first{0};
    std::chrono::minutes dst_second{0};
    bool open_dst_choice = false;
};

struct AppState {
    AppState(const settings::Config& config, storage::Database& database, std::string user);

    const settings::Config& config;
    storage::Database& database;
    app::VisitService service;
    std::string user;
    app::VisitEditor editor;

    Screen screen = Screen::today;
    TodayState today;
    VisitScreenState visit_screen;
    platform::Fonts fonts;
    ItemLocations locations;
    std::function<core::Instant()> now;  // the clock; tests set their own

    bool show_imgui_demo = false;
    bool show_imgui_metrics = false;

    // Opens a visit on the visit screen (audited view).
    void open_visit(storage::VisitId id);
    void go_today();
};

// Large enough for a gloved finger (about 9 mm at 96 dpi), scaled with the font.
[[nodiscard]] float touch_height();

}  // namespace infusion::ui
