// The SQLite billing store: export runs and batches (the worklist is in sqlite_worklist.cpp).
// Sections: 1. rows  2. export  3. batches and replay
#include "storage/sqlite_billing_store.hpp"

#include "core/wall_time.hpp"
#include "storage/audit_chain.hpp"
#include "storage/chain_head_file.hpp"
#include "storage/exported_lines_check.hpp"
#include "storage/keyset_list.hpp"
#include "storage/late_charges_sql.hpp"
#include "storage/seal.hpp"
#include "storage/sqlite_export_seal_check.hpp"
#include "storage/sqlite_session.hpp"
#include "storage/visit_rows.hpp"
#include "storage/worklist_state_sql.hpp"

#include <limits>

namespace infusion::storage::detail {
namespace {

// ---- 1. rows -----------------------------------------------------------------------------------
// An export row is read in two parts, both from the immutable signed revision (so a replay is
// identical): the line's own columns with the list, and the revision's columns (patient, dates,
// diagnoses, infusion times) once per revision, not once per line: a visit has two or three lines,
// and the revision's lookups were most of the export's reading. The line's reason is not exported,
// so it is not read.
constexpr const char* line_columns =
    "p.visit_id, p.revision, p.line_ord, p.reversal, bl.kind, bl.code, bl.units, bl.modifiers, bl.description, "
    "bl.revenue_code, bl.ndc, bl.ndc_unit, bl.ndc_quantity, bl.service_date ";
constexpr const char* line_join =
    "JOIN billing_lines bl ON bl.visit_id = p.visit_id AND bl.revision = p.revision AND bl.ord = p.line_ord ";
// A visit's reversals before its charges; visits in id order (stable for replays).
constexpr const char* row_order = "ORDER BY p.visit_id, p.reversal DESC, p.revision, p.line_ord";
// The diagnoses come joined with the unit separator, which no code or timestamp contains.
constexpr const char* revision_sql =
    "SELECT r.patient_mrn, r.patient_name, r.patient_birth_date, r.date_of_service, r.setting, r.clinician, "
    "(SELECT group_concat(code, char(31)) FROM (SELECT d.code FROM diagnoses d WHERE d.visit_id = ?1 AND "
    "d.revision = ?2 ORDER BY d.ord)), "
    "(SELECT min(i.start_utc) || char(31) || max(i.stop_utc) FROM intervals i WHERE i.visit_id = ?1 AND "
    "i.revision = ?2), r.time_zone "
    "FROM revisions r WHERE r.visit_id = ?1 AND r.number = ?2";

std::string_view text_of(const SQLite::Column& c) {
    const char* text = c.getText("");
    return {text, static_cast<std::size_t>(c.getBytes())};
}

// Splits `text` at `separator` into `out`, reusing its strings (no allocation once they are warm).
void split_into(std::string_view text, char separator, std::vector<std::string>& out) {
    std::size_t n = 0;
    std::size_t begin = 0;
    while (begin < text.size()) {
        const auto end = text.find(separator, begin);
        const auto piece = text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
        if (n == out.size()) out.emplace_back();
        out[n++].assign(piece);
        if (end == std::string_view::npos) break;
        begin = end + 1;
    }
    out.resize(n);
}

// Fills one reused ExportRow from a statement of line_columns: the strings keep their capacity, so a
// year's export allocates per row only what grows; the revision's columns are read when the row belongs
// to another revision than the one before.
class RowReader {
public:
    explicit RowReader(Connection& db) : m_revision_use(db.prepare(revision_sql)) {}

