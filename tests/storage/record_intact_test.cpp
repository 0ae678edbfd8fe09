// Amending or countersigning a signed visit first recomputes its seals: content changed with the sqlite3
// shell must not become a properly sealed amendment, nor be attested by a supervisor.
#include "app/clinic.hpp"
#include "storage/sql_shell.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

using namespace infusion;

namespace {

// A clinic on a real file the shell can reach, with its nurse, its supervisor and the sample visit.
struct ClinicFile {
    test::TempDir dir;
    std::filesystem::path file = dir.path() / "clinic.db";
    test::TestClinic tc{"2026-03-02T18:10:00Z", storage::SqliteDatabase::open(file).value()};
    app::Acting nurse = tc.clinic().without_users("rn.okafor");
    app::Acting supervisor = tc.clinic().without_users("sup.nakamura");
    core::Visit v = test::sample_visit(75);
};

}  // namespace

TEST_CASE_FIXTURE(ClinicFile,
                  "a visit whose signed dose was changed with the shell is neither amended nor countersigned") {
    // Found from outside: the triggers dropped, Cuvitru 14 g made 140 g, the triggers made again; the nurse's
    // amendment ("lot number typo") sealed 140 g and the export billed ten times the dose.
    const auto id = tc.clinic().visits().create(nurse, v).value();
    REQUIRE(tc.clinic().visits().sign(nurse, id).value().signed_visit);
    const auto tampered = tc.clinic().visits().create(nurse, v).value();
    REQUIRE(tc.clinic().visits().sign(nurse, tampered).value().signed_visit);

    REQUIRE(test::drop_all_triggers(file).empty());
    REQUIRE(test::shell(file, "UPDATE substances SET dose = dose * 10 WHERE visit_id = " + std::to_string(tampered))
                .empty());

    const auto amended = tc.clinic().visits().amend(nurse, tampered, v, "lot number typo");
    REQUIRE_FALSE(amended.ok());
    CHECK(amended.error().kind == core::ErrorKind::corrupt);
    CHECK(amended.error().message.find("changed outside InfusionDoc after it was signed") != std::string::npos);
    CHECK(amended.error().message.find("it was not amended") != std::string::npos);
    CHECK(tc.db().visits().load(tampered).value().revisions.size() == 1);  // nothing sealed over it

    const auto countersigned = tc.clinic().review().countersign(supervisor, tampered, "");
    REQUIRE_FALSE(countersigned.ok());
    CHECK(countersigned.error().message.find("it was not countersigned") != std::string::npos);

    // The untouched visit is amended and countersigned as before.
    core::Visit corrected = v;  // an amendment changes something (one that changes nothing is refused)
    corrected.substances[0].lot = "P100235";
    CHECK(tc.clinic().visits().amend(nurse, id, corrected, "lot number typo").ok());
    CHECK(tc.clinic().review().countersign(supervisor, id, "").ok());
}

TEST_CASE_FIXTURE(ClinicFile,
                  "a draft made 'signed' with plain SQL is refused by the triggers, and behind them neither amended "
                  "nor countersigned") {
    // Found from outside: `UPDATE revisions SET sealed = 1 ...` and `UPDATE visits SET status = 'signed'`
    // passed every trigger before schema 18; only db check --full and audit verify named the forgery.
    const auto draft = tc.clinic().visits().create(nurse, v).value();
    const std::string seal_it =
        "UPDATE revisions SET sealed = 1, signed_by = 'rn.okafor', signed_at = '2026-03-02T18:00:00Z', "
        "billable = 1 WHERE visit_id = " +
        std::to_string(draft) + ";";
    const std::string sign_it = "UPDATE visits SET status = 'signed', billable = 1 WHERE id = " + std::to_string(draft);
    CHECK(test::shell(file, seal_it).find("sealed only by signing or amending") != std::string::npos);
    CHECK(test::shell(file, sign_it).find("signed only by sealing its revision") != std::string::npos);
    CHECK(test::shell(file,
                      "INSERT INTO visits(patient_id, status, date_of_service, clinician, created_by, "
                      "created_at, updated_at) SELECT patient_id, 'signed', date_of_service, clinician, "
                      "created_by, created_at, updated_at FROM visits WHERE id = " +
                          std::to_string(draft))
              .find("created as a draft") != std::string::npos);
    CHECK(tc.db().visits().load(draft).value().status == storage::VisitStatus::draft);
    CHECK(tc.db().check().value().ok);

    // Behind the triggers, the seal check of the visit refuses to vouch for it.
    REQUIRE(test::drop_all_triggers(file).empty());
    const std::string forged = test::shell(file, seal_it + sign_it);
    REQUIRE_MESSAGE(forged.empty(), forged);
    const auto amended = tc.clinic().visits().amend(nurse, draft, v, "lot number typo");
    REQUIRE_FALSE(amended.ok());
    CHECK(amended.error().kind == core::ErrorKind::corrupt);
    const auto countersigned = tc.clinic().review().countersign(supervisor, draft, "");
    REQUIRE_FALSE(countersigned.ok());
}

TEST_CASE_FIXTURE(ClinicFile,
                  "an unsealed revision added to a signed visit with the shell is not shown as its content") {
    // Found from outside: the visit screen showed it as "Amendment 1 signed by  at" with no substance, and
    // "Add amendment" started from that empty content.
    const auto id = tc.clinic().visits().create(nurse, v).value();
    REQUIRE(tc.clinic().visits().sign(nurse, id).value().signed_visit);
    REQUIRE(test::shell(file,
                        "INSERT INTO revisions(visit_id, number, author, created_at, reason, patient_mrn) "
                        "VALUES (" +
                            std::to_string(id) + ", 1, 'rn.lindqvist', '2026-03-02T18:05:00Z', 'x', 'MRN-1')")
                .empty());
    const auto loaded = tc.db().visits().load(id).value();
    REQUIRE(loaded.revisions.size() == 1);
    CHECK(loaded.current().sealed);
    CHECK(loaded.current().content.substances.size() == v.substances.size());
    // It is named by db check, and an amendment does not build on it.
    CHECK_FALSE(tc.db().check().value().ok);
    const auto amended = tc.clinic().visits().amend(nurse, id, v, "lot number typo");
    REQUIRE_FALSE(amended.ok());
    CHECK(tc.db().visits().load(id).value().revisions.size() == 1);
}
