// The billing export on PostgreSQL (pg_billing_store.hpp); the worklist is in pg_worklist.cpp.
// Sections: 1. rows  2. export  3. batches and replay  4. delivery
#include "storage/postgres/pg_billing_store.hpp"

#include "core/wall_time.hpp"
#include "storage/exported_lines_check.hpp"
#include "storage/late_charges_sql.hpp"
#include "storage/postgres/pg_audit_log.hpp"
#include "storage/postgres/pg_session.hpp"
#include "storage/postgres/pg_write.hpp"
#include "storage/seal.hpp"
#include "storage/visit_rows.hpp"
#include "storage/worklist_state_sql.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace infusion::storage::pg {
namespace {

// ---- 1. rows -----------------------------------------------------------------------------------
// The SQLite store's selection (sqlite_billing_store.cpp, pending_sql) in PostgreSQL's words, as a
// WITH clause naming `pending(visit_id, revision, line_ord, reversal)`: the visits in the range (or the
// selection), plus amended visits outside it whose earlier lines were exported, plus the visits signed late
// for dates already exported (late_charges_sql.hpp); their unreversed
// exported charges of replaced revisions, and the current revision's lines of billable visits not yet
// charged. Parameters: $1 and $2, the range's first and last date; or $1, the selection's ids.
// Dates are fixed-width ISO text, which every collation orders as bytes, so the visits' date index serves.
std::string pending_sql(bool by_selection, std::optional<std::int64_t> late_after_audit) {
    // The export's format: after the selection's ids, or after the range's two dates.
    const std::string format = by_selection ? "$2" : "$3";
    const std::string chosen =
        by_selection ? "SELECT v.id AS visit_id, v.current_revision AS current, v.billable AS billable, v.patient_id "
                       "AS patient_id, v.date_of_service AS day FROM visits v "
                       "WHERE v.id = ANY($1::bigint[]) AND v.status <> 'draft'"
                     : "SELECT v.id AS visit_id, v.current_revision AS current, v.billable AS billable, v.patient_id "
                       "AS patient_id, v.date_of_service AS day FROM visits v "
                       "WHERE v.status <> 'draft' AND v.date_of_service BETWEEN $1 AND $2 "
                       "UNION ALL SELECT v.id, v.current_revision, v.billable, v.patient_id, v.date_of_service FROM "
                       "visits v WHERE "
                       "v.status = 'amended' "
                       "AND " +
                           std::string(detail::unsigned_indexed_sql) +
                           " AND v.date_of_service NOT BETWEEN $1 AND $2 AND EXISTS (SELECT 1 FROM export_items e "
                           "WHERE e.visit_id = v.id AND e.revision < v.current_revision AND e.kind = 'charge') " +
                           (late_after_audit ? "UNION ALL " + detail::late_visits_sql("$1", "$2", *late_after_audit)
                                             : std::string());
    return "WITH chosen AS (" + chosen +
           "), pending(visit_id, revision, line_ord, reversal) AS ("
           "SELECT e.visit_id, e.revision, e.line_ord, 1 FROM chosen c JOIN export_items e ON e.visit_id = c.visit_id "
           "AND e.kind = 'charge' AND e.revision < c.current WHERE " +
           detail::unreversed_sql("e") + " AND NOT " + detail::reversal_waits_sql + " AND NOT " +
           detail::charge_stands_sql("e", "c.current", "c.billable") + " AND NOT " +
           detail::waits_for_other_format_sql(format) +
           " UNION ALL SELECT c.visit_id, c.current, bl.ord, 0 FROM chosen c "
           "JOIN billing_lines bl ON bl.visit_id = c.visit_id AND bl.revision = c.current WHERE c.billable = 1 "
           "AND NOT EXISTS (SELECT 1 FROM export_items x WHERE x.visit_id = c.visit_id AND x.revision = c.current "
           "AND x.kind = 'charge') AND (c.current = 0 OR NOT " +
           detail::line_covered_sql("c.visit_id", "c.current", "c.billable") + ") AND NOT " + detail::charges_wait_sql +
           " AND NOT " + detail::new_charges_wait_sql + " AND NOT " + detail::waits_for_other_format_sql(format) + ") ";
}

// The keys of the lines an export wrote, in the order they were written.
struct RecordedKeys {
    IntegerArray visits, revisions, lines, reversals;
    void add(const ExportRow& row) {
        visits.add(row.visit_id);
        revisions.add(row.revision);
        lines.add(row.line_ord);
        reversals.add(row.reversal ? 1 : 0);
    }
};

// Every column an ExportRow needs, from `pending` and the immutable signed revision, in one query (a
// lookup per revision would be a round trip to the server per visit). The diagnoses come joined with
// the unit separator, the intervals as first start and last stop; text compared as bytes, as on SQLite.
// A visit's reversals before its charges; visits in id order (stable for replays).
constexpr const char* row_select =
    "SELECT p.visit_id, p.revision, p.line_ord, p.reversal, bl.kind, bl.code, bl.units, bl.modifiers, "
    "bl.description, bl.revenue_code, bl.ndc, bl.ndc_unit, bl.ndc_quantity, bl.service_date, "
    "r.number IS NOT NULL, r.patient_mrn, r.patient_name, r.patient_birth_date, r.date_of_service, r.setting, "
    "r.clinician, (SELECT string_agg(d.code, chr(31) ORDER BY d.ord) FROM diagnoses d WHERE d.visit_id = p.visit_id "
    "AND d.revision = p.revision), (SELECT min(i.start_utc COLLATE \"C\") || chr(31) || max(i.stop_utc COLLATE \"C\") "
    "FROM intervals i WHERE i.visit_id = p.visit_id AND i.revision = p.revision), r.time_zone "
    "FROM pending p JOIN billing_lines bl ON bl.visit_id = p.visit_id AND bl.revision = p.revision "
    "AND bl.ord = p.line_ord LEFT JOIN revisions r ON r.visit_id = p.visit_id AND r.number = p.revision "
    "ORDER BY p.visit_id, p.reversal DESC, p.revision, p.line_ord";

// The lines about to be recorded, in the seal's key order (recorded_items_sql's columns). Within one
// batch a line is a charge or a reversal, never both, so `reversal` orders as `kind` would.
constexpr const char* items_in_key_order =
    "SELECT visit_id, revision, line_ord, CASE WHEN reversal = 1 THEN 'reversal' ELSE 'charge' END FROM pending "
    "ORDER BY visit_id, revision, line_ord, reversal";

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

int whole(const PgResult& r, int row, int column) { return static_cast<int>(r.int64(row, column)); }

std::optional<double> real(const PgResult& r, int row, int column) {
    if (r.is_null(row, column)) return std::nullopt;
    const std::string_view text = r.view(row, column);
    double out = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc{} || ptr != text.data() + text.size()) {
        throw PgError("", "the server sent '" + std::string(text) + "' where a number belongs");
    }
    return out;
}