    // False when the line's revision has no row (a damaged database); `row` is then not usable.
    [[nodiscard]] bool read(SQLite::Statement& s, ExportRow& row) {
        row.visit_id = s.getColumn(0).getInt64();
        row.revision = s.getColumn(1).getInt();
        row.line_ord = s.getColumn(2).getInt();
        row.reversal = s.getColumn(3).getInt() != 0;
        row.line.kind = text_of(s.getColumn(4)) == "drug" ? core::LineKind::drug : core::LineKind::administration;
        row.line.code.assign(text_of(s.getColumn(5)));
        row.line.units = s.getColumn(6).getInt();
        split_into(text_of(s.getColumn(7)), ',', row.line.modifiers);
        row.line.reason.clear();
        row.line.description.assign(text_of(s.getColumn(8)));
        row.line.revenue_code.assign(text_of(s.getColumn(9)));
        row.line.ndc.assign(text_of(s.getColumn(10)));
        row.line.ndc_unit.assign(text_of(s.getColumn(11)));
        row.line.ndc_quantity = column_real(s.getColumn(12));
        // [ed. 2] A line's own date (lines signed before migration 7 have none: the revision's date).
        row.line.service_date.reset();
        if (const auto d = text_of(s.getColumn(13)); !d.empty()) row.line.service_date = core::parse_date(d);
        if (m_have && row.visit_id == m_visit && row.revision == m_number) return true;
        m_have = read_revision(row);
        return m_have;
    }

private:
    bool read_revision(ExportRow& row) {
        SQLite::Statement& r = *m_revision_use;
        r.reset();
        r.bind(1, row.visit_id);
        r.bind(2, row.revision);
        if (!r.executeStep()) return false;
        m_visit = row.visit_id;
        m_number = row.revision;
        row.patient_id.assign(text_of(r.getColumn(0)));
        row.patient_name.assign(text_of(r.getColumn(1)));
        row.birth_date.reset();
        if (!r.getColumn(2).isNull()) row.birth_date = core::parse_date(text_of(r.getColumn(2)));
        if (!r.getColumn(3).isNull())
            row.date_of_service = core::parse_date(text_of(r.getColumn(3))).value_or(row.date_of_service);
        row.setting.assign(text_of(r.getColumn(4)));
        row.clinician.assign(text_of(r.getColumn(5)));
        split_into(text_of(r.getColumn(6)), '\x1f', row.diagnoses);
        // The first start and the last stop from one pass over the intervals (joined with the unit
        // separator; NULL when there are none).
        const std::string_view times = text_of(r.getColumn(7));
        const auto separator = times.find('\x1f');
        row.infusion_start_utc.assign(times.substr(0, separator));
        row.infusion_stop_utc.assign(separator == std::string_view::npos ? std::string_view()
                                                                         : times.substr(separator + 1));
        row.time_zone.assign(text_of(r.getColumn(8)));
        return true;
    }

