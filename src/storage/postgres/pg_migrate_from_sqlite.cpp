// Moving a clinic's SQLite database to PostgreSQL (migrate_to_postgresql.hpp).
// Sections: 1. the source's snapshot  2. the move. The tables, their values,
// the copy and the comparison are in pg_migrate_tables.cpp and pg_migrate_copy.cpp (pg_migrate_parts.hpp).
//
// Why it is shaped so:
// - One read snapshot of the source (a workstation may still be writing) and one PostgreSQL transaction
//   holding the audit chain's advisory lock (no workstation writes on the server meanwhile): the copy is
//   whole or absent. Everything is compared and verified before COMMIT, so a difference rolls it back.
// - The tables go in the order the program itself writes them, so the server's protections stay on
//   throughout: a revision is inserted unsealed, its content rows after it, then it is sealed (as signing
//   does: UPDATE sealed = 1), then its review flags (which need a sealed revision); review records after
//   the visits they are about, countersignatures before correction requests.
// - COPY in text format, one statement per table; the columns are the target's, read from the server, and
//   the source must have exactly those, so a column is never dropped on the way.
// - Values are compared as the schema types them: whole numbers as decimal text, reals as the same double
//   (17 significant digits, exact both ways), text byte for byte, NULL apart from ''.
#include "storage/migrate_to_postgresql.hpp"

#include "storage/postgres/pg_audit_log.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_migrate_parts.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_seals.hpp"
#include "storage/postgres/pg_write.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite_support.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <chrono>

namespace infusion::storage {
namespace {

using namespace pg::sqlite_move;

// ---- 1. the source's snapshot --------------------------------------------------------------------
// A read transaction of its own on the source file: every statement below reads the file as it was at
// the first read, whatever a workstation commits meanwhile (WAL).
class SourceSnapshot {
public:
    explicit SourceSnapshot(const std::filesystem::path& file) : db(file.string(), SQLite::OPEN_READONLY) {
        db.setBusyTimeout(5000);
        db.exec("BEGIN");
        (void)db.execAndGet("SELECT count(*) FROM sqlite_master").getInt64();  // the snapshot starts here
    }
    ~SourceSnapshot() {
        try {
            db.exec("COMMIT");
        } catch (const std::exception&) {
            // Nothing was written; closing the connection ends the read.
        }
    }
    SourceSnapshot(const SourceSnapshot&) = delete;
    SourceSnapshot& operator=(const SourceSnapshot&) = delete;