// Fills one reused ExportRow from a row of row_select, as the SQLite store's RowReader does (strings keep
// their capacity; a revision date that is missing keeps the row's previous one). False when the line's
// revision has no row (a damaged database); `row` is then not usable.
bool read_row(const PgResult& r, int i, ExportRow& row) {
    row.visit_id = r.int64(i, 0);
    row.revision = whole(r, i, 1);
    row.line_ord = whole(r, i, 2);
    row.reversal = r.int64(i, 3) != 0;
    row.line.kind = r.view(i, 4) == "drug" ? core::LineKind::drug : core::LineKind::administration;
    row.line.code.assign(r.view(i, 5));
    row.line.units = whole(r, i, 6);
    split_into(r.view(i, 7), ',', row.line.modifiers);
    row.line.reason.clear();
    row.line.description.assign(r.view(i, 8));
    row.line.revenue_code.assign(r.view(i, 9));
    row.line.ndc.assign(r.view(i, 10));
    row.line.ndc_unit.assign(r.view(i, 11));
    row.line.ndc_quantity = real(r, i, 12);
    // [ed. 2] A line's own date (lines signed before migration 7 have none: the revision's date).
    row.line.service_date.reset();
    if (const auto d = r.view(i, 13); !d.empty()) row.line.service_date = core::parse_date(d);
    if (!r.flag(i, 14)) return false;
    row.patient_id.assign(r.view(i, 15));
    row.patient_name.assign(r.view(i, 16));
    row.birth_date.reset();
    if (!r.is_null(i, 17)) row.birth_date = core::parse_date(r.view(i, 17));
    if (!r.is_null(i, 18)) row.date_of_service = core::parse_date(r.view(i, 18)).value_or(row.date_of_service);
    row.setting.assign(r.view(i, 19));
    row.clinician.assign(r.view(i, 20));
    split_into(r.view(i, 21), '\x1f', row.diagnoses);
    const std::string_view times = r.view(i, 22);
    const auto separator = times.find('\x1f');
    row.infusion_start_utc.assign(times.substr(0, separator));
    row.infusion_stop_utc.assign(separator == std::string_view::npos ? std::string_view()
                                                                     : times.substr(separator + 1));
    row.time_zone.assign(r.view(i, 23));
    return true;
}

