// The review queue and the nurses' "to correct" lists, a page at a time.
// The queue is read one of three ways, chosen here rather than left to the planner (which has no
// statistics): one patient's visits through visits_by_patient, a few days through visits_by_date, each
// then sorted by priority (tens to thousands of rows); anything else through review_state_queue, which
// is in the order shown, so LIMIT stops early and the first page of a million visits costs what the
// thousandth does. What depends on today (days since, no follow-up) is computed for the rows read only.
#include "core/wall_time.hpp"
#include "storage/keyset_list.hpp"
#include "storage/sqlite_review_store.hpp"
#include "storage/sqlite_session.hpp"
#include "storage/visit_rows.hpp"

#include <algorithm>

namespace infusion::storage::detail {
namespace {

// Up to this many days, reading them by date and sorting wins; beyond, walking the queue in priority
// order and skipping other days does (1,000,000 visits, 250 a day: one day 0.1 ms against 90 ms, 30 days
// 3.6 ms against 0.4 ms; docs/review.md).
constexpr int short_range_days = 21;

// Where the rows come from, and which columns the filters name so that the chosen index serves them.
struct Source {
    std::string from;
    const char* date;
    const char* patient;
};

Source queue_source(const ReviewQueueFilter& filter) {
    const auto through_visits = [](const char* index) {
        return Source{std::string("visits v INDEXED BY ") + index +
                          " CROSS JOIN review_state rs ON rs.visit_id = v.id CROSS JOIN patients p ON p.id = "
                          "rs.patient_id",
                      "v.date_of_service", "v.patient_id"};
    };
    if (filter.patient_id) return through_visits("visits_by_patient");
    if (filter.from) {
        const auto last = filter.to ? *filter.to : filter.today;
        if (std::chrono::sys_days{last} - std::chrono::sys_days{*filter.from} <= std::chrono::days{short_range_days}) {
            return through_visits("visits_by_date");
        }
    }
    return Source{"review_state rs INDEXED BY review_state_queue CROSS JOIN patients p ON p.id = rs.patient_id",
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

core::Result<ReviewQueuePage> SqliteReviewStore::review_queue(const ReviewQueueFilter& filter) {
    try {
        const std::string today = core::format_date(filter.today);
        const std::string cutoff = core::format_date(std::chrono::sys_days{filter.today} -
                                                     std::chrono::days{std::max(0, filter.follow_up_days)});
        const Source source = queue_source(filter);
        // CROSS JOIN keeps the chosen source the outer loop. Built from fixed fragments and generated numbers
        // only; every value from the caller is a bound parameter.
        KeysetList list(
            "SELECT rs.visit_id, rs.date_of_service, p.mrn, p.name, rs.clinician, rs.flags, rs.priority, rs.state, "
            "CAST(julianday(:today) - julianday(rs.date_of_service) AS INTEGER), "
            "EXISTS (SELECT 1 FROM site_care_notes n WHERE n.visit_id = rs.visit_id), "
            "EXISTS (SELECT 1 FROM correction_requests c WHERE c.visit_id = rs.visit_id AND "
            "c.resolved_revision IS NULL) "
            "FROM " +
            source.from + " WHERE rs.state = :state");
        list.bind(":today", today).bind(":state", to_string(filter.state));
        if (filter.patient_id) {
            list.where(std::string(source.patient) + " = (SELECT id FROM patients WHERE mrn = :patient)")
                .bind(":patient", *filter.patient_id);
        }
        if (filter.nurse) list.where("rs.clinician = :nurse").bind(":nurse", *filter.nurse);
        if (filter.from)
            list.where(std::string(source.date) + " >= :from").bind(":from", core::format_date(*filter.from));
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
        const bool more = list.read_page(m_db, page.rows, [&](SQLite::Statement& s) {
            ReviewQueueRow row;
            row.id = s.getColumn(0).getInt64();
            row.date_of_service = core::parse_date(s.getColumn(1).getString());
            row.patient_id = s.getColumn(2).getString();
            row.patient_name = s.getColumn(3).getString();
            row.nurse = s.getColumn(4).getString();
            row.flags = static_cast<std::uint32_t>(s.getColumn(5).getInt64());
            row.priority = s.getColumn(6).getInt();
            row.state = review_state_from_string(s.getColumn(7).getString()).value_or(ReviewState::pending);
            row.days_since = s.getColumn(8).getInt();
            row.followed_up = s.getColumn(9).getInt() != 0;
            row.open_correction = s.getColumn(10).getInt() != 0;
            if (!row.followed_up && row.days_since > filter.follow_up_days)
                row.flags |= core::review_flag::no_follow_up;
            return row;
        });
        if (more) {
            const auto cursor = visit_cursor(page.rows.back());
            page.next = ReviewCursor{page.rows.back().priority, cursor.date, cursor.id};
        }
        return page;
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the review queue", e, m_file);
    }
}

core::Result<VisitPage> SqliteReviewStore::open_corrections_for(const std::string& nurse, const VisitFilter& filter) {
    try {
        // Driven by the partial index of open requests (a handful), then sorted like the visit list.
        KeysetList list(
            "SELECT v.id, p.mrn, p.name, v.status, v.date_of_service, v.clinician, v.current_revision, "
            "v.infusion_minutes, v.billable, v.updated_at FROM (SELECT DISTINCT visit_id FROM correction_requests "
            "WHERE resolved_revision IS NULL) c CROSS JOIN visits v ON v.id = c.visit_id "
            "JOIN patients p ON p.id = v.patient_id WHERE v.clinician = :nurse");
        list.bind(":nurse", nurse);
        if (filter.patient_id) list.where("p.mrn = :patient").bind(":patient", *filter.patient_id);
        if (filter.status) list.where("v.status = :status").bind(":status", to_string(*filter.status));
        if (filter.signed_only) list.where("v.status <> 'draft'");
        if (filter.from) list.where("v.date_of_service >= :from").bind(":from", core::format_date(*filter.from));
        if (filter.to) list.where("v.date_of_service <= :to").bind(":to", core::format_date(*filter.to));
        list.key({"v.date_of_service", "v.id"}).after(visit_key(filter.after)).limit(filter.limit, 10'000);
        VisitPage page;
        if (list.read_page(m_db, page.rows, [](SQLite::Statement& s) { return read_summary(SqliteRow(s)); }))
            page.next = visit_cursor(page.rows.back());
        return page;
    } catch (const std::exception& e) {
        return sqlite_error("cannot list the visits to correct for " + nurse, e, m_file);
    }
}

}  // namespace infusion::storage::detail
