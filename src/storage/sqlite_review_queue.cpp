// The review queue and the nurses' "to correct" lists, a page at a time.
// The queue is read one of three ways, chosen here rather than left to the planner (which has no
// statistics): one patient's visits through visits_by_patient, a few days through visits_by_date, each
// then sorted by priority (tens to thousands of rows); anything else through review_state_queue, which
// is in the order shown, so LIMIT stops early and the first page of a million visits costs what the
// thousandth does. What depends on today (days since, no follow-up) is computed for the rows read only.
#include "core/wall_time.hpp"
#include "storage/sqlite_review_store.hpp"
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

// The priorities a row with any of `mask`'s stored flags can have, highest first, as an SQL list: the
// index then seeks those priorities only and a rare flag costs a few seeks, not a scan. Generated from
// 0..63, never from input.
std::string admissible_priorities(std::uint32_t mask) {
    std::vector<bool> seen(64, false);
    for (std::uint32_t flags = 0; flags < 128; ++flags) {
        if ((flags & mask) != 0) seen[static_cast<std::size_t>(review_priority(flags))] = true;
    }
    std::string out;
    for (int p = 63; p >= 0; --p) {
        if (seen[static_cast<std::size_t>(p)]) out += (out.empty() ? "" : ",") + std::to_string(p);
    }
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
        std::string sql =
            "SELECT rs.visit_id, rs.date_of_service, p.mrn, p.name, rs.clinician, rs.flags, rs.priority, rs.state, "
            "CAST(julianday(:today) - julianday(rs.date_of_service) AS INTEGER), "
            "EXISTS (SELECT 1 FROM site_care_notes n WHERE n.visit_id = rs.visit_id), "
            "EXISTS (SELECT 1 FROM correction_requests c WHERE c.visit_id = rs.visit_id AND "
            "c.resolved_revision IS NULL) "
            "FROM " +
            source.from + " WHERE rs.state = :state";
        if (filter.patient_id)
            sql += std::string(" AND ") + source.patient + " = (SELECT id FROM patients WHERE mrn = :patient)";
        if (filter.nurse) sql += " AND rs.clinician = :nurse";
        if (filter.from) sql += std::string(" AND ") + source.date + " >= :from";
        if (filter.to) sql += std::string(" AND ") + source.date + " <= :to";
        if (filter.flags != 0) {
            const std::uint32_t stored = filter.flags & ~review_flag::no_follow_up;
            if ((filter.flags & review_flag::no_follow_up) == 0) {
                sql += " AND rs.priority IN (" + admissible_priorities(stored) + ")";
            }
            sql += " AND ((rs.flags & :mask) <> 0";
            if ((filter.flags & review_flag::no_follow_up) != 0) {
                sql +=
                    " OR (rs.date_of_service < :cutoff AND NOT EXISTS (SELECT 1 FROM site_care_notes n "
                    "WHERE n.visit_id = rs.visit_id))";
            }
            sql += ")";
        }
        if (filter.after) {
            sql += " AND (rs.priority, rs.date_of_service, rs.visit_id) < (:after_priority, :after_date, :after_id)";
        }
        sql += " ORDER BY rs.priority DESC, rs.date_of_service DESC, rs.visit_id DESC LIMIT :limit";
        auto s_use = m_db.prepare(sql);
        SQLite::Statement& s = *s_use;
        s.bind(":today", today);
        s.bind(":state", to_string(filter.state));
        if (filter.patient_id) s.bind(":patient", *filter.patient_id);
        if (filter.nurse) s.bind(":nurse", *filter.nurse);
        if (filter.from) s.bind(":from", core::format_date(*filter.from));
        if (filter.to) s.bind(":to", core::format_date(*filter.to));
        if (filter.flags != 0) {
            s.bind(":mask", static_cast<std::int64_t>(filter.flags & ~review_flag::no_follow_up));
            if ((filter.flags & review_flag::no_follow_up) != 0) s.bind(":cutoff", cutoff);
        }
        if (filter.after) {
            s.bind(":after_priority", filter.after->priority);
            s.bind(":after_date", filter.after->date);
            s.bind(":after_id", filter.after->id);
        }
        const int limit = std::clamp(filter.limit, 1, 1000);
        s.bind(":limit", limit + 1);  // one more tells whether another page exists
        ReviewQueuePage page;
        std::string last_date;
        while (s.executeStep()) {
            if (static_cast<int>(page.rows.size()) == limit) {
                const auto& last = page.rows.back();
                page.next = ReviewCursor{last.priority, last_date, last.id};
                break;
            }
            ReviewQueueRow row;
            row.id = s.getColumn(0).getInt64();
            last_date = s.getColumn(1).getString();
            row.date_of_service = core::parse_date(last_date);
            row.patient_id = s.getColumn(2).getString();
            row.patient_name = s.getColumn(3).getString();
            row.nurse = s.getColumn(4).getString();
            row.flags = static_cast<std::uint32_t>(s.getColumn(5).getInt64());
            row.priority = s.getColumn(6).getInt();
            row.state = review_state_from_string(s.getColumn(7).getString()).value_or(ReviewState::pending);
            row.days_since = s.getColumn(8).getInt();
            row.followed_up = s.getColumn(9).getInt() != 0;
            row.open_correction = s.getColumn(10).getInt() != 0;
            if (!row.followed_up && row.days_since > filter.follow_up_days) row.flags |= review_flag::no_follow_up;
            page.rows.push_back(std::move(row));
        }
        return page;
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the review queue", e, m_file);
    }
}

