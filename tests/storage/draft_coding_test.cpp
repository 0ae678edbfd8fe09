// Issue 15 (no schema change): a draft keeps the coding of its last save, so signing it writes only what a
// signature adds. What the nurse signs, the biller exports and `db check` verifies must not change: the
// lines sealed are always the signature's own coding, whatever a save kept before.
#include "app/visit_service.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace infusion;

namespace {

storage::SignedCoding coding_of(const core::Visit& v) { return app::signed_coding(v, test::repo_config()); }

std::vector<std::string> codes(const std::vector<core::BillingLine>& lines) {
    std::vector<std::string> out;
    for (const auto& l : lines) out.push_back(l.code + " x" + std::to_string(l.units));
    return out;
}

// A clinic file in a fresh folder, with a nurse who signs through the service as the window does.
struct Clinic {
    test::TempDir dir;
    std::filesystem::path file = dir.path() / "clinic.db";
    std::unique_ptr<storage::Database> db = storage::SqliteDatabase::open(file).value();
    test::TestClinic tc{"2026-03-02T16:00:00Z", *db, test::repo_config()};
    app::VisitService& service = tc.clinic().visits();
    app::Acting nurse = tc.clinic().without_users("rn.okafor");

    // The rows of the visit's billing lines, each as "rowid code": a row written again gets a new rowid.
    [[nodiscard]] std::vector<std::string> line_rows(storage::VisitId id) const {
        SQLite::Database read(file.string(), SQLite::OPEN_READONLY);
        SQLite::Statement s(read, "SELECT rowid, code FROM billing_lines WHERE visit_id = ? ORDER BY ord");
        s.bind(1, id);
        std::vector<std::string> out;
        while (s.executeStep()) out.push_back(s.getColumn(0).getString() + " " + s.getColumn(1).getString());
        return out;
    }
    [[nodiscard]] int rows_of(const char* table, storage::VisitId id) const {
        SQLite::Database read(file.string(), SQLite::OPEN_READONLY);
        SQLite::Statement s(read, std::string("SELECT count(*) FROM ") + table + " WHERE visit_id = ?");
        s.bind(1, id);
        s.executeStep();
        return s.getColumn(0).getInt();
    }
};

core::Visit nurses_visit(int minutes) {
    core::Visit v = test::sample_visit(minutes);
    v.clinician = "rn.okafor";
    return v;
}

}  // namespace

TEST_CASE(
    "a nurse's save keeps the coding she then signs: the signature seals those rows without writing them "
    "again, and the record checks clean") {
    Clinic c;
    const core::Visit visit = nurses_visit(75);
    const auto id = c.service.create(c.nurse, visit).value();
    CHECK(c.line_rows(id).empty());  // created, not yet saved by the window: no coding kept

    const auto version = c.service.save_draft(c.nurse, id, 1, visit);
    REQUIRE(version.ok());
    const auto kept = c.line_rows(id);
    REQUIRE_FALSE(kept.empty());

    const auto signed_now = c.service.sign(c.nurse, id, version.value());
    REQUIRE(signed_now.ok());
    REQUIRE(signed_now.value().signed_visit);
    // The same rows (the same rowids): the draft's stored-then-loaded copy derives the coding the save kept.
    CHECK(c.line_rows(id) == kept);
    const auto stored = c.db->visits().load(id).value();
    CHECK(stored.status == storage::VisitStatus::signed_);
    REQUIRE(stored.current().coding.has_value());
    CHECK(codes(stored.current().coding->lines) == codes(coding_of(stored.current().content).lines));
    CHECK(test::check_findings(c.file).empty());
}