    Prepared m_revision_use;
    bool m_have = false;
    VisitId m_visit = 0;
    int m_number = 0;
};

core::Error missing_revision(const ExportRow& row, const std::string& file) {
    return core::Error{"visit " + std::to_string(row.visit_id) + " has a billing line of revision " +
                           std::to_string(row.revision) + " but no such revision; nothing was exported",
                       file,
                       {},
                       core::ErrorKind::corrupt};
}

}  // namespace

const char* const export_temp_tables_sql =
    "CREATE TEMP TABLE IF NOT EXISTS export_selection(visit_id INTEGER PRIMARY KEY);"
    "CREATE TEMP TABLE IF NOT EXISTS export_pending_items(visit_id INTEGER, revision INTEGER, "
    "line_ord INTEGER, kind TEXT);";

std::string pending_sql(bool by_selection, std::optional<std::int64_t> late_after_audit) {
    // chosen: the visits in the range (or the selection), plus amended visits outside it whose earlier
    // lines were exported: their reversals and new lines go in the next batch, whatever its dates; plus the
    // visits signed late for dates already exported, never charged (late_charges_sql.hpp). The
    // branches cannot overlap (UNION ALL: no de-duplicating pass), and `billable` comes along so the
    // charges need no second look at the visit. The amended ones are found through visits_unsigned
    // (schema 16), which SQLite uses only for a query that states its condition (unsigned_indexed_sql):
    // without it, every export read all the visits. A selection is read first and its visits looked up
    // by id (CROSS JOIN keeps that order: SQLite, without statistics, read every visit and probed the
    // selection).
    const std::string chosen =
        by_selection ? "SELECT v.id AS visit_id, v.current_revision AS current, v.billable AS billable, v.patient_id "
                       "AS patient_id, v.date_of_service AS day FROM "
                       "temp.export_selection s CROSS JOIN visits v ON v.id = s.visit_id WHERE v.status <> 'draft' "
                     : "SELECT v.id AS visit_id, v.current_revision AS current, v.billable AS billable, v.patient_id "
                       "AS patient_id, v.date_of_service AS day FROM visits v "
                       "WHERE v.status <> 'draft' AND v.date_of_service BETWEEN :from AND :to "
                       "UNION ALL SELECT v.id, v.current_revision, v.billable, v.patient_id, v.date_of_service FROM "
                       "visits v WHERE "
                       "v.status = 'amended' "
                       "AND " +
                           std::string(unsigned_indexed_sql) +
                           " AND v.date_of_service NOT BETWEEN :from AND :to AND EXISTS (SELECT 1 FROM export_items e "
                           "WHERE e.visit_id = v.id AND e.revision < v.current_revision AND e.kind = 'charge') " +
                           (late_after_audit ? "UNION ALL " + late_visits_sql(":from", ":to", *late_after_audit)
                                             : std::string());
    return "WITH chosen AS (" + chosen +
           "), pending(visit_id, revision, line_ord, reversal) AS ("
           "SELECT e.visit_id, e.revision, e.line_ord, 1 FROM chosen c JOIN export_items e ON e.visit_id = c.visit_id "
           "AND e.kind = 'charge' AND e.revision < c.current WHERE " +
           unreversed_sql("e") + " AND NOT " + reversal_waits_sql + " AND NOT " +
           charge_stands_sql("e", "c.current", "c.billable") + " AND NOT " + waits_for_other_format_sql(":format") +
           " UNION ALL SELECT c.visit_id, c.current, bl.ord, 0 FROM chosen c "
           "JOIN billing_lines bl ON bl.visit_id = c.visit_id AND bl.revision = c.current WHERE c.billable = 1 "
           "AND NOT EXISTS (SELECT 1 FROM export_items x WHERE x.visit_id = c.visit_id AND x.revision = c.current "
           "AND x.kind = 'charge') AND (c.current = 0 OR NOT " +
           line_covered_sql("c.visit_id", "c.current", "c.billable") + ") AND NOT " + charges_wait_sql + " AND NOT " +
           new_charges_wait_sql + " AND NOT " + waits_for_other_format_sql(":format") +
           ") INSERT INTO temp.export_pending_items(visit_id, revision, line_ord, kind) "
           "SELECT p.visit_id, p.revision, p.line_ord, CASE WHEN p.reversal THEN 'reversal' ELSE 'charge' END "
           "FROM pending p " +
           row_order;
}

// ---- 2. export ---------------------------------------------------------------------------------
core::Result<std::optional<BatchRecord>> SqliteBillingStore::export_pending(const ExportSelection& selection,
                                                                            const std::string& format,
                                                                            const Actor& actor, bool dry_run,
                                                                            const ExportCallbacks& callbacks) {
    if (dry_run) {
        // Lists what would go out and writes nothing (the temporary tables are the connection's own), so it
        // is a read: one snapshot, rolled back, allowed on a read-only database.
        try {
            SQLite::Transaction snapshot(m_db.raw());
            return select_and_record(selection, format, actor, nullptr, callbacks);
        } catch (const std::exception& e) {
            return sqlite_error("cannot export", e, m_file);
        }
    }
    return write("cannot export", actor, [&](WriteScope& w) -> core::Result<std::optional<BatchRecord>> {
        return select_and_record(selection, format, actor, &w, callbacks);
    });
}

// The export's lines in order, handed to the callbacks; with a write scope (not a dry run) the batch and
// its lines are recorded, sealed and audited. Inside the caller's transaction.
core::Result<std::optional<BatchRecord>> SqliteBillingStore::select_and_record(const ExportSelection& selection,
                                                                               const std::string& format,
                                                                               const Actor& actor, WriteScope* w,
                                                                               const ExportCallbacks& callbacks) {
    {
        m_db.raw().exec(std::string(export_temp_tables_sql) +
                        "DELETE FROM temp.export_selection; DELETE FROM temp.export_pending_items;");
        const bool by_selection = !selection.visits.empty();
        if (by_selection) {
            auto ins = m_db.prepare("INSERT OR IGNORE INTO temp.export_selection(visit_id) VALUES (?)");
            for (VisitId id : selection.visits) {
                (*ins).bind(1, id);
                (*ins).exec();
                (*ins).reset();
            }
        }
        const BatchId batch_id =
            m_db.raw().execAndGet("SELECT coalesce(max(id), 0) + 1 FROM export_batches").getInt64();
        {
            SqliteSession session(m_db);
            if (auto changed = exported_lines_changed(session, batch_id, m_file)) return *std::move(changed);
        }
        // The log's last rows cut (their visits' signatures or earlier batches with them): signing and importing
        // go on, as the clinic's work must, but nothing is billed until db check has been looked at (found from
        // outside: an export ran on a log cut by three rows, and said nothing).
        if (m_file != ":memory:") {  // a dry run too: it says what the export would do
            if (auto cut = chain_end_changed(m_db, chain_head_path(m_file))) return changed_outside(*cut, m_file);
        }
        if (callbacks.begin) callbacks.begin(batch_id);
        std::optional<std::int64_t> late_after;  // the last date-range export's audit row (late_charges_sql.hpp)
        if (!by_selection) {
            const SQLite::Column mark = m_db.raw().execAndGet(last_range_export_audit_sql);
            if (!mark.isNull()) late_after = mark.getInt64();
        }

        {
            auto pending_use = m_db.prepare(pending_sql(by_selection, late_after));
            SQLite::Statement& pending = *pending_use;
            if (!by_selection) {
                pending.bind(":from", core::format_date(selection.from));
                pending.bind(":to", core::format_date(selection.to));
            }
            pending.bind(":format", format);
            pending.exec();
        }
        // What goes out must be what was signed: the seals of the visits about to be sent are checked while
        // their lines are formatted (sqlite_export_seal_check.hpp), and nothing is recorded unless they hold.
        // A dry run too: it says what the export would send, and the export would refuse (found from outside).
        std::vector<VisitId> visits = selection.visits;  // a selection's visits whole, sent or not
        {
            auto ids = m_db.prepare("SELECT DISTINCT visit_id FROM temp.export_pending_items");
            while ((*ids).executeStep()) visits.push_back((*ids).getColumn(0).getInt64());
        }
        std::optional<DateRange> dates;
        if (!by_selection) dates = DateRange{core::format_date(selection.from), core::format_date(selection.to)};
        ExportSealCheck seals(m_file, std::move(visits), dates, [&](std::vector<VisitId> here) {
            SqliteSession session(m_db);
            return exported_visits_changed(session, std::move(here), m_file, dates);
        });
        // The list was inserted in export order: its rowids are that order, so no sort of whole rows.
        auto rows_use = m_db.prepare(std::string("WITH p AS (SELECT rowid AS seq, visit_id, revision, line_ord, "
                                                 "kind = 'reversal' AS reversal FROM temp.export_pending_items) "
                                                 "SELECT ") +
                                     line_columns + "FROM p " + line_join + "ORDER BY p.seq");
        SQLite::Statement& rows = *rows_use;
        RowReader reader(m_db);
        ExportRow row;
        std::int64_t count = 0;
        while (rows.executeStep()) {
            if (!reader.read(rows, row)) return missing_revision(row, m_file);
            if (!callbacks.row(row)) {
                // Cancelled before anything was recorded: only the connection's temporary list changed.
                if (w != nullptr) w->no_audit_row("cancelled: nothing recorded");
                return std::optional<BatchRecord>{};
            }
            ++count;
        }
        if (callbacks.held && !by_selection) {
            // Visits of the range the export leaves out because their documentation holds the claim.
            auto held_use = m_db.prepare(std::string("SELECT count(*) FROM visits v WHERE v.status <> 'draft' AND ") +
                                         held_from_export_sql + " AND v.date_of_service BETWEEN ? AND ?");
            SQLite::Statement& held = *held_use;
            held.bind(1, core::format_date(selection.from));
            held.bind(2, core::format_date(selection.to));
            if (held.executeStep()) callbacks.held(held.getColumn(0).getInt64());
        }
        if (callbacks.other_format) {
            // Amended visits whose corrections wait for the format their lines went out in.
            auto other_use =
                m_db.prepare(std::string("SELECT v.id FROM visits v WHERE ") + unsigned_indexed_sql + " AND " +
                             (by_selection ? "v.id IN (SELECT visit_id FROM temp.export_selection) AND " : "") +
                             corrections_in_other_format_sql("?1") + " ORDER BY v.id");
            (*other_use).bind(1, format);
            std::vector<VisitId> waiting;
            while ((*other_use).executeStep()) waiting.push_back((*other_use).getColumn(0).getInt64());
            callbacks.other_format(std::move(waiting));
        }
        if (callbacks.late && late_after) {
            auto late_use = m_db.prepare(late_visits_count_sql(":from", ":to", *late_after));
            SQLite::Statement& late = *late_use;
            late.bind(":from", core::format_date(selection.from));
            late.bind(":to", core::format_date(selection.to));
            if (late.executeStep()) callbacks.late(late.getColumn(0).getInt64());
        }
        if (auto changed = seals.result()) return *std::move(changed);
        if (w == nullptr) return std::optional<BatchRecord>{};  // a dry run
        if (count == 0) {
            w->no_audit_row("nothing to export: nothing recorded");
            return std::optional<BatchRecord>{};
        }
        // Every listed line was written: the batch records exactly the lines its file carries.
        if (m_db.raw().execAndGet("SELECT count(*) FROM temp.export_pending_items").getInt64() != count) {
            return core::Error{"the export's list of lines and the rows read for it differ; nothing was exported",
                               m_file,
                               {},
                               core::ErrorKind::corrupt};
        }

        auto sha = callbacks.finish ? callbacks.finish() : core::Result<std::string>(std::string{});
        if (!sha) return sha.error();
        BatchRecord record{batch_id,
                           actor.at,
                           actor.user,
                           format,
                           by_selection ? "" : core::format_date(selection.from),
                           by_selection ? "" : core::format_date(selection.to),
                           count,
                           sha.value(),
                           selection.destination,
                           std::nullopt,
                           {}};
        const auto optional_date = [](const std::string& d) {
            return d.empty() ? std::nullopt : std::optional<std::string>(d);
        };
        // The seal covers the batch and the lines it carries (from the list about to be recorded).
        const std::string seal =
            batch_seal(m_db,
                       {record.id, record.created_at, record.created_by, record.format, optional_date(record.from_date),
                        optional_date(record.to_date), record.line_count, record.sha256, record.out_path},
                       "SELECT visit_id, revision, line_ord, kind FROM temp.export_pending_items WHERE ?1 IS NOT NULL "
                       "ORDER BY visit_id, revision, line_ord, kind");
        // The lines before their batch row (schema 17: a line can be added only to a batch not yet
        // recorded), with the lines' foreign key to the batch checked at the commit.
        m_db.raw().exec("PRAGMA defer_foreign_keys = ON");
        auto items = m_db.prepare(
            "INSERT INTO export_items(batch_id, visit_id, revision, line_ord, kind) "
            "SELECT ?, visit_id, revision, line_ord, kind FROM temp.export_pending_items");
        (*items).bind(1, batch_id);
        (*items).exec();
        auto batch_row = m_db.prepare(
            "INSERT INTO export_batches(id, created_at, created_by, format, from_date, to_date, line_count, sha256, "
            "out_path, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        SQLite::Statement& b = *batch_row;
        b.bind(1, record.id), b.bind(2, record.created_at), b.bind(3, record.created_by), b.bind(4, record.format);
        bind_text(b, 5, optional_date(record.from_date));
        bind_text(b, 6, optional_date(record.to_date));
        b.bind(7, record.line_count), b.bind(8, record.sha256), b.bind(9, record.out_path), b.bind(10, seal);
        // The audit row before the batch row: schema 18 records a batch only when the chain records its seal.
        w->sealed_audit("export", std::nullopt,
                        "batch " + std::to_string(batch_id) + ": " + std::to_string(count) + " lines, " + format +
                            ", sha256 " + record.sha256,
                        export_batch_subject(batch_id), seal);
        b.exec();
        return std::optional<BatchRecord>{record};
    }
}

// ---- 3. batches and replay ---------------------------------------------------------------------
core::Result<BatchRecord> SqliteBillingStore::batch(BatchId id) {
    try {
        auto s_use = m_db.prepare(
            "SELECT b.id, b.created_at, b.created_by, b.format, b.from_date, b.to_date, b.line_count, b.sha256, "
            "b.out_path, d.at, d.path FROM export_batches b LEFT JOIN export_deliveries d ON d.batch_id = b.id "
            "WHERE b.id = ?");
        SQLite::Statement& s = *s_use;
        s.bind(1, id);
        if (!s.executeStep()) return not_found("there is no export batch " + std::to_string(id));
        return BatchRecord{s.getColumn(0).getInt64(),
                           s.getColumn(1).getString(),
                           s.getColumn(2).getString(),
                           s.getColumn(3).getString(),
                           column_text(s.getColumn(4)).value_or(""),
                           column_text(s.getColumn(5)).value_or(""),
                           s.getColumn(6).getInt64(),
                           s.getColumn(7).getString(),
                           s.getColumn(8).getString(),
                           column_text(s.getColumn(9)),
                           column_text(s.getColumn(10)).value_or("")};
    } catch (const std::exception& e) {
        return sqlite_error("cannot read export batch " + std::to_string(id), e, m_file);
    }
}

core::Result<std::vector<BatchRecord>> SqliteBillingStore::batches(int limit) {
    try {
        KeysetList list("SELECT id FROM export_batches WHERE 1");
        list.key({"id"}).limit(limit, std::numeric_limits<int>::max() - 1);
        std::vector<BatchId> ids;
        (void)list.read_page(m_db, ids, [](SQLite::Statement& s) { return BatchId{s.getColumn(0).getInt64()}; });
        std::vector<BatchRecord> out;
        for (BatchId id : ids) {
            auto b = batch(id);
            if (!b) return b.error();
            out.push_back(b.value());
        }
        return out;
    } catch (const std::exception& e) {
        return sqlite_error("cannot list export batches", e, m_file);
    }
}

core::Status SqliteBillingStore::replay_batch(BatchId id, const std::function<bool(const ExportRow&)>& row) {
    try {
        SQLite::Transaction tx(m_db.raw());
        if (auto b = batch(id); !b) return b.error();
        {
            SqliteSession session(m_db);
            if (auto changed = replayed_batch_changed(session, id, m_file)) return *std::move(changed);
        }
        auto s_use = m_db.prepare(std::string("WITH p(visit_id, revision, line_ord, reversal) AS (SELECT visit_id, "
                                              "revision, line_ord, kind = 'reversal' FROM export_items WHERE "
                                              "batch_id = :batch) SELECT ") +
                                  line_columns + "FROM p " + line_join + row_order);
        SQLite::Statement& s = *s_use;
        s.bind(":batch", id);
        RowReader reader(m_db);
        ExportRow current;
        while (s.executeStep()) {
            if (!reader.read(s, current)) return missing_revision(current, m_file);
            if (!row(current)) break;
        }
        tx.commit();
        return core::Done{};
    } catch (const std::exception& e) {
        return sqlite_error("cannot read export batch " + std::to_string(id), e, m_file);
    }
}

}  // namespace infusion::storage::detail

namespace infusion::storage::detail {

// ---- 4. delivery -------------------------------------------------------------------------------
core::Status SqliteBillingStore::record_delivery(BatchId id, const std::string& path, const Actor& actor) {
    return write("cannot record the delivery of batch " + std::to_string(id), actor,
                 [&](WriteScope& w) -> core::Status {
                     auto record = batch(id);
                     if (!record) return record.error();
                     if (record.value().delivered_at) {
                         w.no_audit_row("delivered before (a re-export writes another copy)");
                         return core::Done{};
                     }
                     // The audit row first: schema 19 records a delivery only with it.
                     w.audit("export-delivered", std::nullopt, "batch " + std::to_string(id) + " in place at " + path);
                     auto s = m_db.prepare(
                         "INSERT INTO export_deliveries(batch_id, at, delivered_by, path, sha256) VALUES (?, ?, ?, ?, "
                         "?)");
                     SQLite::bind(*s, id, actor.at, actor.user, path, record.value().sha256);
                     (*s).exec();
                     return core::Done{};
                 });
}

core::Result<std::vector<BatchRecord>> SqliteBillingStore::undelivered() {
    try {
        {
            SqliteSession session(m_db);
            if (auto gone = deliveries_changed(session, m_file)) return *std::move(gone);
        }
        std::vector<BatchId> ids;
        {
            auto s_use = m_db.prepare(
                "SELECT b.id FROM export_batches b WHERE NOT EXISTS "
                "(SELECT 1 FROM export_deliveries d WHERE d.batch_id = b.id) ORDER BY b.id");
            SQLite::Statement& s = *s_use;
            while (s.executeStep()) ids.push_back(s.getColumn(0).getInt64());
        }
        std::vector<BatchRecord> out;
        for (BatchId id : ids) {
            auto b = batch(id);
            if (!b) return b.error();
            out.push_back(b.value());
        }
        return out;
    } catch (const std::exception& e) {
        return sqlite_error("cannot list undelivered export batches", e, m_file);
    }
}

}  // namespace infusion::storage::detail