core::Result<VisitPage> SqliteReviewStore::open_corrections_for(const std::string& nurse, const VisitFilter& filter) {
    try {
        // Driven by the partial index of open requests (a handful), then sorted like the visit list.
        std::string sql =
            "SELECT v.id, p.mrn, p.name, v.status, v.date_of_service, v.clinician, v.current_revision, "
            "v.infusion_minutes, v.billable, v.updated_at FROM (SELECT DISTINCT visit_id FROM correction_requests "
            "WHERE resolved_revision IS NULL) c CROSS JOIN visits v ON v.id = c.visit_id "
            "JOIN patients p ON p.id = v.patient_id WHERE v.clinician = :nurse";
        if (filter.patient_id) sql += " AND p.mrn = :patient";
        if (filter.status) sql += " AND v.status = :status";
        if (filter.signed_only) sql += " AND v.status <> 'draft'";
        if (filter.from) sql += " AND v.date_of_service >= :from";
        if (filter.to) sql += " AND v.date_of_service <= :to";
        if (filter.after) sql += " AND (v.date_of_service, v.id) < (:after_date, :after_id)";
        sql += " ORDER BY v.date_of_service DESC, v.id DESC LIMIT :limit";
        auto s_use = m_db.prepare(sql);
        SQLite::Statement& s = *s_use;
        s.bind(":nurse", nurse);
        if (filter.patient_id) s.bind(":patient", *filter.patient_id);
        if (filter.status) s.bind(":status", to_string(*filter.status));
        if (filter.from) s.bind(":from", core::format_date(*filter.from));
        if (filter.to) s.bind(":to", core::format_date(*filter.to));
        if (filter.after) {
            s.bind(":after_date", filter.after->date);
            s.bind(":after_id", filter.after->id);
        }
        const int limit = std::clamp(filter.limit, 1, 10'000);
        s.bind(":limit", limit + 1);
        VisitPage page;
        while (s.executeStep()) {
            if (static_cast<int>(page.rows.size()) == limit) {
                const auto& last = page.rows.back();
                page.next = PageCursor{last.date_of_service ? core::format_date(*last.date_of_service) : "", last.id};
                break;
            }
            page.rows.push_back(read_summary(s));
        }
        return page;
    } catch (const std::exception& e) {
        return sqlite_error("cannot list the visits to correct for " + nurse, e, m_file);
    }
}

}  // namespace infusion::storage::detail
