// Schema 16 (issue 15): the status index holds the unsigned visits only (drafts and amended visits), so a
// signature deletes its visit's entry and inserts none. What a nurse, a biller or a supervisor lists by
// status must not change, on either backend, nor on a file upgraded from schema 15.
#include "app/visit_service.hpp"
#include "storage/old_schema.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

using namespace infusion;

namespace {

storage::SignedCoding coding_of(const core::Visit& v) { return app::signed_coding(v, test::repo_config()); }

// Five visits: one left a draft, four signed, the last of them then amended.
struct Visits {
    std::vector<storage::VisitId> drafts, signed_, amended;
};

Visits make_visits(storage::VisitStore& store) {
    Visits out;
    std::vector<storage::VisitId> ids;
    for (int i = 0; i < 5; ++i) {
        core::Visit v = test::sample_visit(60 + 15 * i);
        v.patient.id = "MRN-UNSIGNED-" + std::to_string(i);
        ids.push_back(store.create_draft(v, test::actor()).value());
    }
    out.drafts = {ids[0]};
    for (std::size_t i = 1; i < ids.size(); ++i) {
        const core::Visit v = store.load(ids[i]).value().current().content;
        REQUIRE(store.sign(ids[i], 1, coding_of(v), test::actor()).ok());
    }
    out.signed_ = {ids[1], ids[2], ids[3]};
    core::Visit corrected = store.load(ids[4]).value().current().content;
    corrected.notes.push_back(core::Note{std::nullopt, core::NoteKind::general, "site checked again"});
    REQUIRE(store.amend(ids[4], 2, corrected, "note added", coding_of(corrected), test::actor()).ok());
    out.amended = {ids[4]};
    return out;
}

// Every visit a list by `status` gives, read one page of one row at a time, with each row's status.
std::set<storage::VisitId> listed(storage::VisitStore& store, storage::VisitStatus status) {
    std::set<storage::VisitId> out;
    storage::VisitFilter filter;
    filter.status = status;
    filter.limit = 1;
    while (true) {
        const auto page = store.list(filter);
        REQUIRE(page.ok());
        for (const auto& row : page.value().rows) {
            CHECK(row.status == status);
            CHECK(out.insert(row.id).second);
        }
        if (!page.value().next) return out;
        filter.after = page.value().next;
    }
}

std::set<storage::VisitId> as_set(const std::vector<storage::VisitId>& ids) { return {ids.begin(), ids.end()}; }

// The visits the file's status index holds (read through the index itself).
int unsigned_entries(const std::filesystem::path& file) {
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT count(*) FROM visits INDEXED BY visits_unsigned WHERE status <> 'signed'").getInt();
}

int objects_named(const std::filesystem::path& file, const std::string& name) {
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    SQLite::Statement s(db, "SELECT count(*) FROM sqlite_schema WHERE name = ?");
    s.bind(1, name);
    REQUIRE(s.executeStep());
    return s.getColumn(0).getInt();
}

}  // namespace

TEST_CASE("contract: a list by status gives the drafts, the signed and the amended visits, page by page") {
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        const Visits v = make_visits(db->visits());
        CHECK(listed(db->visits(), storage::VisitStatus::draft) == as_set(v.drafts));
        CHECK(listed(db->visits(), storage::VisitStatus::signed_) == as_set(v.signed_));
        CHECK(listed(db->visits(), storage::VisitStatus::amended) == as_set(v.amended));
    }
}

TEST_CASE("a signature takes its visit out of the status index and puts nothing in, an amendment puts it back") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    auto db = storage::SqliteDatabase::open(file).value();
    auto& store = db->visits();
    const core::Visit visit = test::sample_visit();
    const auto first = store.create_draft(visit, test::actor()).value();
    const auto second = store.create_draft(visit, test::actor()).value();
    CHECK(unsigned_entries(file) == 2);
    REQUIRE(store.sign(first, 1, coding_of(visit), test::actor()).ok());
    CHECK(unsigned_entries(file) == 1);
    REQUIRE(store.amend(first, 2, visit, "checked", coding_of(visit), test::actor()).ok());
    CHECK(unsigned_entries(file) == 2);
    REQUIRE(store.sign(second, 1, coding_of(visit), test::actor()).ok());
    CHECK(unsigned_entries(file) == 1);
    CHECK(objects_named(file, "visits_by_status") == 0);
    CHECK(test::check_findings(file).empty());
}

TEST_CASE("a schema 15 file is upgraded: the status index is rebuilt unsigned-only, the lists and db check as before") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    Visits v;
    {
        auto db = storage::SqliteDatabase::open(file).value();
        v = make_visits(db->visits());
    }
    test::roll_back_unsigned_index(file);
    {
        SQLite::Database old(file.string(), SQLite::OPEN_READONLY);
        REQUIRE(old.execAndGet("PRAGMA user_version").getInt() == 15);
    }
    REQUIRE(objects_named(file, "visits_by_status") == 1);
    REQUIRE(objects_named(file, "visits_unsigned") == 0);

    auto db = storage::SqliteDatabase::open(file).value();
    CHECK(db->schema_version() == storage::schema::current_version());
    CHECK(objects_named(file, "visits_by_status") == 0);
    CHECK(unsigned_entries(file) == 2);  // the draft and the amended visit
    CHECK(listed(db->visits(), storage::VisitStatus::draft) == as_set(v.drafts));
    CHECK(listed(db->visits(), storage::VisitStatus::signed_) == as_set(v.signed_));
    CHECK(listed(db->visits(), storage::VisitStatus::amended) == as_set(v.amended));
    CHECK(test::check_findings(file).empty());
}