TEST_CASE("a draft whose kept coding is not the one it is signed with is signed with its own coding") {
    Clinic c;
    const core::Visit visit = nurses_visit(75);
    const auto id = c.service.create(c.nurse, visit).value();
    // A save that kept another coding (as if derived on another day or under other rules): three hours.
    const storage::SignedCoding other = coding_of(nurses_visit(180));
    REQUIRE(codes(other.lines) != codes(coding_of(visit).lines));
    const auto version = c.db->visits().save_draft(id, 1, visit, test::actor(), &other);
    REQUIRE(version.ok());
    const auto kept = c.line_rows(id);

    REQUIRE(c.service.sign(c.nurse, id, version.value()).value().signed_visit);
    const auto stored = c.db->visits().load(id).value();
    CHECK(codes(stored.current().coding->lines) == codes(coding_of(visit).lines));
    CHECK(c.line_rows(id) != kept);
    CHECK(c.rows_of("intervals", id) == static_cast<int>(coding_of(visit).intervals.size()));
    CHECK(test::check_findings(c.file).empty());
}

TEST_CASE("a kept billing line changed by hand before signing is not what gets signed or billed") {
    Clinic c;
    const core::Visit visit = nurses_visit(75);
    const auto id = c.service.create(c.nurse, visit).value();
    const auto version = c.service.save_draft(c.nurse, id, 1, visit);
    REQUIRE(version.ok());
    {
        // The sqlite3 shell on the file, every trigger in place: a draft's rows are not sealed yet.
        SQLite::Database shell(c.file.string(), SQLite::OPEN_READWRITE);
        REQUIRE(shell.exec("UPDATE billing_lines SET units = 7777 WHERE visit_id = " + std::to_string(id)) > 0);
    }
    REQUIRE(c.service.sign(c.nurse, id, version.value()).value().signed_visit);
    SQLite::Database read(c.file.string(), SQLite::OPEN_READONLY);
    CHECK(read.execAndGet("SELECT count(*) FROM billing_lines WHERE units = 7777").getInt() == 0);
    const auto stored = c.db->visits().load(id).value();
    REQUIRE(stored.current().coding.has_value());
    CHECK(codes(stored.current().coding->lines) == codes(coding_of(visit).lines));
    CHECK(test::check_findings(c.file).empty());
}

TEST_CASE("a draft saved with its coding is discarded whole") {
    Clinic c;
    const core::Visit visit = nurses_visit(75);
    const auto id = c.service.create(c.nurse, visit).value();
    REQUIRE(c.service.save_draft(c.nurse, id, 1, visit).ok());
    REQUIRE(c.rows_of("billing_lines", id) > 0);
    REQUIRE(c.db->visits().discard_draft(id, test::actor()).ok());
    CHECK(c.rows_of("billing_lines", id) == 0);
    CHECK(c.rows_of("intervals", id) == 0);
    CHECK(test::check_findings(c.file).empty());
}

TEST_CASE("contract: signing a draft seals the signature's coding, whatever its last save kept") {
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& store = db->visits();
        const core::Visit visit = nurses_visit(75);
        const storage::SignedCoding right = coding_of(visit);
        const storage::SignedCoding other = coding_of(nurses_visit(180));

        // Kept by the save and signed with the same coding; kept another one; kept none (an import).
        const auto same = store.create_draft(visit, test::actor()).value();
        REQUIRE(store.save_draft(same, 1, visit, test::actor(), &right).ok());
        const auto changed = store.create_draft(visit, test::actor()).value();
        REQUIRE(store.save_draft(changed, 1, visit, test::actor(), &other).ok());
        const auto none = store.create_draft(visit, test::actor()).value();
        REQUIRE(store.save_draft(none, 1, visit, test::actor()).ok());
        // A later save replaces what an earlier one kept.
        const auto resaved = store.create_draft(visit, test::actor()).value();
        REQUIRE(store.save_draft(resaved, 1, visit, test::actor(), &other).ok());
        REQUIRE(store.save_draft(resaved, 2, visit, test::actor(), &right).ok());

        for (const auto& [id, version] :
             std::vector<std::pair<storage::VisitId, std::int64_t>>{{same, 2}, {changed, 2}, {none, 2}, {resaved, 3}}) {
            CAPTURE(id);
            REQUIRE(store.sign(id, version, right, test::actor()).ok());
            const auto stored = store.load(id).value();
            CHECK(codes(stored.current().coding->lines) == codes(right.lines));
            CHECK(stored.current().coding->problems.size() == right.problems.size());
        }
        const auto report = db->audit().verify();
        REQUIRE(report.ok());
        CHECK(report.value().findings.empty());
    }
}
