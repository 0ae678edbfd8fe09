// The storage contract for writes and lists, on every backend (store_fixture.hpp): errors carry the kind
// callers branch on, a write without its audit row never lands, lists page by key without gaps or repeats.
#include "storage/sql_shell.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"

#include <doctest/doctest.h>

using namespace infusion;
using core::ErrorKind;

namespace {

storage::NewUser user_named(const std::string& name) {
    return storage::NewUser{name, "Test " + name, {"nurse"}, "$argon2id$not-a-real-hash", false};
}

storage::SignedCoding coding_of(const core::Visit& v) { return app::signed_coding(v, test::repo_config()); }

}  // namespace

TEST_CASE("contract: a refused or failed write says what kind of failure it is") {
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& visits = db->visits();
        auto& users = db->users();

        auto missing = visits.load(424242);
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().kind == ErrorKind::not_found);
        auto sign_missing = visits.sign(424242, 1, coding_of(test::sample_visit()), test::actor());
        REQUIRE_FALSE(sign_missing.ok());
        CHECK(sign_missing.error().kind == ErrorKind::not_found);

        const core::Visit v = test::sample_visit();
        const auto id = visits.create_draft(v, test::actor());
        REQUIRE(id.ok());
        REQUIRE(visits.sign(id.value(), 1, coding_of(v), test::actor()).ok());
        auto twice = visits.sign(id.value(), 2, coding_of(v), test::actor());
        REQUIRE_FALSE(twice.ok());
        CHECK(twice.error().kind == ErrorKind::conflict);
        auto save_signed = visits.save_draft(id.value(), 2, v, test::actor());
        REQUIRE_FALSE(save_signed.ok());
        CHECK(save_signed.error().kind == ErrorKind::conflict);
        auto discard_signed = visits.discard_draft(id.value(), test::actor());
        REQUIRE_FALSE(discard_signed.ok());
        CHECK(discard_signed.error().kind == ErrorKind::conflict);
        auto no_reason = visits.amend(id.value(), 2, v, "", coding_of(v), test::actor());
        REQUIRE_FALSE(no_reason.ok());
        CHECK(no_reason.error().kind == ErrorKind::invalid);

        REQUIRE(users.create(user_named("rn.haddad"), test::actor("admin")).ok());
        auto again = users.create(user_named("rn.haddad"), test::actor("admin"));
        REQUIRE_FALSE(again.ok());
        CHECK(again.error().kind == ErrorKind::conflict);
        auto nameless = users.create(user_named(""), test::actor("admin"));
        REQUIRE_FALSE(nameless.ok());
        CHECK(nameless.error().kind == ErrorKind::invalid);
        auto nobody = users.set_roles("rn.nobody", {"nurse"}, test::actor("admin"));
        REQUIRE_FALSE(nobody.ok());
        CHECK(nobody.error().kind == ErrorKind::not_found);
    }
}

TEST_CASE("contract: an export batch that does not exist is not_found") {
    for (const auto& backend : test::backends(test::Stores::billing)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto no_batch = db->billing().batch(77);
        REQUIRE_FALSE(no_batch.ok());
        CHECK(no_batch.error().kind == ErrorKind::not_found);
    }
}

TEST_CASE("contract: the audit log pages oldest first from a row, without gaps or repeats") {
    for (const auto& backend : test::backends(test::Stores::users_audit_facts)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        for (int i = 0; i < 23; ++i) {
            REQUIRE(db->audit().record("note", std::nullopt, "row " + std::to_string(i), test::actor()).ok());
        }
        storage::AuditFilter filter;
        filter.limit = 5;
        filter.action = "note";
        std::vector<std::string> details;
        while (true) {
            auto page = db->audit().entries(filter);
            REQUIRE(page.ok());
            if (page.value().empty()) break;
            CHECK(page.value().size() <= 5);
            for (const auto& e : page.value()) {
                CHECK(e.id > filter.after_id);
                details.push_back(e.detail);
                filter.after_id = e.id;
            }
        }
        REQUIRE(details.size() == 23);
        for (int i = 0; i < 23; ++i) CHECK(details[static_cast<std::size_t>(i)] == "row " + std::to_string(i));
    }
}

