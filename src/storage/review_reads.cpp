// What a supervisor reads, on either backend (review_writes.hpp): the review queue and the nurses' "to
// correct" lists a page at a time, a patient's site history and what their other visits bill, the clinic
// overview and the audit report.
// Sections: 1. the queue  2. the nurses' corrections  3. site history  4. clinic overview  5. audit report
#include "core/wall_time.hpp"
#include "storage/keyset_list.hpp"
#include "storage/review_writes.hpp"
#include "storage/visit_rows.hpp"
#include "storage/worklist_state_sql.hpp"

#include <algorithm>
#include <map>

namespace infusion::storage::detail {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// ---- 1. the queue -------------------------------------------------------------------------------
// The queue is read one of three ways. On SQLite, which has no statistics, the way is chosen here
// rather than left to its planner (INDEXED BY, CROSS JOIN: SqlSession's hints): one patient's visits
// through visits_by_patient, a few days through visits_by_date, each then sorted by priority (tens to
// thousands of rows); anything else through review_state_queue, which is in the order shown, so LIMIT
// stops early and the first page of a million visits costs what the thousandth does. PostgreSQL gets the
// same joins without hints and plans them itself. What depends on today (days since, no follow-up) is
// computed for the rows read only.

// Up to this many days, reading them by date and sorting wins; beyond, walking the queue in priority
// order and skipping other days does (SQLite, 1,000,000 visits, 250 a day: one day 0.1 ms against 90 ms,
// 30 days 3.6 ms against 0.4 ms; docs/review.md).
constexpr int short_range_days = 21;

// Where the rows come from, and which columns the filters name so that the chosen index serves them.
struct Source {
    std::string from;
    const char* date;
    const char* patient;
};

Source queue_source(const SqlSession& db, const ReviewQueueFilter& filter) {
    const std::string join = std::string(" ") + db.join_in_order() + " ";
    const auto through_visits = [&](const char* index) {
        return Source{"visits v" + db.index_hint(index) + join + "review_state rs ON rs.visit_id = v.id" + join +
                          "patients p ON p.id = rs.patient_id",
                      "v.date_of_service", "v.patient_id"};
    };
    if (filter.patient_id) return through_visits("visits_by_patient");
    if (filter.from) {
        const auto last = filter.to ? *filter.to : filter.today;
        if (sys_days{last} - sys_days{*filter.from} <= days{short_range_days}) return through_visits("visits_by_date");
    }
    return Source{"review_state rs" + db.index_hint("review_state_queue") + join + "patients p ON p.id = rs.patient_id",
                  "rs.date_of_service", "rs.patient_id"};
}

// The priorities a row with any of `mask`'s stored flags can have (core's weights), highest first, as an
// SQL list: the index then seeks those priorities only and a rare flag costs a few seeks, not a scan.
// Generated numbers, never input.
std::string admissible_priorities(std::uint32_t mask) {
    std::string out;
    for (int p : core::review_priorities_with_any(mask)) out += (out.empty() ? "" : ",") + std::to_string(p);
    return out.empty() ? "-1" : out;
}

}  // namespace

