// After a patient is renamed, every list names each visit as it was documented: the visit lists (Today,
// `visits list`), the worklist and the review queue, as `visits show`, the printed record and the export do. The
// lists showed the record's new name for visits signed under the old one (found from outside). On every backend
// that stores billing (store_fixture.hpp).
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"

#include <doctest/doctest.h>

using namespace infusion;

TEST_CASE("after a rename the lists name each visit as documented, as visits show and the export do") {
    for (const auto& backend : test::backends(test::Stores::billing)) {
        CAPTURE(backend.name);
        test::TestClinic tc("2026-03-05T15:00:00Z", backend.open());
        const auto nurse = tc.as("rn.okafor", {app::Role::nurse});
        const auto biller = tc.as("billing.chen", {app::Role::biller});
        const auto supervisor = tc.as("sup.nakamura", {app::Role::supervisor});
        auto& visits = tc.clinic().visits();

        core::Visit before = test::sample_visit(75);
        before.patient.name = "Rivera, Ana";
        const auto old_visit = visits.create(nurse, before).value();
        REQUIRE(visits.sign(nurse, old_visit).value().signed_visit);
        core::Visit after = test::sample_visit(75);
        after.patient.name = "Rivera-Lopez, Ana";
        for (auto& p : after.pump_setups) {
            p.start->local += std::chrono::days{1};
            p.stop->local += std::chrono::days{1};
        }
        const auto new_visit = visits.create(nurse, after, storage::PatientNaming::rename).value();
        REQUIRE(visits.sign(nurse, new_visit).value().signed_visit);

        const auto name_in = [](const auto& rows, storage::VisitId id) {
            for (const auto& r : rows) {
                if (r.id == id) return r.patient_name;
            }
            return std::string("(not listed)");
        };
        const auto listed = tc.db().visits().list({}).value().rows;
        CHECK(name_in(listed, old_visit) == "Rivera, Ana");
        CHECK(name_in(listed, new_visit) == "Rivera-Lopez, Ana");
        storage::WorklistFilter week;
        week.from = std::chrono::year{2026} / 3 / 1;
        week.to = std::chrono::year{2026} / 3 / 31;
        const auto worklist = tc.clinic().billing().worklist(biller, week).value().rows;
        CHECK(name_in(worklist, old_visit) == "Rivera, Ana");
        CHECK(name_in(worklist, new_visit) == "Rivera-Lopez, Ana");
        const auto queue = tc.clinic().review().queue(supervisor, {}).value().rows;
        CHECK(name_in(queue, old_visit) == "Rivera, Ana");
        CHECK(name_in(queue, new_visit) == "Rivera-Lopez, Ana");
        // The record itself has the new name.
        CHECK(tc.db().visits().find_patients(before.patient.id, 1).value().at(0).name == "Rivera-Lopez, Ana");
    }
}
