// The review flags stored with each signed revision, and the queue's cache built from them.
// Sections: 1. the queue row  2. signing  3. another threshold  4. migration 9's backfill
//
// What a flag means, its weight and how it is computed are core's (core/review_flags.hpp). SQL here only
// moves stored numbers: the flags come from revision_flags, the priority from core::review_priority, and
// the long-infusion flag under the queue's threshold from core::with_long_infusion_threshold.
#include "storage/review_flag_rows.hpp"

#include "storage/audit_chain.hpp"
#include "storage/sqlite_session.hpp"

#include <stdexcept>
#include <utility>
#include <vector>

namespace infusion::storage::detail {
namespace {

// ---- 1. the queue row --------------------------------------------------------------------------
// Signed and waiting, countersigned, or sent back: what the review record says (db check compares the
// same, seal_check.cpp). Countersigned is the current revision: an amendment since is waiting again.
constexpr const char* state_sql =
    "CASE WHEN EXISTS (SELECT 1 FROM correction_requests c WHERE c.visit_id = v.id AND c.resolved_revision IS NULL) "
    "THEN 'correction' WHEN EXISTS (SELECT 1 FROM countersignatures cs WHERE cs.visit_id = v.id "
    "AND cs.revision = v.current_revision) THEN 'countersigned' ELSE 'pending' END";

// What a visit's queue row is made from: its current revision's stored flags, before the queue's threshold.
struct ReviewRow {
    std::string date, clinician;
    std::int64_t patient = 0;
    std::uint32_t stored_flags = 0;
    std::optional<int> minutes;
    std::string state;
};

}  // namespace

core::ReviewSettings queue_review_settings(SqlSession& db) {
    core::ReviewSettings out;
    db.query("SELECT long_infusion_minutes FROM review_threshold WHERE id = 1", {},
             [&](const SqlRow& r) { out.long_infusion_minutes = static_cast<int>(r.integer(0)); });
    return out;
}

core::ReviewSettings queue_review_settings(Connection& db) {
    SqliteSession session(db);
    return queue_review_settings(session);
}

namespace {

void write_review_row(SqlSession& db, VisitId id, const ReviewRow& row) {
    const std::uint32_t flags =
        core::with_long_infusion_threshold(row.stored_flags, row.minutes, queue_review_settings(db));
    db.exec(
        "INSERT INTO review_state(visit_id, date_of_service, clinician, patient_id, flags, priority, state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(visit_id) DO UPDATE SET date_of_service = excluded.date_of_service, "
        "clinician = excluded.clinician, patient_id = excluded.patient_id, flags = excluded.flags, "
        "priority = excluded.priority, state = excluded.state",
        {id, row.date, row.clinician, row.patient, std::int64_t{flags}, std::int64_t{core::review_priority(flags)},
         row.state});
}

}  // namespace

void rebuild_review_row(SqlSession& db, VisitId id) {
    std::optional<ReviewRow> read;
    bool flags_stored = true;
    db.query(std::string("SELECT v.date_of_service, v.clinician, v.patient_id, f.flags, r.infusion_minutes, ") +
                 state_sql +
                 " FROM visits v JOIN revisions r ON r.visit_id = v.id AND r.number = v.current_revision "
                 "LEFT JOIN revision_flags f ON f.visit_id = v.id AND f.revision = v.current_revision "
                 "WHERE v.id = ? AND v.status <> 'draft'",
             {id}, [&](const SqlRow& r) {
                 flags_stored = !r.is_null(3);
                 read = ReviewRow{r.text(0),    r.text(1),
                                  r.integer(2), flags_stored ? static_cast<std::uint32_t>(r.integer(3)) : 0U,
                                  r.opt_int(4), r.text(5)};
             });
    if (!read) return;  // a draft is not reviewed
    // Every signed revision stores its flags (signing, migration 9): a row missing is damage to report.
    if (!flags_stored) {
        throw std::runtime_error("visit " + std::to_string(id) + " has no stored review flags for its signed revision");
    }
    write_review_row(db, id, *read);
}

// ---- 2. signing --------------------------------------------------------------------------------
namespace {

void insert_revision_flags(SqlSession& db, VisitId id, int revision, const core::SignedReview& review) {
    db.exec(
        "INSERT INTO revision_flags(visit_id, revision, flags, long_infusion_minutes) VALUES (?, ?, ?, ?)",
        {id, std::int64_t{revision}, std::int64_t{review.flags}, std::int64_t{review.settings.long_infusion_minutes}});
}

}  // namespace

void store_revision_flags(SqlSession& db, VisitId id, int revision, const core::SignedReview& review) {
    insert_revision_flags(db, id, revision, review);
    rebuild_review_row(db, id);
}

void store_revision_flags(SqlSession& db, const SignedDraft& visit, const core::SignedReview& review) {
    insert_revision_flags(db, visit.id, 0, review);
    write_review_row(
        db, visit.id,
        {visit.date_of_service, visit.clinician, visit.patient, review.flags, visit.infusion_minutes, "pending"});
}

// ---- 3. another threshold ----------------------------------------------------------------------
std::int64_t apply_queue_review_settings(SqlSession& db, const core::ReviewSettings& settings) {
    // Read first, then write: every visit in the queue with its infusion time (one pass over review_state).
    std::vector<std::pair<VisitId, std::uint32_t>> changed;
    db.query(
        "SELECT rs.visit_id, rs.flags, r.infusion_minutes FROM review_state rs "
        "JOIN visits v ON v.id = rs.visit_id JOIN revisions r ON r.visit_id = v.id AND r.number = v.current_revision",
        {}, [&](const SqlRow& r) {
            const auto flags = static_cast<std::uint32_t>(r.integer(1));
            const auto now = core::with_long_infusion_threshold(flags, r.opt_int(2), settings);
            if (now != flags) changed.emplace_back(r.integer(0), now);
        });
    for (const auto& [id, flags] : changed) {
        db.exec("UPDATE review_state SET flags = ?, priority = ? WHERE visit_id = ?",
                {std::int64_t{flags}, std::int64_t{core::review_priority(flags)}, id});
    }
    db.exec("UPDATE review_threshold SET long_infusion_minutes = ? WHERE id = 1",
            {std::int64_t{settings.long_infusion_minutes}});
    return static_cast<std::int64_t>(changed.size());
}

// ---- 4. migration 9's backfill -----------------------------------------------------------------
namespace {

using Key = std::pair<std::int64_t, int>;  // (visit_id, revision)

// One of the content tables read in key order, so the backfill is three ordered passes, not a query per
// revision (a million visits: seconds, not minutes).
class OrderedRows {
public:
    OrderedRows(SQLite::Database& db, const char* sql) : m_s(db, sql) { m_more = m_s.executeStep(); }
    // Steps past the rows before `key`; true while the current row is one of `key`'s.
    bool at(const Key& key) {
        while (m_more && current() < key) m_more = m_s.executeStep();
        return m_more && current() == key;
    }
    SQLite::Statement& row() { return m_s; }
    void next() { m_more = m_s.executeStep(); }

private:
    [[nodiscard]] Key current() { return {m_s.getColumn(0).getInt64(), m_s.getColumn(1).getInt()}; }
    SQLite::Statement m_s;
    bool m_more = false;
};

}  // namespace

void backfill_revision_flags(SQLite::Database& db) {
    // The review threshold signing used until now: migration 4's trigger and backfill applied 240 minutes.
    const core::ReviewSettings settings{};
    SQLite::Statement revisions(db,
                                "SELECT r.visit_id, r.number, r.billable, r.infusion_minutes, "
                                "v.status <> 'draft' AND r.number = v.current_revision FROM revisions r "
                                "JOIN visits v ON v.id = r.visit_id WHERE r.sealed = 1 ORDER BY r.visit_id, r.number");
    OrderedRows sites(db,
                      "SELECT visit_id, revision, prepped, aspiration, secured FROM sites ORDER BY visit_id, revision");
    OrderedRows notes(db, "SELECT visit_id, revision, kind FROM notes ORDER BY visit_id, revision");
    SQLite::Statement insert(
        db, "INSERT INTO revision_flags(visit_id, revision, flags, long_infusion_minutes) VALUES (?, ?, ?, ?)");
    std::vector<std::pair<VisitId, std::uint32_t>> current;
    while (revisions.executeStep()) {
        const Key key{revisions.getColumn(0).getInt64(), revisions.getColumn(1).getInt()};
        // Only what the flags read: the sites' checklist and the notes' kinds (one set-up holds every site:
        // the flags do not depend on which pump a needle was on).
        core::Visit visit;
        visit.pump_setups.emplace_back();
        for (; sites.at(key); sites.next()) {
            core::Site site;
            site.prepped = column_flag(sites.row().getColumn(2));
            if (auto a = column_text(sites.row().getColumn(3))) site.aspiration = core::aspiration_from_string(*a);
            site.secured = column_flag(sites.row().getColumn(4));
            visit.pump_setups.front().sites.push_back(std::move(site));
        }
        for (; notes.at(key); notes.next()) {
            core::Note note;
            note.kind =
                core::note_kind_from_string(notes.row().getColumn(2).getString()).value_or(core::NoteKind::general);
            visit.notes.push_back(std::move(note));
        }
        // Billing was held when signed so (billable = 0); NULL never occurs in a sealed revision.
        core::SignedFacts facts;
        facts.billable = !(revisions.getColumn(2).isInteger() && revisions.getColumn(2).getInt() == 0);
        facts.infusion_minutes = column_int(revisions.getColumn(3));
        const std::uint32_t flags = core::review_flags(visit, facts, settings);
        insert.bind(1, key.first), insert.bind(2, key.second), insert.bind(3, static_cast<std::int64_t>(flags));
        insert.bind(4, settings.long_infusion_minutes);
        insert.exec();
        insert.reset();
        if (revisions.getColumn(4).getInt() != 0) current.emplace_back(key.first, flags);
    }
    // The queue: the rows migration 9 carried over get their flags and core's priority.
    SQLite::Statement update(db, "UPDATE review_state SET flags = ?, priority = ? WHERE visit_id = ?");
    for (const auto& [id, flags] : current) {
        update.bind(1, static_cast<std::int64_t>(flags)), update.bind(2, core::review_priority(flags));
        update.bind(3, id);
        update.exec();
        update.reset();
    }
}

}  // namespace infusion::storage::detail