core::Error missing_revision(const ExportRow& row, const std::string& where) {
    return core::Error{"visit " + std::to_string(row.visit_id) + " has a billing line of revision " +
                           std::to_string(row.revision) + " but no such revision; nothing was exported",
                       where,
                       {},
                       core::ErrorKind::corrupt};
}

// A PostgreSQL array literal of ids: "{3,17,42}".
std::string id_array(const std::vector<VisitId>& ids) {
    std::string out = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) out += (i == 0 ? "" : ",") + std::to_string(ids[i]);
    return out + "}";
}

constexpr const char* batch_columns =
    "SELECT b.id, b.created_at, b.created_by, b.format, b.from_date, b.to_date, b.line_count, b.sha256, "
    "b.out_path, d.at, d.path FROM export_batches b LEFT JOIN export_deliveries d ON d.batch_id = b.id ";

BatchRecord batch_of(const PgResult& r, int i) {
    return BatchRecord{r.int64(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3),     r.text(i, 4), r.text(i, 5),
                       r.int64(i, 6), r.text(i, 7), r.text(i, 8), r.opt_text(i, 9), r.text(i, 10)};
}

std::vector<BatchRecord> batches_of(const PgResult& r) {
    std::vector<BatchRecord> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back(batch_of(r, i));
    return out;
}

}  // namespace

// ---- 2. export ---------------------------------------------------------------------------------
// The server plans the next export from its statistics of export_items, which autovacuum refreshes a minute or
// more after a change. A year's batch into a table last analysed nearly empty made the next export's plan read
// the whole of it once for every line (a nested loop over a materialised scan): the second year's export ran
// for more than ten minutes instead of twenty seconds (scripts/bench, 2026-12-06). So after a large batch the
// table is analysed at once, by the owner's function (version 23: the application role may not ANALYZE), after
// the commit: the batch is recorded whatever this does, and a failure here only leaves it to autovacuum.
void PgBillingStore::refresh_export_statistics(std::int64_t lines) {
    constexpr std::int64_t large_batch = 5000;  // below this a stale plan costs little: lines squared stays small
    if (lines < large_batch) return;
    try {
        (void)m_ctx.conn.exec("SELECT refresh_export_statistics()");
    } catch (const std::exception&) {
        // Left to autovacuum (a connection lost right after the commit says so on the next command).
    }
}

core::Result<std::optional<BatchRecord>> PgBillingStore::export_pending(const ExportSelection& selection,
                                                                        const std::string& format, const Actor& actor,
                                                                        bool dry_run,
                                                                        const ExportCallbacks& callbacks) {
    const std::string what = "cannot export";
    if (dry_run) {
        // Lists what would go out and writes nothing: one snapshot, allowed on a read-only connection.
        try {
            PgSnapshot snapshot(m_ctx.conn);
            return select_and_record(selection, format, actor, false, callbacks);
        } catch (const std::exception& e) {
            return pg_error(what, e, m_ctx.where);
        }
    }
    if (auto refused = m_ctx.refuse_if_read_only(what)) return *refused;
    try {
        PgWriteTransaction tx(m_ctx.conn);
        auto result = select_and_record(selection, format, actor, true, callbacks);
        // Nothing to record, cancelled, or failed (`finish` included): the transaction rolls back.
        if (!result.ok() || !result.value()) return result;
        tx.commit();
        refresh_export_statistics(result.value()->line_count);
        return result;
    } catch (const PgError& e) {
        if (e.sqlstate() == "23505") {
            // The unique index refused a line recorded twice: another export got there first (the lock
            // makes that impossible for this program; the server refuses it whoever writes).
            return core::Error{what + ": some of these lines were recorded by another export at the same moment (" +
                                   e.what() + "); nothing of this export was recorded: export again",
                               m_ctx.where,
                               {},
                               core::ErrorKind::conflict};
        }
        return pg_error(what, e, m_ctx.where);
    } catch (const std::exception& e) {
        return pg_error(what, e, m_ctx.where);
    }
}

