// Concurrent editing (issue 14), on one SQLite file and on one PostgreSQL database: two Database objects,
// as two windows or two workstations would hold, open the same draft. A save or a signature from the version a writer
// read lands once; the other writer's, from that same version, is refused as a conflict naming who wrote since and
// when, and nothing of it is kept. Old databases (schema 9) upgrade with every visit at 1.
#include "storage/chain_head_file.hpp"
#include "storage/old_schema.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/child_process.hpp"

#include "app/visit_service.hpp"

#include <doctest/doctest.h>

using namespace infusion;
using core::ErrorKind;

namespace {

storage::SignedCoding coding_of(const core::Visit& v) { return app::signed_coding(v, test::repo_config()); }

std::size_t audited(storage::Database& db, const std::string& action) {
    storage::AuditFilter f;
    f.action = action;
    return db.audit().entries(f).value().size();
}

}  // namespace

TEST_CASE("two connections on one database: a stale save is refused, naming who changed it, nothing overwritten") {
    for (const auto& backend : test::shared_backends()) {
        CAPTURE(backend.name);
        auto [first, second] = backend.open();  // rn.haddad's workstation, rn.okafor's

        core::Visit v = test::sample_visit();
        const auto id = first->visits().create_draft(v, test::actor("rn.okafor", "2026-03-02T14:00:00Z")).value();
        const auto read_by_first = first->visits().load(id).value();
        const auto read_by_second = second->visits().load(id).value();
        REQUIRE(read_by_first.version == 1);
        REQUIRE(read_by_second.version == 1);
        CHECK(read_by_second.changed_by == "rn.okafor");

        core::Visit theirs = v;
        theirs.notes.push_back({std::nullopt, core::NoteKind::monitoring, "their note, saved first"});
        const auto saved = first->visits().save_draft(id, 1, theirs, test::actor("rn.haddad", "2026-03-02T15:42:00Z"));
        REQUIRE(saved.ok());
        CHECK(saved.value() == 2);

        core::Visit mine = v;
        mine.notes.push_back({std::nullopt, core::NoteKind::monitoring, "my note, from the old copy"});
        const auto stale = second->visits().save_draft(id, 1, mine, test::actor("rn.okafor", "2026-03-02T15:43:00Z"));
        REQUIRE_FALSE(stale.ok());
        CHECK(stale.error().kind == ErrorKind::conflict);
        // The same words on every backend.
        CHECK(stale.error().message ==
              "visit " + std::to_string(id) +
                  " was changed by rn.haddad at 2026-03-02T15:42:00Z after this copy was read (version 1, now 2); "
                  "nothing was saved: reload");

        // Both connections read the first save, whole; the refused one left no row and no audit entry.
        for (auto* db : {first.get(), second.get()}) {
            const auto now = db->visits().load(id).value();
            CHECK(now.version == 2);
            CHECK(now.changed_by == "rn.haddad");
            CHECK(now.changed_at == "2026-03-02T15:42:00Z");
            REQUIRE(now.current().content.notes.size() == v.notes.size() + 1);
            CHECK(now.current().content.notes.back().text == "their note, saved first");
        }
        CHECK(audited(*second, "change") == 1);

        // Signing from the old copy is refused too: the stored draft is not what that writer saw.
        const auto stale_sign = second->visits().sign(id, 1, coding_of(mine), test::actor("rn.okafor"));
        REQUIRE_FALSE(stale_sign.ok());
        CHECK(stale_sign.error().kind == ErrorKind::conflict);
        CHECK(second->visits().load(id).value().status == storage::VisitStatus::draft);
        CHECK(audited(*first, "sign") == 0);

        // From the version it read again, the second writer saves; the first, now behind, is refused.
        REQUIRE(second->visits().save_draft(id, 2, mine, test::actor("rn.okafor", "2026-03-02T15:44:00Z")).ok());
        CHECK_FALSE(first->visits().save_draft(id, 2, theirs, test::actor("rn.haddad")).ok());
        CHECK(first->visits().load(id).value().current().content.notes.back().text == "my note, from the old copy");

        // Signed at version 3 by its clinician: a save from 3 is then told who signed it and when.
        REQUIRE(second->visits().sign(id, 3, coding_of(mine), test::actor("rn.okafor", "2026-03-02T15:45:00Z")).ok());
        const auto after_sign = first->visits().save_draft(id, 3, theirs, test::actor("rn.haddad"));
        REQUIRE_FALSE(after_sign.ok());
        CHECK(after_sign.error().kind == ErrorKind::conflict);
        CHECK(after_sign.error().message.find("signed by rn.okafor at 2026-03-02T15:45:00Z") != std::string::npos);
        CHECK(first->visits().load(id).value().version == 4);
        CHECK(first->check().value().ok);
    }
}

