// What a supervisor reads beyond one visit: a patient's site history, the clinic overview and the audit
// report. Sections: 1. site history  2. clinic overview  3. audit report
#include "core/wall_time.hpp"
#include "storage/sqlite_review_store.hpp"

#include <algorithm>
#include <map>

namespace infusion::storage::detail {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr const char* reaction_note_sql =
    "EXISTS (SELECT 1 FROM notes n WHERE n.visit_id = v.id AND n.revision = v.current_revision AND "
    "n.kind IN ('reaction', 'site-condition'))";

// ISO 8601 weeks start on Monday; a week belongs to the year of its Thursday.
WeekReactions iso_week_of(year_month_day date) {
    const sys_days day{date};
    const sys_days monday = day - days{std::chrono::weekday{day}.iso_encoding() - 1};
    const year_month_day thursday{monday + days{3}};
    const sys_days first{thursday.year() / std::chrono::January / 1};
    WeekReactions w;
    w.iso_year = static_cast<int>(thursday.year());
    w.iso_week = static_cast<unsigned>((sys_days{thursday} - first).count() / 7 + 1);
    w.monday = year_month_day{monday};
    return w;
}

}  // namespace

// ---- 1. site history ---------------------------------------------------------------------------
core::Result<SiteHistory> SqliteReviewStore::site_history(const std::string& patient_id, int visits) {
    try {
        SiteHistory out;
        struct Seen {
            VisitId id;
            std::string date;
            int revision;
            bool reaction_note;
        };
        std::vector<Seen> seen;
        {
            auto s_use =
                m_db.prepare(std::string("SELECT v.id, v.date_of_service, v.current_revision, ") + reaction_note_sql +
                             " FROM visits v WHERE v.patient_id = (SELECT id FROM patients WHERE mrn = ?) "
                             "AND v.status <> 'draft' ORDER BY v.date_of_service DESC, v.id DESC LIMIT ?");
            SQLite::Statement& s = *s_use;
            s.bind(1, patient_id), s.bind(2, std::clamp(visits, 1, 1000));
            while (s.executeStep()) {
                seen.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getInt(),
                                s.getColumn(3).getInt() != 0});
            }
        }
        auto sites_use = m_db.prepare(
            "SELECT location, aspiration IS NOT 'blood' FROM sites WHERE visit_id = ? AND revision = ? "
            "ORDER BY setup_ord, ord");
        auto care_use = m_db.prepare("SELECT location FROM site_care_notes WHERE visit_id = ? AND grade >= 1");
        std::map<std::string, SiteStats> by_site;
        for (const Seen& v : seen) {
            TimelineVisit t;
            t.id = v.id;
            t.date = core::parse_date(v.date).value_or(year_month_day{});
            // A site-care note graded >= 1 counts for its site; one about the whole visit ("") for every site.
            std::vector<std::string> graded;
            SQLite::Statement& care = *care_use;
            care.bind(1, v.id);
            while (care.executeStep()) graded.push_back(care.getColumn(0).getString());
            care.reset();
            t.reaction = v.reaction_note || !graded.empty();
            SQLite::Statement& sites = *sites_use;
            sites.bind(1, v.id), sites.bind(2, v.revision);
            std::vector<std::string> counted;  // a site used twice at one visit has one reaction, not two
            while (sites.executeStep()) {
                TimelineSite site{sites.getColumn(0).getString(), sites.getColumn(1).getInt() != 0};
                t.sites.push_back(site);
                if (!site.usable) continue;
                SiteStats& stats = by_site[site.location];
                stats.location = site.location;
                ++stats.uses;
                if (stats.uses == 1) stats.last_date = t.date;  // newest first
                if (std::find(counted.begin(), counted.end(), site.location) != counted.end()) continue;
                counted.push_back(site.location);
                const bool graded_here = std::any_of(graded.begin(), graded.end(), [&](const std::string& where) {
                    return where.empty() || where == site.location;
                });
                if (v.reaction_note || graded_here) ++stats.reactions;
            }
            sites.reset();
            out.visits.push_back(std::move(t));
        }
        for (auto& [location, stats] : by_site) out.sites.push_back(std::move(stats));
        std::stable_sort(out.sites.begin(), out.sites.end(),
                         [](const SiteStats& a, const SiteStats& b) { return a.uses > b.uses; });
        return out;
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the site history of patient " + patient_id, e, m_file);
    }
}