TEST_CASE("a read-only database refuses every change before touching it, as 'refused'") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        auto db = storage::SqliteDatabase::open(file);
        REQUIRE(db.ok());
        REQUIRE(db.value()->users().create(user_named("rn.okafor"), test::actor("admin")).ok());
    }
    const auto before = test::file_bytes(file);
    auto opened = storage::SqliteDatabase::open(file, {.create_if_missing = false, .read_only = true});
    REQUIRE(opened.ok());
    auto& db = *opened.value();
    const core::Visit v = test::sample_visit();
    const auto save = db.visits().save_draft(1, 1, v, test::actor());
    const std::vector<core::Status> refusals = {
        db.users().set_roles("rn.okafor", {"nurse", "supervisor"}, test::actor("admin")),
        db.users().set_disabled("rn.okafor", true, test::actor("admin")),
        save.ok() ? core::Status{core::Done{}} : core::Status{save.error()},
        db.visits().discard_draft(1, test::actor()),
        db.audit().record("note", std::nullopt, "x", test::actor()),
        db.facts().record("kind", "demo", true, test::actor("admin")),
        db.billing().record_delivery(1, "/tmp/x.csv", test::actor("biller")),
    };
    for (const auto& refused : refusals) {
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().kind == ErrorKind::refused);
        CHECK(refused.error().message.find("read-only") != std::string::npos);
    }
    auto created = db.visits().create_draft(v, test::actor());
    REQUIRE_FALSE(created.ok());
    CHECK(created.error().kind == ErrorKind::refused);
    CHECK(test::file_bytes(file) == before);
}

TEST_CASE("a change whose audit row cannot be written is not saved, and says so") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    {
        auto db = storage::SqliteDatabase::open(file);
        REQUIRE(db.ok());
        REQUIRE(db.value()->users().create(user_named("rn.okafor"), test::actor("admin")).ok());
    }
    // Someone with the shell makes every audit insert fail: the change must fail with it, not land alone.
    REQUIRE(test::shell(file,
                        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, "
                        "'audit refused'); END;") == "");
    auto db = storage::SqliteDatabase::open(file);
    REQUIRE(db.ok());
    auto changed = db.value()->users().set_roles("rn.okafor", {"nurse", "admin"}, test::actor("admin"));
    REQUIRE_FALSE(changed.ok());
    CHECK(changed.error().message.find("cannot change the roles") != std::string::npos);
    CHECK(changed.error().message.find("audit refused") != std::string::npos);
    CHECK(changed.error().kind == ErrorKind::conflict);
    const auto user = db.value()->users().find("rn.okafor");
    REQUIRE(user.ok());
    REQUIRE(user.value());
    CHECK(user.value()->roles == std::vector<std::string>{"nurse"});
}

TEST_CASE("a database location never shows a password") {
    using storage::DatabaseLocation;
    CHECK(DatabaseLocation::sqlite_file("/var/lib/clinic.db").display() == "/var/lib/clinic.db");
    CHECK(DatabaseLocation::postgresql("service=infusiondoc").display() == "service=infusiondoc");
    CHECK(DatabaseLocation::postgresql("host=db.clinic dbname=infusiondoc password=s3cret user=app").display() ==
          "host=db.clinic dbname=infusiondoc password=*** user=app");
    CHECK(DatabaseLocation::postgresql("host=db password = 'two words' dbname=x").display() ==
          "host=db password=*** dbname=x");
    CHECK(DatabaseLocation::postgresql("postgresql://app:s3cret@db.clinic/infusiondoc").display() ==
          "postgresql://app:***@db.clinic/infusiondoc");
    CHECK(DatabaseLocation::postgresql("postgres://db.clinic/infusiondoc?sslmode=verify-full&password=s3cret")
              .display() == "postgres://db.clinic/infusiondoc?sslmode=verify-full&password=***");
}

TEST_CASE("open_database opens the backend its location names") {
    test::TempDir dir;
    auto sqlite = storage::open_database(storage::DatabaseLocation::sqlite_file(dir.path() / "a.db"));
    REQUIRE(sqlite.ok());
    CHECK(sqlite.value()->location().backend == storage::Backend::sqlite);
    CHECK(sqlite.value()->location().file == dir.path() / "a.db");
    CHECK(sqlite.value()->schema_version() > 0);
    auto memory = storage::open_database(storage::DatabaseLocation::sqlite_file(":memory:"));
    REQUIRE(memory.ok());
    CHECK(memory.value()->users().count().value() == 0);
}