    SQLite::Database db;
};

std::string findings_text(const CheckReport& report) {
    std::string out;
    const std::size_t shown = std::min<std::size_t>(report.findings.size(), 5);
    for (std::size_t i = 0; i < shown; ++i) out += (i ? "; " : "") + report.findings[i];
    if (report.findings.size() > shown) out += "; and " + std::to_string(report.findings.size() - shown) + " more";
    return out;
}

}  // namespace

// ---- 2. the move ---------------------------------------------------------------------------------
core::Result<MigrationReport> migrate_sqlite_to_postgresql(Database& source, const std::string& url, const Actor& actor,
                                                           const MigrationProgress& progress) {
    using steady = std::chrono::steady_clock;
    const auto started = steady::now();
    const auto step = [&](const std::string& text) {
        if (progress) progress(text);
    };
    const auto& from = source.location();
    if (from.backend != Backend::sqlite || from.file == ":memory:") {
        return core::Error{"db migrate copies a SQLite database file, and this database is not one",
                           from.display(),
                           {},
                           core::ErrorKind::invalid};
    }
    MigrationReport report;
    report.source = from.file.string();
    if (schema::current_version() != pg::current_version()) {
        return core::Error{"this program's PostgreSQL schema (" + std::to_string(pg::current_version()) +
                               ") is not at its SQLite schema's version (" + std::to_string(schema::current_version()) +
                               "): it cannot move a database",
                           report.source,
                           {},
                           core::ErrorKind::invalid};
    }
    // The source's own check first: a damaged or altered record is repaired where it is, not moved.
    step("checking the source (db check)");
    auto checked = source.check(CheckDepth::quick);
    if (!checked) return checked.error();
    if (!checked.value().ok) {
        return core::Error{"the database does not pass its own check (infusiondoc db check), so it is not copied: " +
                               findings_text(checked.value()),
                           report.source,
                           {},
                           core::ErrorKind::corrupt};
    }
    // The target's schema, created or upgraded as any opening does (the owner role's connection).
    {
        auto target = PostgresDatabase::open(url);
        if (!target) return target.error();
        report.target = target.value()->where();
    }
    std::unique_ptr<pg::PgConnection> pg;
    try {
        pg = std::make_unique<pg::PgConnection>(url);
        pg->exec("SET search_path = infusiondoc, pg_temp");
    } catch (const std::exception& e) {
        return pg::pg_error("cannot connect to the target", e, report.target);
    }

    const std::string nothing_kept = "nothing was copied to " + report.target + " (it holds no row): ";
    try {
        SourceSnapshot snapshot(from.file);
        SQLite::Database& src = snapshot.db;
        const int application_id = src.execAndGet("PRAGMA application_id").getInt();
        report.schema_version = src.execAndGet("PRAGMA user_version").getInt();
        if (application_id != schema::application_id || report.schema_version != schema::current_version()) {
            throw CopyRefused("the source is not an InfusionDoc database at schema " +
                                  std::to_string(schema::current_version()) + " (it is at " +
                                  std::to_string(report.schema_version) + ")",
                              core::ErrorKind::invalid);
        }
        if (pg::installed_version(*pg) != report.schema_version) {
            throw CopyRefused("the target's schema is not at version " + std::to_string(report.schema_version),
                              core::ErrorKind::invalid);
        }

        pg::PgWriteTransaction tx(*pg);  // the chain's lock: no workstation writes on the server meanwhile
        require_empty(*pg, report.target);
        check_table_sets(src, *pg);
        std::vector<Table> tables;
        for (const char* name : copy_order) {
            tables.push_back(target_shape(*pg, name));
            check_source_shape(src, tables.back());
        }

        const auto copy_started = steady::now();
        pg->exec("DELETE FROM " + ident(std::string(replaced_table)));
        std::vector<RevisionKey> sealed;
        for (std::size_t i = 0; i < tables.size(); ++i) {
            const Table& t = tables[i];
            if (t.name == sealed_before) {
                step("sealing " + std::to_string(sealed.size()) + " signed revisions and amendments");
                seal_revisions(*pg, sealed);
                pg->exec("ANALYZE revisions");  // the statistics taken after the copy said "nothing sealed"
            }
            step("copying table " + t.name + " (" + std::to_string(i + 1) + " of " + std::to_string(tables.size()) +
                 ")");
            const std::int64_t rows = copy_table(src, *pg, t, sealed);
            // Statistics of the rows just copied (ANALYZE counts this transaction's own rows): without them
            // the planner takes the filled tables for empty, and the triggers' and the verification's
            // lookups scan instead of seek.
            pg->exec("ANALYZE " + ident(t.name));
            report.tables.push_back({t.name, rows});
            report.rows += rows;
        }
        advance_identities(*pg);
        for (std::size_t i = 0; i < tables.size(); ++i) {
            step("comparing table " + tables[i].name + " with the source, row by row (" + std::to_string(i + 1) +
                 " of " + std::to_string(tables.size()) + ")");
            compare_table(src, *pg, tables[i]);
        }
        report.copy_seconds = std::chrono::duration<double>(steady::now() - copy_started).count();

        // The target's chain continues the source's: the move itself is its next row.
        std::int64_t visits = 0;
        for (const auto& t : report.tables) {
            if (t.name == "visits") visits = t.rows;
        }
        if (SQLite::Statement last(src, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1"); last.executeStep()) {
            report.source_chain_rows = last.getColumn(0).getInt64();
            report.source_chain_head = last.getColumn(1).getString();
        }
        pg::append_audit(*pg, "db-migrate", std::nullopt,
                         "copied from " + report.source + " (schema " + std::to_string(report.schema_version) +
                             "): " + std::to_string(visits) + " visits, " + std::to_string(report.rows) +
                             " rows, audit chain to row " + std::to_string(report.source_chain_rows) + " " +
                             report.source_chain_head,
                         actor);
        const auto verify_started = steady::now();
        CheckReport verified;
        step("verifying the copy on the server: the audit chain (" + std::to_string(report.source_chain_rows + 1) +
             " rows)");
        pg::verify_chain_in_transaction(*pg, verified);
        step("verifying the copy on the server: accounts, facts and every content seal");
        pg::check_accounts_and_facts(*pg, verified);
        pg::check_content_seals_in_transaction(*pg, verified);
        step("committing");
        if (!verified.ok) throw CopyRefused("the copy does not verify on the server: " + findings_text(verified));
        const auto head = pg->exec("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
        report.chain_rows = head.int64(0, 0);
        report.chain_head = head.text(0, 1);
        report.verify_seconds = std::chrono::duration<double>(steady::now() - verify_started).count();
        tx.commit();
    } catch (const CopyRefused& e) {
        if (e.kind() == core::ErrorKind::refused) return core::Error::of(e.kind(), e.what());
        return core::Error{nothing_kept + e.what(), report.source, {}, e.kind()};
    } catch (const SQLite::Exception& e) {
        return detail::sqlite_error("cannot read the database to copy it; " + nothing_kept, e, report.source);
    } catch (const std::exception& e) {
        return pg::pg_error(nothing_kept + "the copy failed", e, report.target);
    }
    report.seconds = std::chrono::duration<double>(steady::now() - started).count();
    return report;
}

}  // namespace infusion::storage
