// `infusiondoc export` from outside: an amended visit's corrections go out in the format its charges went out in.
// An export in the other format leaves them, says so with what to do, and exits 1 ("done, but something needs a
// person"), as it does for held visits: a script that sent only CSV would otherwise never learn that an HL7
// charge's reversal is waiting.
#include "storage/sqlite_database.hpp"
#include "support/cli_run.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using namespace infusion;

TEST_CASE("export in another format than the amended visit's charges leaves its corrections, says so and exits 1") {
    const test::TempDir dir;
    const auto db = dir.path() / "clinic.db";
    test::TestClinic tc("2026-03-02T20:00:00Z", storage::SqliteDatabase::open(db).value());
    const app::Acting nurse = tc.as("rn.okafor", {app::Role::nurse});
    (void)tc.as("billing.chen", {app::Role::biller});
    const auto password = dir.path() / "billing.pw";
    std::ofstream(password) << "billing.chen-password-1\n";
    ::chmod(password.c_str(), 0600);
    const auto run = [&](const std::string& format, const std::string& name) {
        return test::run_cli({"--db", db.string(), "--config", std::string(INFUSIONDOC_SOURCE_DIR) + "/config",
                              "--user", "billing.chen", "--password-file", password.string(), "export", "--from",
                              "2026-03-01", "--to", "2026-03-31", "--format", format, "--out",
                              (dir.path() / name).string()});
    };

    auto& visits = tc.clinic().visits();
    const auto id = visits.create(nurse, test::sample_visit(100)).value();
    REQUIRE(visits.sign(nurse, id).value().signed_visit);
    const auto first = run("hl7", "a.hl7");
    REQUIRE(first.status == 0);
    core::Visit corrected = tc.db().visits().load(id).value().current().content;
    corrected.pump_setups[0].stop->local -= std::chrono::minutes{25};
    REQUIRE(visits.amend(nurse, id, corrected, "stop time corrected").ok());

    // The visit says where its corrections go (it said "the next batch", which the CSV export did not take).
    const auto shown =
        test::run_cli({"--db", db.string(), "--config", std::string(INFUSIONDOC_SOURCE_DIR) + "/config", "--user",
                       "billing.chen", "--password-file", password.string(), "visits", "show", std::to_string(id)});
    CHECK(shown.out.find("amended after export (its reversals and new lines go in the next HL7 export)") !=
          std::string::npos);

    const auto csv = run("csv", "b.csv");
    CHECK(csv.status == 1);
    CHECK(csv.out.find("nothing to export between 2026-03-01 and 2026-03-31") != std::string::npos);
    CHECK(csv.out.find("1 amended visit (visit " + std::to_string(id) +
                       ") waits for an export as HL7: its lines went out as HL7, and its corrections go out the same "
                       "way (export with --format hl7)\n") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "b.csv"));

    const auto hl7 = run("hl7", "c.hl7");
    CHECK(hl7.status == 0);
    CHECK(hl7.out.find(" of them reverse lines of an earlier batch") != std::string::npos);
    CHECK(hl7.out.find("waits for an export") == std::string::npos);
}
