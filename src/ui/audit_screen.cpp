// Sections: 1. queries and pages  2. filters and verify  3. the table  4. the screen
#include "ui/audit_screen.hpp"

#include "ui/review_common.hpp"
#include "ui/widgets.hpp"

#include <imgui_stdlib.h>

#include <charconv>

namespace infusion::ui {
namespace {

constexpr std::int64_t page_rows = 200;
constexpr std::size_t pages_kept = 16;  // about 3,000 rows around the screen

// ---- 1. queries and pages ----------------------------------------------------------------------
std::optional<app::AuditQuery> query_of(AuditScreenState& a) {
    app::AuditQuery q;
    const DayRange days = parse_day_range(a.from, a.to, false);
    if (!days.error.empty()) {
        a.error = days.error;
        return std::nullopt;
    }
    q.from = days.from;
    q.to = days.to;
    if (!a.actor.empty()) q.actor = a.actor;
    if (!a.action.empty()) q.action = a.action;
    if (!a.visit.empty()) {
        storage::VisitId id = 0;
        const auto [end, ec] = std::from_chars(a.visit.data(), a.visit.data() + a.visit.size(), id);
        if (ec != std::errc{} || end != a.visit.data() + a.visit.size()) {
            a.error = "The visit is a number";
            return std::nullopt;
        }
        q.visit = id;
    }
    q.sort = a.sort;
    q.limit = static_cast<int>(page_rows);
    return q;
}

// Reads page `page`; page 0 is the report itself (audited by ReviewService), the rest is scrolling.
bool read_page(AppState& state, const app::Acting& who, std::int64_t page) {
    auto& a = state.audit;
    auto query = query_of(a);
    if (!query) return false;
    query->offset = page * page_rows;
    auto loaded = state.clinic.audit().report(who, *query);
    if (!loaded) {
        a.error = loaded.error().describe();
        return false;
    }
    a.total = loaded.value().total;
    a.pages[page] = std::move(loaded.value().rows);
    // Forget the pages farthest from this one: memory stays bounded however far one scrolls.
    while (a.pages.size() > pages_kept) {
        const auto first = a.pages.begin()->first;
        const auto last = a.pages.rbegin()->first;
        a.pages.erase(page - first > last - page ? first : last);
    }
    return true;
}

void reload(AppState& state, const app::Acting& who) {
    auto& a = state.audit;
    a.stale = false;
    a.error.clear();
    // A verification is of the log as it was: "all 815 rows" stood over a report of a longer log (found from
    // outside). "Verify chain" again says it of the log as it is.
    a.verified.reset();
    a.pages.clear();
    a.total = 0;
    (void)read_page(state, who, 0);
}

const storage::AuditEntry* row_at(AppState& state, const app::Acting& who, std::int64_t index) {
    auto& a = state.audit;
    const std::int64_t page = index / page_rows;
    auto it = a.pages.find(page);
    if (it == a.pages.end()) {
        if (!a.error.empty() || !read_page(state, who, page)) return nullptr;
        it = a.pages.find(page);
    }
    const auto offset = static_cast<std::size_t>(index % page_rows);
    return offset < it->second.size() ? &it->second[offset] : nullptr;
}

// ---- 2. filters and verify ---------------------------------------------------------------------
void draw_filters(AppState& state, const app::Acting& who) {
    auto& a = state.audit;
    // Each report is audited, so it runs on Enter or "Show", not on every key typed.
    bool run = false;
    const auto field = [&](const char* hint, std::string& text, const char* name, float ems) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * ems);
        // All of it selected on a click: a date clicked into took the typed one inside it (found from outside).
        run |= ImGui::InputTextWithHint(("##" + std::string(name)).c_str(), hint, &text,
                                        ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
        remember(state, name);
    };
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("from");
    field("YYYY-MM-DD", a.from, "audit.from", 6.5F);
    ImGui::SameLine();
    ImGui::TextUnformatted("to");
    field("YYYY-MM-DD", a.to, "audit.to", 6.5F);
    field("person", a.actor, "audit.actor", 6.5F);
    field("action", a.action, "audit.action", 6.5F);
    field("visit", a.visit, "audit.visit", 4.5F);
    ImGui::SameLine();
    run |= ImGui::Button("Show");
    remember(state, "audit.show");
    if (run) a.stale = true;
    // Beside Show when it fits, else under it: at 1024 wide it was cut at the window's edge (found from outside).
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x * 2.0F + ImGui::CalcTextSize("Verify chain").x +
            ImGui::GetStyle().FramePadding.x * 2.0F <=
        ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) {
        ImGui::SameLine();
    }
    if (ImGui::Button("Verify chain")) {
        auto report = state.clinic.audit().verify(who, state.clinic.audit().read_chain());
        if (!report) {
            a.error = report.error().describe();
        } else {
            a.verified = std::move(report.value());
        }
    }
    remember(state, "audit.verify");
    if (a.verified) {
        const auto& v = *a.verified;
        if (v.ok) {
            ImGui::TextColored(ok_colour(), "Chain intact: all %lld audit rows verified, nothing changed or removed.",
                               static_cast<long long>(v.audit_rows));
        } else {
            ImGui::TextColored(error_colour(), "Chain BROKEN: tell the clinic's IT person.");
            for (const auto& finding : v.findings) ImGui::BulletText("%s", finding.c_str());
        }
        remember(state, "audit.verified");
    }
}

