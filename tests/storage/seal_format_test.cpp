// Seal format 2 (storage/seal.hpp; issue 15): a signature seals what it writes, from memory, and db check
// recomputes the same seal from the rows. What a reader of the record would notice if it went wrong: a signed
// visit reported as changed when nobody changed it, or a change behind the program's back not reported.
#include "app/visit_service.hpp"
#include "settings/visit_file.hpp"
#include "storage/old_schema.hpp"
#include "storage/schema.hpp"
#include "storage/seal.hpp"
#include "storage/sql_shell.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/sqlite_session.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace infusion;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The example visits of docs/examples (vials, two pumps, pauses, notes, an office setting) and the sample.
std::vector<core::Visit> example_visits() {
    std::vector<core::Visit> out{test::sample_visit()};
    for (const char* name : {"cuvitru-two-pumps.toml", "gammagard-office.toml", "hizentra-two-sites.toml"}) {
        const auto read = settings::read_visit_file(std::string(INFUSIONDOC_SOURCE_DIR "/docs/examples/") + name,
                                                    test::repo_config().sites);
        REQUIRE_MESSAGE(read.ok(), name);
        out.push_back(read.value().visit);
        out.back().patient.id = std::string("MRN-") + name;
    }
    return out;
}

// A database with every example signed, the first one amended, and one draft left unsigned.
struct Signed {
    test::TempDir dir;
    std::filesystem::path file = dir.path() / "clinic.db";
    std::vector<storage::VisitId> ids;
    storage::VisitId draft = 0;

    Signed() {
        auto db = storage::SqliteDatabase::open(file).value();
        test::TestClinic tc("2026-12-01T18:00:00Z", *db, test::repo_config());
        app::VisitService& service = tc.clinic().visits();
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        for (core::Visit v : example_visits()) {
            v.clinician = "rn.okafor";
            const auto id = service.create(nurse, v).value();
            const auto signed_visit = service.sign(nurse, id);
            REQUIRE_MESSAGE(signed_visit.ok(), (signed_visit.ok() ? "" : signed_visit.error().describe()));
            ids.push_back(id);
        }
        core::Visit corrected = test::sample_visit(95);
        corrected.clinician = "rn.okafor";
        REQUIRE(service.amend(nurse, ids.front(), corrected, "stop time corrected").ok());
        core::Visit unsigned_visit = test::sample_visit();
        unsigned_visit.patient.id = "MRN-DRAFT";
        unsigned_visit.clinician = "rn.okafor";
        draft = service.create(nurse, unsigned_visit).value();
    }

    [[nodiscard]] std::string check_findings() const { return test::check_findings(file); }

    // SQL through the sqlite3 shell, ending with the visit's id.
    void shell_on(const std::string& sql, storage::VisitId visit) const {
        REQUIRE(test::shell(file, sql + std::to_string(visit)).empty());
    }

    // db check names the signed original of `visit` as changed since it was sealed.
    void reports_changed(storage::VisitId visit) const {
        const std::string findings = check_findings();
        CHECK(has(findings, "visit " + std::to_string(visit) + " (signed original)"));
        CHECK(has(findings, "no longer matches its seal"));
    }

    // Signs the draft with the program, as its nurse.
    void sign_draft() const {
        auto db = storage::SqliteDatabase::open(file).value();
        test::TestClinic tc("2026-12-01T19:00:00Z", *db, test::repo_config());
        const auto done = tc.clinic().visits().sign(tc.clinic().without_users("rn.okafor"), draft);
        REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().describe()));
    }
};

struct SealedRevision {
    storage::VisitId visit = 0;
    int number = 0;
    std::string seal;
    std::optional<std::string> digest;
};

std::vector<SealedRevision> sealed_revisions(SQLite::Database& db) {
    std::vector<SealedRevision> out;
    SQLite::Statement s(db,
                        "SELECT visit_id, number, seal, content_digest FROM revisions WHERE sealed = 1 ORDER BY 1, 2");
    while (s.executeStep()) {
        SealedRevision r{s.getColumn(0).getInt64(), s.getColumn(1).getInt(), s.getColumn(2).getString(), {}};
        if (!s.getColumn(3).isNull()) r.digest = s.getColumn(3).getString();
        out.push_back(r);
    }
    return out;
}

}  // namespace

TEST_CASE("a signature is sealed from what it wrote, and the seal and digest are what the rows give when read back") {
    Signed record;
    SQLite::Database db(record.file.string(), SQLite::OPEN_READONLY);
    storage::detail::Connection connection(db);
    storage::detail::SqliteSession session(connection);
    const auto revisions = sealed_revisions(db);
    REQUIRE(revisions.size() == record.ids.size() + 1);  // each example, and the amendment
    std::vector<storage::detail::RevisionKey> keys;
    for (const auto& r : revisions) keys.emplace_back(r.visit, r.number);
    const auto recomputed =
        storage::detail::revision_seals(session, revisions.front().visit, revisions.back().visit, keys);
    for (const auto& r : revisions) {
        CAPTURE(r.visit);
        CAPTURE(r.number);
        REQUIRE(r.digest);
        CHECK(*r.digest == storage::detail::content_digests(session, r.visit, r.number).digest);
        CHECK(recomputed.at({r.visit, r.number}) == r.seal);
    }
    // The draft carries the digest of its rows as saved.
    SQLite::Statement draft(db, "SELECT content_digest FROM revisions WHERE visit_id = ? AND number = 0");
    draft.bind(1, record.draft);
    REQUIRE(draft.executeStep());
    CHECK(draft.getColumn(0).getString() == storage::detail::content_digests(session, record.draft, 0).digest);
    CHECK(record.check_findings().empty());
}