ReviewQueuePage review_queue(SqlSession& db, const ReviewQueueFilter& filter) {
    const std::string cutoff = core::format_date(sys_days{filter.today} - days{std::max(0, filter.follow_up_days)});
    const Source source = queue_source(db, filter);
    // Built from fixed fragments and generated numbers only; every value from the caller is a bound parameter.
    KeysetList list(
        "SELECT rs.visit_id, rs.date_of_service, p.mrn, " +
        documented_name_sql("rs.visit_id", "(SELECT dv.current_revision FROM visits dv WHERE dv.id = rs.visit_id)",
                            "p.name") +
        ", rs.clinician, rs.flags, rs.priority, rs.state, "
        "EXISTS (SELECT 1 FROM site_care_notes n WHERE n.visit_id = rs.visit_id), "
        "EXISTS (SELECT 1 FROM correction_requests c WHERE c.visit_id = rs.visit_id AND "
        "c.resolved_revision IS NULL), "
        "(SELECT c.reason FROM correction_requests c WHERE c.visit_id = rs.visit_id AND c.resolved_revision IS NULL "
        "ORDER BY c.id DESC LIMIT 1), "
        "(SELECT c.requested_by FROM correction_requests c WHERE c.visit_id = rs.visit_id AND "
        "c.resolved_revision IS NULL ORDER BY c.id DESC LIMIT 1), "
        "(SELECT c.reason FROM correction_requests c WHERE c.visit_id = rs.visit_id AND c.resolved_revision IS NOT "
        "NULL ORDER BY c.id DESC LIMIT 1), "
        "(SELECT c.requested_by FROM correction_requests c WHERE c.visit_id = rs.visit_id AND "
        "c.resolved_revision IS NOT NULL ORDER BY c.id DESC LIMIT 1) "
        "FROM " +
        source.from + " WHERE rs.state = :state");
    list.bind(":state", to_string(filter.state));
    if (filter.patient_id) {
        list.where(std::string(source.patient) + " = (SELECT id FROM patients WHERE mrn = :patient)")
            .bind(":patient", *filter.patient_id);
    }
    if (filter.nurse) list.where("rs.clinician = :nurse").bind(":nurse", *filter.nurse);
    if (filter.from) list.where(std::string(source.date) + " >= :from").bind(":from", core::format_date(*filter.from));
    if (filter.to) list.where(std::string(source.date) + " <= :to").bind(":to", core::format_date(*filter.to));
    if (filter.flags != 0) {
        const std::uint32_t stored = filter.flags & ~core::review_flag::no_follow_up;
        if ((filter.flags & core::review_flag::no_follow_up) == 0) {
            list.where("rs.priority IN (" + admissible_priorities(stored) + ")");
        }
        std::string flagged = "((rs.flags & :mask) <> 0";
        if ((filter.flags & core::review_flag::no_follow_up) != 0) {
            flagged +=
                " OR (rs.date_of_service < :cutoff AND NOT EXISTS (SELECT 1 FROM site_care_notes n "
                "WHERE n.visit_id = rs.visit_id))";
            list.bind(":cutoff", cutoff);
        }
        list.where(flagged + ")").bind(":mask", static_cast<std::int64_t>(stored));
    }
    std::optional<std::vector<KeysetList::Value>> after;
    if (filter.after)
        after = {{std::int64_t{filter.after->priority}, filter.after->date, std::int64_t{filter.after->id}}};
    list.key({"rs.priority", "rs.date_of_service", "rs.visit_id"}).after(after).limit(filter.limit, 1000);
    ReviewQueuePage page;
    const bool more = list.read_page(db, page.rows, [&](const SqlRow& r) {
        ReviewQueueRow row;
        row.id = r.integer(0);
        row.date_of_service = core::parse_date(r.text(1));
        row.patient_id = r.text(2);
        row.patient_name = r.text(3);
        row.nurse = r.text(4);
        row.flags = static_cast<std::uint32_t>(r.integer(5));
        row.priority = static_cast<int>(r.integer(6));
        row.state = review_state_from_string(r.text(7)).value_or(ReviewState::pending);
        if (row.date_of_service) {
            row.days_since = static_cast<int>((sys_days{filter.today} - sys_days{*row.date_of_service}).count());
        }
        row.followed_up = r.integer(8) != 0;
        row.open_correction = r.integer(9) != 0;
        if (!r.is_null(10)) row.asked_reason = r.text(10);
        if (!r.is_null(11)) row.asked_by = r.text(11);
        if (!row.open_correction && !r.is_null(12)) {
            row.answered_reason = r.text(12);
            row.answered_by = r.text(13);
        }
        if (!row.followed_up && row.days_since > filter.follow_up_days) row.flags |= core::review_flag::no_follow_up;
        return row;
    });
    if (more) {
        const auto cursor = visit_cursor(page.rows.back());
        page.next = ReviewCursor{page.rows.back().priority, cursor.date, cursor.id};
    }
    return page;
}

// ---- 2. the nurses' corrections -----------------------------------------------------------------
namespace {
RequestHold request_hold(const SqlRow& r) {
    RequestHold hold{r.integer(0), r.text(1), r.text(2), r.text(3)};
    if (const auto day = r.opt_text(4)) hold.date = core::parse_date(*day);
    return hold;
}
}  // namespace