// ---- 2. clinic overview ------------------------------------------------------------------------
core::Result<ClinicOverview> SqliteReviewStore::clinic_overview(year_month_day from, year_month_day to) {
    try {
        // One pass over the signed visits of the range (visits_by_status), two key lookups per visit.
        auto s_use = m_db.prepare(
            "SELECT v.date_of_service, v.clinician, r.infusion_minutes, rs.flags FROM visits v "
            "JOIN revisions r ON r.visit_id = v.id AND r.number = v.current_revision "
            "JOIN review_state rs ON rs.visit_id = v.id "
            "WHERE v.status IN ('signed', 'amended') AND v.date_of_service BETWEEN ? AND ?");
        SQLite::Statement& s = *s_use;
        s.bind(1, core::format_date(from)), s.bind(2, core::format_date(to));
        ClinicOverview out;
        std::map<sys_days, WeekReactions> weeks;
        std::map<std::string, NurseCompleteness> nurses;
        std::string last_date;
        WeekReactions* week = nullptr;
        while (s.executeStep()) {
            const std::string date = s.getColumn(0).getString();
            if (week == nullptr || date != last_date) {  // rows come grouped by date: parse each date once
                const auto parsed = core::parse_date(date);
                if (!parsed) continue;
                const WeekReactions w = iso_week_of(*parsed);
                week = &weeks.try_emplace(sys_days{w.monday}, w).first->second;
                last_date = date;
            }
            const auto flags = static_cast<std::uint32_t>(s.getColumn(3).getInt64());
            ++week->infusions;
            if ((flags & core::review_flag::reaction) != 0) ++week->reactions;
            if (const auto minutes = column_int(s.getColumn(2))) {
                if (*minutes > 360) {
                    ++out.lengths.over_six_hours;
                } else {
                    ++out.lengths.quarter_hours[static_cast<std::size_t>(std::clamp(*minutes / 15, 0, 23))];
                }
            } else {
                ++out.lengths.unknown;
            }
            NurseCompleteness& nurse = nurses[s.getColumn(1).getString()];
            ++nurse.visits;
            if ((flags & core::review_flag::checklist_gaps) == 0) ++nurse.complete;
        }
        for (auto& [monday, w] : weeks) out.weeks.push_back(w);
        for (auto& [name, n] : nurses) {
            n.nurse = name;
            out.nurses.push_back(std::move(n));
        }
        return out;
    } catch (const std::exception& e) {
        return sqlite_error("cannot compute the clinic overview", e, m_file);
    }
}

// ---- 3. audit report ---------------------------------------------------------------------------
namespace {

// The WHERE clause of a query, from fixed fragments; bind_audit_filter binds its values.
std::string audit_where(const AuditReportQuery& query) {
    std::string where = " WHERE 1";
    if (query.from_at) where += " AND at >= :from";
    if (query.to_at) where += " AND at < :to";
    if (query.actor) where += " AND actor = :actor";
    if (query.action) where += " AND action = :action";
    if (query.visit_id) where += " AND visit_id = :visit";
    return where;
}

void bind_audit_filter(SQLite::Statement& s, const AuditReportQuery& query) {
    if (query.from_at) s.bind(":from", *query.from_at);
    if (query.to_at) s.bind(":to", *query.to_at);
    if (query.actor) s.bind(":actor", *query.actor);
    if (query.action) s.bind(":action", *query.action);
    if (query.visit_id) s.bind(":visit", *query.visit_id);
}

// Only these fixed orders, each ending on id so equal keys keep the log's order.
const char* audit_order(AuditSort sort) {
    switch (sort) {
        case AuditSort::oldest_first: return " ORDER BY at, id";
        case AuditSort::newest_first: return " ORDER BY at DESC, id DESC";
        case AuditSort::actor: return " ORDER BY actor, id";
        case AuditSort::action: return " ORDER BY action, id";
        case AuditSort::visit: return " ORDER BY visit_id IS NULL, visit_id, id";
    }
    return " ORDER BY at, id";
}

AuditEntry audit_entry(SQLite::Statement& s) {
    AuditEntry e;
    e.id = s.getColumn(0).getInt64();
    e.at = s.getColumn(1).getString();
    e.actor = s.getColumn(2).getString();
    e.action = s.getColumn(3).getString();
    if (!s.getColumn(4).isNull()) e.visit_id = s.getColumn(4).getInt64();
    e.detail = s.getColumn(5).getString();
    e.hash = s.getColumn(6).getString();
    return e;
}

constexpr const char* audit_columns = "SELECT id, at, actor, action, visit_id, detail, hash FROM audit";

}  // namespace

core::Result<AuditReportPage> SqliteReviewStore::audit_report(const AuditReportQuery& query) {
    try {
        const std::string where = audit_where(query);
        AuditReportPage page;
        {
            auto count_use = m_db.prepare("SELECT count(*) FROM audit" + where);
            SQLite::Statement& count = *count_use;
            bind_audit_filter(count, query);
            if (count.executeStep()) page.total = count.getColumn(0).getInt64();
        }
        auto s_use = m_db.prepare(audit_columns + where + audit_order(query.sort) + " LIMIT :limit OFFSET :offset");
        SQLite::Statement& s = *s_use;
        bind_audit_filter(s, query);
        s.bind(":limit", std::clamp(query.limit, 1, 100'000));
        s.bind(":offset", std::max<std::int64_t>(0, query.offset));
        while (s.executeStep()) page.rows.push_back(audit_entry(s));
        return page;
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the audit report", e, m_file);
    }
}

core::Status SqliteReviewStore::audit_rows(const AuditReportQuery& query,
                                           const std::function<bool(const AuditEntry&)>& row) {
    try {
        auto s_use = m_db.prepare(audit_columns + audit_where(query) + audit_order(query.sort));
        SQLite::Statement& s = *s_use;
        bind_audit_filter(s, query);
        while (s.executeStep()) {
            if (!row(audit_entry(s))) break;
        }
        return core::Done{};
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the audit log", e, m_file);
    }
}

}  // namespace infusion::storage::detail