// The export's lines in order, handed to the callbacks; with `record` (not a dry run) the batch and its
// lines are recorded, sealed and audited. Inside the caller's transaction (the chain's lock held) or
// snapshot (a dry run).
core::Result<std::optional<BatchRecord>> PgBillingStore::select_and_record(const ExportSelection& selection,
                                                                           const std::string& format,
                                                                           const Actor& actor, bool record,
                                                                           const ExportCallbacks& callbacks) {
    PgConnection& conn = m_ctx.conn;
    const bool by_selection = !selection.visits.empty();
    std::vector<Param> params;
    std::vector<detail::SqlValue> values;  // the same, for the seal's query through PgSession
    if (by_selection) {
        params = {id_array(selection.visits)};
        values = {id_array(selection.visits), format};
    } else {
        params = {core::format_date(selection.from), core::format_date(selection.to)};
        values = {core::format_date(selection.from), core::format_date(selection.to), format};
    }
    // `pending` takes the export's format after them (pending_sql).
    std::vector<Param> pending_params = params;
    pending_params.emplace_back(format);
    const BatchId batch_id = conn.exec("SELECT coalesce(max(id), 0) + 1 FROM export_batches").int64(0, 0);
    {
        PgSession session(conn, PgSession::Reading::whole);
        if (auto changed = exported_lines_changed(session, batch_id, m_ctx.where)) return *std::move(changed);
    }
    if (callbacks.begin) callbacks.begin(batch_id);

    std::optional<std::int64_t> late_after;  // the last date-range export's audit row (late_charges_sql.hpp)
    if (!by_selection) {
        const auto mark = conn.exec(detail::last_range_export_audit_sql);
        if (!mark.is_null(0, 0)) late_after = mark.int64(0, 0);
    }
    const std::string pending = pending_sql(by_selection, late_after);
    ExportRow row;
    std::int64_t count = 0;
    std::optional<core::Error> damaged;
    // The streamed lines' keys, for recording them below.
    RecordedKeys keys;
    std::vector<VisitId> visits;  // the visits streamed, to check their seals before anything is recorded
    const bool streamed = fetch_in_pages(conn, pending + row_select, pending_params, [&](const PgResult& r, int i) {
        if (!read_row(r, i, row)) {
            damaged = missing_revision(row, m_ctx.where);
            return false;
        }
        if (!callbacks.row(row)) return false;
        if (visits.empty() || visits.back() != row.visit_id) visits.push_back(row.visit_id);
        keys.add(row);
        ++count;
        return true;
    });
    if (damaged) return *damaged;
    if (!streamed) return std::optional<BatchRecord>{};  // cancelled before anything was recorded
    if (callbacks.held && !by_selection) {
        // Visits of the range the export leaves out because their documentation holds the claim.
        callbacks.held(conn.exec(std::string("SELECT count(*) FROM visits v WHERE v.status <> 'draft' AND ") +
                                     detail::held_from_export_sql + " AND v.date_of_service BETWEEN $1 AND $2",
                                 params)
                           .int64(0, 0));
    }
    if (callbacks.late && late_after) {
        callbacks.late(conn.exec(detail::late_visits_count_sql("$1", "$2", *late_after), params).int64(0, 0));
    }
    if (callbacks.other_format) {
        // Amended visits whose corrections wait for the format their lines went out in.
        const auto waiting = conn.exec(
            std::string("SELECT v.id FROM visits v WHERE ") + detail::unsigned_indexed_sql + " AND " +
                (by_selection ? "v.id = ANY($2::bigint[]) AND " : "") + detail::corrections_in_other_format_sql("$1") +
                " ORDER BY v.id",
            by_selection ? std::vector<Param>{format, id_array(selection.visits)} : std::vector<Param>{format});
        std::vector<VisitId> ids;
        for (int i = 0; i < waiting.rows(); ++i) ids.push_back(waiting.int64(i, 0));
        callbacks.other_format(std::move(ids));
    }
    {
        // What goes out must be what was signed (exported_lines_check.hpp), a dry run's too.
        visits.insert(visits.end(), selection.visits.begin(), selection.visits.end());
        std::optional<detail::DateRange> dates;
        if (!by_selection)
            dates = detail::DateRange{core::format_date(selection.from), core::format_date(selection.to)};
        PgSession session(conn, PgSession::Reading::whole);
        if (auto changed = exported_visits_changed(session, std::move(visits), m_ctx.where, dates)) {
            return *std::move(changed);
        }
    }
    if (!record || count == 0) return std::optional<BatchRecord>{};

    auto sha = callbacks.finish ? callbacks.finish() : core::Result<std::string>(std::string{});
    if (!sha) return sha.error();
    BatchRecord batch{batch_id,
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
    // The seal covers the batch and the lines it carries, listed again under the same lock (nothing can
    // have changed them since the stream), a page at a time.
    PgSession session(conn, PgSession::Reading::in_pages);
    const std::string seal =
        detail::batch_seal(session,
                           {batch.id, batch.created_at, batch.created_by, batch.format, optional_date(batch.from_date),
                            optional_date(batch.to_date), batch.line_count, batch.sha256, batch.out_path},
                           pending + items_in_key_order, values);
    // The lines before their batch row (schema 17: a line can be added only to a batch not yet recorded;
    // the lines' foreign key to the batch is checked at the commit). The lines written, from the keys
    // streamed (not from `pending` again): `pending` reads export_items, and an INSERT into export_items that reads it
    // row by row makes the server scan the pages it is filling, once per line (a year's 227,000 lines took 5 minutes
    // instead of seconds).
    const std::int64_t recorded =
        conn.exec(
                "INSERT INTO export_items(batch_id, visit_id, revision, line_ord, kind) SELECT $1, k.visit_id, "
                "k.revision, k.line_ord, CASE WHEN k.reversal = 1 THEN 'reversal' ELSE 'charge' END "
                "FROM unnest(CAST($2 AS bigint[]), CAST($3 AS integer[]), CAST($4 AS integer[]), "
                "CAST($5 AS integer[])) AS k(visit_id, revision, line_ord, reversal)",
                {param(batch_id), keys.visits.param(), keys.revisions.param(), keys.lines.param(),
                 keys.reversals.param()})
            .affected();
    // Every listed line was written: the batch records exactly the lines its file carries.
    if (recorded != count) {
        return core::Error{"the export's list of lines and the rows read for it differ; nothing was exported",
                           m_ctx.where,
                           {},
                           core::ErrorKind::corrupt};
    }
    // The audit row before the batch row: schema 18 records a batch only when the chain records its seal.
    append_audit(conn, "export", std::nullopt,
                 "batch " + std::to_string(batch_id) + ": " + std::to_string(count) + " lines, " + format +
                     ", sha256 " + batch.sha256,
                 actor, detail::export_batch_subject(batch_id), seal);
    conn.exec(
        "INSERT INTO export_batches(id, created_at, created_by, format, from_date, to_date, line_count, sha256, "
        "out_path, seal) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {param(batch.id), batch.created_at, batch.created_by, batch.format, optional_date(batch.from_date),
         optional_date(batch.to_date), param(batch.line_count), batch.sha256, batch.out_path, seal});
    return std::optional<BatchRecord>{batch};
}