std::vector<RequestHold> open_request_holds(SqlSession& db, VisitId id) {
    std::vector<RequestHold> out;
    // The visit's own requests, and those of the patient's other visits of the date; and, for a visit an amendment
    // moved to another date, those of the date its exported lines went out under, whose reversals wait for them
    // (worklist_state_sql.hpp, earlier_date_waits_sql): `visits show` and the worklist said "held" with no reason.
    db.query(
        "SELECT cr.visit_id, cr.requested_by, cr.at, cr.reason, w.date_of_service, cr.id FROM visits v JOIN visits w "
        "ON w.patient_id = v.patient_id AND w.date_of_service = v.date_of_service JOIN correction_requests cr ON "
        "cr.visit_id = w.id AND cr.resolved_revision IS NULL WHERE v.id = ? "
        "UNION SELECT cr.visit_id, cr.requested_by, cr.at, cr.reason, w.date_of_service, cr.id FROM visits v JOIN "
        "export_items e ON e.visit_id = v.id AND e.kind = 'charge' AND e.revision < v.current_revision AND " +
            unreversed_sql("e") +
            " JOIN revisions r ON r.visit_id = e.visit_id AND r.number = e.revision JOIN visits w ON w.patient_id = "
            "v.patient_id AND w.date_of_service = r.date_of_service AND w.date_of_service <> v.date_of_service JOIN "
            "correction_requests cr ON cr.visit_id = w.id AND cr.resolved_revision IS NULL WHERE v.id = ? "
            "ORDER BY 6",
        {id, id}, [&](const SqlRow& r) { out.push_back(request_hold(r)); });
    return out;
}

std::vector<RequestHold> open_requests_of_date(SqlSession& db, const std::string& patient_mrn,
                                               std::chrono::year_month_day date) {
    std::vector<RequestHold> out;
    db.query(
        "SELECT cr.visit_id, cr.requested_by, cr.at, cr.reason, w.date_of_service FROM patients p JOIN visits w ON "
        "w.patient_id = p.id "
        "AND w.date_of_service = ? JOIN correction_requests cr ON cr.visit_id = w.id AND cr.resolved_revision IS NULL "
        "WHERE p.mrn = ? ORDER BY cr.id",
        {core::format_date(date), patient_mrn}, [&](const SqlRow& r) { out.push_back(request_hold(r)); });
    return out;
}