TEST_CASE("two workstations amend one signed visit from the same copy: the second is refused, nothing lost") {
    for (const auto& backend : test::shared_backends()) {
        CAPTURE(backend.name);
        auto [first, second] = backend.open();
        core::Visit v = test::sample_visit();
        const auto id = first->visits().create_draft(v, test::actor()).value();
        REQUIRE(first->visits().sign(id, 1, coding_of(v), test::actor()).ok());
        const auto read_by_second = second->visits().load(id).value();
        REQUIRE(read_by_second.version == 2);

        core::Visit lot = v;
        lot.substances[0].lot = "LOT-FIRST";
        REQUIRE(first->visits()
                    .amend(id, 2, lot, "lot added", coding_of(lot), test::actor("rn.haddad", "2026-03-02T16:00:00Z"))
                    .ok());
        // The second workstation corrects the stop time on its older copy: refused, naming the amendment.
        core::Visit stop = read_by_second.current().content;
        stop.pump_setups[0].stop->local -= std::chrono::minutes{10};
        const auto stale = second->visits().amend(id, read_by_second.version, stop, "stop time corrected",
                                                  coding_of(stop), test::actor("rn.okafor", "2026-03-02T16:05:00Z"));
        REQUIRE_FALSE(stale.ok());
        CHECK(stale.error().kind == ErrorKind::conflict);
        CHECK(stale.error().message.find("amended by rn.haddad at 2026-03-02T16:00:00Z") != std::string::npos);
        const auto now = second->visits().load(id).value();
        CHECK(now.revisions.size() == 2);  // the draft's revision 1 and the amendment: nothing more
        CHECK(now.current().content.substances[0].lot == "LOT-FIRST");
        CHECK(now.version == 3);
        CHECK(first->check().value().ok);
    }
}

TEST_CASE("an amendment moves the version on and names its author") {
    test::TempDir dir;
    auto db = storage::SqliteDatabase::open(dir.path() / "clinic.db").value();
    const core::Visit v = test::sample_visit();
    const auto id = db->visits().create_draft(v, test::actor()).value();
    REQUIRE(db->visits().sign(id, 1, coding_of(v), test::actor()).ok());
    REQUIRE(db->visits()
                .amend(id, 2, v, "lot corrected", coding_of(v), test::actor("rn.okafor", "2026-03-02T16:00:00Z"))
                .ok());
    const auto now = db->visits().load(id).value();
    CHECK(now.version == 3);
    CHECK(now.changed_by == "rn.okafor");
    CHECK(now.changed_at == "2026-03-02T16:00:00Z");
}

TEST_CASE("a database of schema 9 upgrades: its drafts start at version 1 and save as before") {
    test::TempDir dir;
    const auto file = dir.path() / "old.db";
    const core::Visit v = test::sample_visit();
    {
        auto db = storage::SqliteDatabase::open(file).value();
        REQUIRE(db->visits().create_draft(v, test::actor()).ok());
        const auto signed_id = db->visits().create_draft(v, test::actor()).value();
        REQUIRE(db->visits().sign(signed_id, 1, coding_of(v), test::actor()).ok());
    }
    test::roll_back_draft_versions(file);
    {
        // The program says so to whoever opened it: an older program can no longer open the file (found from
        // outside: nothing was said). A copy, so the upgrade below is the file's first.
        const auto copy = dir.path() / "old-copy.db";
        std::filesystem::copy_file(file, copy);
        std::filesystem::copy_file(storage::detail::chain_head_path(file), storage::detail::chain_head_path(copy));
        std::string said;
        const int status = test::run_to_end(
            {INFUSIONDOC_BINARY, "--config", INFUSIONDOC_SOURCE_DIR "/config", "--db", copy.string(), "visits", "list"},
            said);
        CAPTURE(said);
        CHECK(said.find("old-copy.db was upgraded from schema 9 to " +
                        std::to_string(storage::schema::current_version()) +
                        ": InfusionDoc versions before this one can no longer open it") != std::string::npos);
        (void)status;
        said.clear();
        (void)test::run_to_end(
            {INFUSIONDOC_BINARY, "--config", INFUSIONDOC_SOURCE_DIR "/config", "--db", copy.string(), "visits", "list"},
            said);
        CHECK(said.find("was upgraded") == std::string::npos);  // once
    }
    auto db = storage::SqliteDatabase::open(file).value();
    CHECK(db->upgraded_from() == 9);
    CHECK(db->schema_version() == storage::schema::current_version());
    CHECK(db->visits().load(1).value().version == 1);
    CHECK(db->visits().load(2).value().version == 1);  // signed before versions: counted from here
    const auto saved = db->visits().save_draft(1, 1, v, test::actor());
    REQUIRE(saved.ok());
    CHECK(saved.value() == 2);
    CHECK(db->check().value().ok);
    // The upgrade is in the audit log, by the program (nobody had signed in), once.
    storage::AuditFilter upgrades;
    upgrades.action = "schema-upgrade";
    const auto rows = db->audit().entries(upgrades).value();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].actor == "infusiondoc");
    CHECK(rows[0].detail ==
          "the database upgraded from schema 9 to " + std::to_string(storage::schema::current_version()));
    db.reset();
    CHECK(storage::SqliteDatabase::open(file).value()->audit().entries(upgrades).value().size() == 1);
}