// ---- 3. the table ------------------------------------------------------------------------------
storage::AuditSort sort_of(const ImGuiTableColumnSortSpecs& spec) {
    switch (spec.ColumnIndex) {
        case 1: return storage::AuditSort::actor;
        case 2: return storage::AuditSort::action;
        case 3: return storage::AuditSort::visit;
        default:
            return spec.SortDirection == ImGuiSortDirection_Descending ? storage::AuditSort::newest_first
                                                                       : storage::AuditSort::oldest_first;
    }
}

void draw_table(AppState& state, const app::Acting& who) {
    auto& a = state.audit;
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                      ImGuiTableFlags_Sortable | ImGuiTableFlags_SizingStretchProp |
                                      ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("audit", 5, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
    const float em = ImGui::GetFontSize();
    ImGui::TableSetupScrollFreeze(0, 1);
    // Time sorts both ways; the others one way (storage orders by them, then by row id).
    ImGui::TableSetupColumn("At",
                            ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort |
                                ImGuiTableColumnFlags_PreferSortDescending,
                            em * 10.5F);
    ImGui::TableSetupColumn("Person", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSortDescending,
                            em * 7.0F);
    ImGui::TableSetupColumn("Action", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSortDescending,
                            em * 8.0F);
    ImGui::TableSetupColumn("Visit", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSortDescending,
                            em * 4.0F);
    ImGui::TableSetupColumn("Detail", ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoSort);
    // The header row by hand (what TableHeadersRow does) so tests can click a header by name.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c < 5; ++c) {
        ImGui::TableSetColumnIndex(c);
        ImGui::TableHeader(ImGui::TableGetColumnName(c));
        remember(state, "audit.sort." + std::to_string(c));
    }
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs != nullptr && specs->SpecsDirty) {
        if (specs->SpecsCount > 0 && sort_of(specs->Specs[0]) != a.sort) {
            a.sort = sort_of(specs->Specs[0]);
            reload(state, who);
        }
        specs->SpecsDirty = false;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(a.total));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const storage::AuditEntry* e = row_at(state, who, i);
            ImGui::TableNextRow();
            if (e == nullptr) continue;
            ImGui::PushID(static_cast<int>(e->id));
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(clinic_stamp(state, e->at).c_str());
            remember(state, "audit.row." + std::to_string(e->id));
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Row %lld, hash %s", static_cast<long long>(e->id), e->hash.c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(e->actor.c_str());
            ImGui::TableSetColumnIndex(2);
            const bool refused = e->action == "refused";
            if (refused) {
                ImGui::TextColored(error_colour(), "%s", e->action.c_str());
            } else {
                ImGui::TextUnformatted(e->action.c_str());
            }
            ImGui::TableSetColumnIndex(3);
            if (e->visit_id) ImGui::Text("%lld", static_cast<long long>(*e->visit_id));
            ImGui::TableSetColumnIndex(4);
            // Cut with "..." and whole under the pointer: a correction request's reason ran off the window's edge
            // (found from outside). Rows stay one line tall, which the clipper needs.
            fitted_text(e->detail);
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

}  // namespace

// ---- 4. the screen -----------------------------------------------------------------------------
void draw_audit_screen(AppState& state) {
    const app::Acting* who = supervisor_or_refusal(state, "audit report");
    if (who == nullptr) return;
    auto& a = state.audit;
    if (a.from.empty() && a.to.empty() && a.stale) {
        const auto today = std::chrono::sys_days{state.today_date()};
        a.from = core::format_date(today - std::chrono::days{6});
        a.to = core::format_date(today);
    }
    if (a.stale) reload(state, *who);
    review_title(state, "Audit report");
    draw_filters(state, *who);
    if (!a.error.empty()) {
        ImGui::TextColored(error_colour(), "%s", a.error.c_str());
    } else {
        ImGui::Text("%lld row%s", static_cast<long long>(a.total), a.total == 1 ? "" : "s");
        remember(state, "audit.count");
    }
    draw_table(state, *who);
}

}  // namespace infusion::ui
