// The DatabaseFacts contract (database_facts.hpp) on every backend that stores facts: recorded once with
// its audit row, the same value again is done, another value is a conflict, and "only on a new
// database" is refused once anyone or anything is in it.
#include "storage/store_fixture.hpp"

#include <doctest/doctest.h>

using namespace infusion;

TEST_CASE("contract: a database fact is recorded once, with its audit row, and never changed") {
    for (const auto& backend : test::backends(test::Stores::users_audit_facts)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& facts = db->facts();
        CHECK_FALSE(facts.get("kind").value().has_value());
        REQUIRE(facts.record("kind", "demo", true, test::actor("admin")).ok());
        CHECK(facts.get("kind").value() == std::optional<std::string>("demo"));
        CHECK(facts.record("kind", "demo", true, test::actor("admin")).ok());  // the same again: done
        const auto other = facts.record("kind", "clinic", false, test::actor("admin"));
        REQUIRE_FALSE(other.ok());
        CHECK(other.error().kind == core::ErrorKind::conflict);
        CHECK(other.error().message.find("already records kind = demo") != std::string::npos);

        storage::AuditFilter filter;
        filter.action = "database-fact";
        const auto rows = db->audit().entries(filter).value();
        REQUIRE(rows.size() == 1);  // recording the same value again wrote nothing
        CHECK(rows[0].detail == "kind = demo");
        CHECK(db->audit().verify().value().ok);
    }
}

TEST_CASE("contract: a fact for new databases only is refused once a user exists") {
    for (const auto& backend : test::backends(test::Stores::users_audit_facts)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        REQUIRE(
            db->users().create({"admin", "Admin", {"admin"}, "$argon2id$not-a-real-hash", true}, test::actor()).ok());
        const auto refused = db->facts().record("kind", "demo", true, test::actor("admin"));
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().kind == core::ErrorKind::refused);
        CHECK(refused.error().message.find("only a new database") != std::string::npos);
        CHECK_FALSE(db->facts().get("kind").value().has_value());
    }
}