VisitPage open_corrections_for(SqlSession& db, const std::string& nurse, const VisitFilter& filter) {
    // Driven by the partial index of open requests (a handful), then sorted like the visit list.
    KeysetList list(visit_summary_select() +
                    "FROM (SELECT DISTINCT visit_id FROM correction_requests WHERE resolved_revision IS NULL) c " +
                    std::string(db.join_in_order()) +
                    " visits v ON v.id = c.visit_id "
                    "JOIN patients p ON p.id = v.patient_id WHERE v.clinician = :nurse");
    list.bind(":nurse", nurse);
    if (filter.patient_id) list.where("p.mrn = :patient").bind(":patient", *filter.patient_id);
    if (filter.status) list.where("v.status = :status").bind(":status", to_string(*filter.status));
    if (filter.signed_only) list.where("v.status <> 'draft'");
    if (filter.from) list.where("v.date_of_service >= :from").bind(":from", core::format_date(*filter.from));
    if (filter.to) list.where("v.date_of_service <= :to").bind(":to", core::format_date(*filter.to));
    list.key({"v.date_of_service", "v.id"}).after(visit_key(filter.after)).limit(filter.limit, 10'000);
    VisitPage page;
    if (list.read_page(db, page.rows, read_summary)) page.next = visit_cursor(page.rows.back());
    return page;
}

// ---- 3. site history ----------------------------------------------------------------------------
namespace {

constexpr const char* reaction_note_sql =
    "EXISTS (SELECT 1 FROM notes n WHERE n.visit_id = v.id AND n.revision = v.current_revision AND "
    "n.kind IN ('reaction', 'site-condition'))";

}  // namespace

SiteHistory site_history(SqlSession& db, const std::string& patient_id, int visits) {
    SiteHistory out;
    struct Seen {
        VisitId id;
        std::string date;
        int revision;
        bool reaction_note;
    };
    std::vector<Seen> seen;
    db.query(std::string("SELECT v.id, v.date_of_service, v.current_revision, ") + reaction_note_sql +
                 " FROM visits v WHERE v.patient_id = (SELECT id FROM patients WHERE mrn = ?) "
                 "AND v.status <> 'draft' ORDER BY v.date_of_service DESC, v.id DESC LIMIT ?",
             {patient_id, std::int64_t{std::clamp(visits, 1, 1000)}}, [&](const SqlRow& r) {
                 seen.push_back({r.integer(0), r.text(1), static_cast<int>(r.integer(2)), r.integer(3) != 0});
             });
    std::map<std::string, SiteStats> by_site;
    for (const Seen& v : seen) {
        TimelineVisit t;
        t.id = v.id;
        t.date = core::parse_date(v.date).value_or(year_month_day{});
        // A site-care note graded >= 1 counts for its site; one about the whole visit ("") for every site.
        std::vector<std::string> graded;
        db.query("SELECT location FROM site_care_notes WHERE visit_id = ? AND grade >= 1", {v.id},
                 [&](const SqlRow& r) { graded.push_back(r.text(0)); });
        t.reaction = v.reaction_note || !graded.empty();
        std::vector<std::string> counted;  // a site used twice at one visit has one reaction, not two
        db.query(
            "SELECT location, coalesce(aspiration, '') <> 'blood' FROM sites WHERE visit_id = ? AND revision = ? "
            "ORDER BY setup_ord, ord",
            {v.id, std::int64_t{v.revision}}, [&](const SqlRow& r) {
                TimelineSite site{r.text(0), r.integer(1) != 0};
                t.sites.push_back(site);
                if (!site.usable) return;
                SiteStats& stats = by_site[site.location];
                stats.location = site.location;
                ++stats.uses;
                if (stats.uses == 1) stats.last_date = t.date;  // newest first
                if (std::find(counted.begin(), counted.end(), site.location) != counted.end()) return;
                counted.push_back(site.location);
                const bool graded_here = std::any_of(graded.begin(), graded.end(), [&](const std::string& where) {
                    return where.empty() || where == site.location;
                });
                if (v.reaction_note || graded_here) ++stats.reactions;
            });
        out.visits.push_back(std::move(t));
    }
    for (auto& [location, stats] : by_site) out.sites.push_back(std::move(stats));
    std::stable_sort(out.sites.begin(), out.sites.end(),
                     [](const SiteStats& a, const SiteStats& b) { return a.uses > b.uses; });
    return out;
}

// What the patient's other signed visits bill near a date: the MUE per date of service (coding-rules.md 4).
std::vector<core::BilledElsewhere> billed_elsewhere(SqlSession& db, const std::string& patient_id, year_month_day from,
                                                    year_month_day to, std::optional<VisitId> except) {
    std::vector<core::BilledElsewhere> out;
    // The patient's visits of the range through visits_by_patient; a line's own date when it has one
    // (a facility line of an overnight infusion), else its visit's. A held visit bills nothing.
    db.query(
        "SELECT v.id, bl.code, r.setting, CASE WHEN bl.service_date <> '' THEN bl.service_date "
        "ELSE v.date_of_service END, bl.units FROM visits v "
        "JOIN revisions r ON r.visit_id = v.id AND r.number = v.current_revision "
        "JOIN billing_lines bl ON bl.visit_id = v.id AND bl.revision = v.current_revision "
        "WHERE v.patient_id = (SELECT id FROM patients WHERE mrn = ?) AND v.status <> 'draft' "
        "AND v.billable = 1 AND v.id <> ? AND v.date_of_service BETWEEN ? AND ? ORDER BY v.id, bl.ord",
        {patient_id, except.value_or(0), core::format_date(from), core::format_date(to)}, [&](const SqlRow& r) {
            const auto date = core::parse_date(r.text(3));
            if (!date) return;  // a line without a readable date is on no date's limit
            core::BilledElsewhere line;
            line.visit_id = r.integer(0);
            line.code = r.text(1);
            if (const auto setting = r.opt_text(2)) line.setting = core::setting_from_string(*setting);
            line.date = *date;
            line.units = static_cast<int>(r.integer(4));
            out.push_back(std::move(line));
        });
    return out;
}

// ---- 4. clinic overview -------------------------------------------------------------------------
namespace {

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

ClinicOverview clinic_overview(SqlSession& db, year_month_day from, year_month_day to) {
    ClinicOverview out;
    std::map<sys_days, WeekReactions> weeks;
    std::map<std::string, NurseCompleteness> nurses;  // by name, in byte order
    std::string last_date;
    WeekReactions* week = nullptr;
    // One pass over the visits of the range (visits_by_date), two key lookups per signed or amended one.
    db.query(
        "SELECT v.date_of_service, v.clinician, r.infusion_minutes, rs.flags FROM visits v "
        "JOIN revisions r ON r.visit_id = v.id AND r.number = v.current_revision "
        "JOIN review_state rs ON rs.visit_id = v.id "
        "WHERE v.status IN ('signed', 'amended') AND v.date_of_service BETWEEN ? AND ?",
        {core::format_date(from), core::format_date(to)}, [&](const SqlRow& r) {
            const std::string date = r.text(0);
            if (week == nullptr || date != last_date) {  // rows mostly come grouped by date: parse each once
                const auto parsed = core::parse_date(date);
                if (!parsed) return;
                const WeekReactions w = iso_week_of(*parsed);
                week = &weeks.try_emplace(sys_days{w.monday}, w).first->second;
                last_date = date;
            }
            const auto flags = static_cast<std::uint32_t>(r.integer(3));
            ++week->infusions;
            if ((flags & core::review_flag::reaction) != 0) ++week->reactions;
            if (const auto minutes = r.opt_int(2)) {
                if (*minutes > 360) {
                    ++out.lengths.over_six_hours;
                } else {
                    ++out.lengths.quarter_hours[static_cast<std::size_t>(std::clamp(*minutes / 15, 0, 23))];
                }
            } else {
                ++out.lengths.unknown;
            }
            NurseCompleteness& nurse = nurses[r.text(1)];
            ++nurse.visits;
            if ((flags & core::review_flag::checklist_gaps) == 0) ++nurse.complete;
        });
    for (auto& [monday, w] : weeks) out.weeks.push_back(w);
    for (auto& [name, n] : nurses) {
        n.nurse = name;
        out.nurses.push_back(std::move(n));
    }
    return out;
}

// ---- 5. audit report ----------------------------------------------------------------------------
namespace {

// The WHERE clause of a query from fixed fragments, its values in `params`.
std::string audit_where(const AuditReportQuery& query, std::vector<SqlValue>& params) {
    std::string where = " WHERE TRUE";
    const auto add = [&](const char* condition, SqlValue value) {
        where += condition;
        params.push_back(std::move(value));
    };
    if (query.from_at) add(" AND at >= ?", *query.from_at);
    if (query.to_at) add(" AND at < ?", *query.to_at);
    if (query.actor) add(" AND actor = ?", *query.actor);
    if (query.action) add(" AND action = ?", *query.action);
    if (query.visit_id) add(" AND visit_id = ?", std::int64_t{*query.visit_id});
    return where;
}

// Only these fixed orders, each ending on id so equal keys keep the log's order; names in byte order.
std::string audit_order(const SqlSession& db, AuditSort sort) {
    const std::string bytes = db.byte_order();
    switch (sort) {
        case AuditSort::oldest_first: return " ORDER BY at, id";
        case AuditSort::newest_first: return " ORDER BY at DESC, id DESC";
        case AuditSort::actor: return " ORDER BY actor" + bytes + ", id";
        case AuditSort::action: return " ORDER BY action" + bytes + ", id";
        case AuditSort::visit: return " ORDER BY visit_id IS NULL, visit_id, id";
    }
    return " ORDER BY at, id";
}

constexpr const char* audit_columns = "SELECT id, at, actor, action, visit_id, detail, hash FROM audit";

}  // namespace

AuditEntry audit_entry(const SqlRow& r) {
    AuditEntry e;
    e.id = r.integer(0);
    e.at = r.text(1);
    e.actor = r.text(2);
    e.action = r.text(3);
    if (!r.is_null(4)) e.visit_id = r.integer(4);
    e.detail = r.text(5);
    e.hash = r.text(6);
    return e;
}

AuditRowsStatement audit_rows_statement(const SqlSession& db, const AuditReportQuery& query) {
    AuditRowsStatement out;
    out.sql = audit_columns + audit_where(query, out.params) + audit_order(db, query.sort);
    return out;
}

AuditReportPage audit_report(SqlSession& db, const AuditReportQuery& query) {
    std::vector<SqlValue> params;
    const std::string where = audit_where(query, params);
    AuditReportPage page;
    db.query("SELECT count(*) FROM audit" + where, params, [&](const SqlRow& r) { page.total = r.integer(0); });
    params.emplace_back(std::int64_t{std::clamp(query.limit, 1, 100'000)});
    params.emplace_back(std::max<std::int64_t>(0, query.offset));
    db.query(audit_columns + where + audit_order(db, query.sort) + " LIMIT ? OFFSET ?", params,
             [&](const SqlRow& r) { page.rows.push_back(audit_entry(r)); });
    return page;
}

}  // namespace infusion::storage::detail