TEST_CASE("the billing lines' service dates are sealed now: one changed behind the triggers is reported") {
    Signed record;
    REQUIRE(test::drop_all_triggers(record.file).empty());
    record.shell_on("UPDATE billing_lines SET service_date = '2026-01-01' WHERE visit_id = ", record.ids.back());
    record.reports_changed(record.ids.back());
}

TEST_CASE("a draft's content changed with the shell before it was signed is reported once it is signed") {
    Signed record;
    // Drafts are not sealed, so no trigger stops this; its digest still describes what the program saved.
    record.shell_on("UPDATE substances SET dose = dose * 2 WHERE visit_id = ", record.draft);
    record.sign_draft();
    record.reports_changed(record.draft);
}

TEST_CASE("a draft saved before schema 14 has no digest: it is signed from its rows read back, and checks clean") {
    Signed record;
    record.shell_on("UPDATE revisions SET content_digest = NULL WHERE visit_id = ", record.draft);
    record.sign_draft();
    CHECK(record.check_findings().empty());
    SQLite::Database db(record.file.string(), SQLite::OPEN_READONLY);
    CHECK_FALSE(db.execAndGet("SELECT content_digest FROM revisions WHERE visit_id = " + std::to_string(record.draft))
                    .isNull());
}

TEST_CASE("revisions sealed in format 1 before schema 14 still verify beside format 2, and a change to one is found") {
    Signed record;
    test::roll_back_seal_format_2(record.file);
    {
        auto opened = storage::SqliteDatabase::open(record.file);  // upgraded, as the program opens it
        REQUIRE(opened.ok());
        CHECK(opened.value()->schema_version() == storage::schema::current_version());
    }
    CHECK(record.check_findings().empty());  // the old seals verify
    record.sign_draft();                     // and a format 2 seal beside them
    {
        SQLite::Database db(record.file.string(), SQLite::OPEN_READONLY);
        int format_1 = 0;
        int format_2 = 0;
        for (const auto& r : sealed_revisions(db)) ++(r.digest ? format_2 : format_1);
        CHECK(format_1 == static_cast<int>(record.ids.size()) + 1);
        CHECK(format_2 == 1);
    }
    CHECK(record.check_findings().empty());
    REQUIRE(test::drop_all_triggers(record.file).empty());
    record.shell_on("UPDATE billing_lines SET units = units + 1 WHERE visit_id = ", record.ids.back());
    record.reports_changed(record.ids.back());
}

TEST_CASE("a draft saved before schema 24 is signed in format 3 when its content is as saved, else in format 2") {
    // Found from outside: drafts open at the upgrade were signed without their diagnoses covered by the export's
    // check. Content changed with the shell before the signature must still show.
    Signed record;
    std::string format_2_digest;
    {
        SQLite::Database db(record.file.string(), SQLite::OPEN_READONLY);
        storage::detail::Connection connection(db);
        storage::detail::SqliteSession session(connection);
        format_2_digest = storage::detail::content_digest(session, record.draft, 0);
    }
    // As a program before schema 24 saved it: format 2's digest, no second one.
    record.shell_on(
        "UPDATE revisions SET content_rest_digest = NULL, content_digest = '" + format_2_digest + "' WHERE visit_id = ",
        record.draft);
    const auto second_digest = [&] {
        SQLite::Database db(record.file.string(), SQLite::OPEN_READONLY);
        return !db.execAndGet("SELECT content_rest_digest FROM revisions WHERE visit_id = " +
                              std::to_string(record.draft))
                    .isNull();
    };
    SUBCASE("as saved") {
        record.sign_draft();
        CHECK(second_digest());
        CHECK(record.check_findings().empty());
    }
    SUBCASE("changed with the shell before it was signed") {
        record.shell_on("UPDATE substances SET dose = dose * 2 WHERE visit_id = ", record.draft);
        record.sign_draft();
        CHECK_FALSE(second_digest());
        record.reports_changed(record.draft);
    }
}

TEST_CASE("a digest a signed revision's row keeps, replaced with the triggers off, is named by db check") {
    // Found from outside: the export refused over it (it seals over the kept digests) while db check said ok.
    Signed record;
    const std::string other = std::to_string(record.ids.at(1));
    REQUIRE(test::shell_without_triggers(record.file,
                                         "UPDATE revisions SET content_rest_digest = (SELECT "
                                         "content_rest_digest FROM revisions WHERE visit_id = " +
                                             other + ") WHERE visit_id = " + std::to_string(record.ids.at(2)))
                .empty());
    record.reports_changed(record.ids.at(2));
}