// ---- 3. batches and replay ---------------------------------------------------------------------
core::Result<BatchRecord> PgBillingStore::read_batch(BatchId id) {
    const auto r = m_ctx.conn.exec(std::string(batch_columns) + "WHERE b.id = $1", {param(id)});
    if (r.rows() == 0) {
        return core::Error{
            "there is no export batch " + std::to_string(id), m_ctx.where, {}, core::ErrorKind::not_found};
    }
    return batch_of(r, 0);
}

core::Result<BatchRecord> PgBillingStore::batch(BatchId id) {
    try {
        return read_batch(id);
    } catch (const std::exception& e) {
        return pg_error("cannot read export batch " + std::to_string(id), e, m_ctx.where);
    }
}

core::Result<std::vector<BatchRecord>> PgBillingStore::batches(int limit) {
    try {
        // Newest first, as many as asked (at least one), as the SQLite store's keyset list gives them.
        const int n = std::clamp(limit, 1, std::numeric_limits<int>::max() - 1);
        return batches_of(
            m_ctx.conn.exec(std::string(batch_columns) + "ORDER BY b.id DESC LIMIT $1", {param(std::int64_t{n})}));
    } catch (const std::exception& e) {
        return pg_error("cannot list export batches", e, m_ctx.where);
    }
}

core::Status PgBillingStore::replay_batch(BatchId id, const std::function<bool(const ExportRow&)>& row) {
    try {
        PgSnapshot snapshot(m_ctx.conn);  // the batch and its lines from one moment
        if (auto b = read_batch(id); !b) return b.error();
        {
            PgSession session(m_ctx.conn, PgSession::Reading::whole);
            if (auto changed = replayed_batch_changed(session, id, m_ctx.where)) return *std::move(changed);
        }
        ExportRow current;
        std::optional<core::Error> damaged;
        (void)fetch_in_pages(m_ctx.conn,
                             "WITH pending(visit_id, revision, line_ord, reversal) AS (SELECT visit_id, revision, "
                             "line_ord, CASE WHEN kind = 'reversal' THEN 1 ELSE 0 END FROM export_items WHERE "
                             "batch_id = $1) " +
                                 std::string(row_select),
                             {param(id)}, [&](const PgResult& r, int i) {
                                 if (!read_row(r, i, current)) {
                                     damaged = missing_revision(current, m_ctx.where);
                                     return false;
                                 }
                                 return row(current);
                             });
        if (damaged) return *damaged;
        return core::Done{};
    } catch (const std::exception& e) {
        return pg_error("cannot read export batch " + std::to_string(id), e, m_ctx.where);
    }
}

// ---- 4. delivery -------------------------------------------------------------------------------
core::Status PgBillingStore::record_delivery(BatchId id, const std::string& path, const Actor& actor) {
    const std::string what = "cannot record the delivery of batch " + std::to_string(id);
    if (auto refused = m_ctx.refuse_if_read_only(what)) return *refused;
    try {
        PgWriteTransaction tx(m_ctx.conn);
        auto record = read_batch(id);
        if (!record) return record.error();
        // Delivered before (a re-export writes another copy): nothing to record.
        if (record.value().delivered_at) return core::Done{};
        // The audit row first: schema 19 records a delivery only with it.
        append_audit(m_ctx.conn, "export-delivered", std::nullopt,
                     "batch " + std::to_string(id) + " in place at " + path, actor);
        m_ctx.conn.exec(
            "INSERT INTO export_deliveries(batch_id, at, delivered_by, path, sha256) VALUES ($1, $2, $3, $4, $5)",
            {param(id), actor.at, actor.user, path, record.value().sha256});
        tx.commit();
        return core::Done{};
    } catch (const std::exception& e) {
        return pg_error(what, e, m_ctx.where);
    }
}

core::Result<std::vector<BatchRecord>> PgBillingStore::undelivered() {
    try {
        {
            PgSession session(m_ctx.conn, PgSession::Reading::whole);
            if (auto gone = detail::deliveries_changed(session, m_ctx.where)) return *std::move(gone);
        }
        return batches_of(m_ctx.conn.exec(std::string(batch_columns) + "WHERE d.batch_id IS NULL ORDER BY b.id"));
    } catch (const std::exception& e) {
        return pg_error("cannot list undelivered export batches", e, m_ctx.where);
    }
}

}  // namespace infusion::storage::pg
