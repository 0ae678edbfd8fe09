// coding-rules.md 4: an MUE "absolute per date of service" (indicator 2) holds across the patient's visits
// of the date, not per visit. Found from outside: two visits of one patient on one day each billed 96369
// (MUE 1). Signing, amending and the live billing panel count what the other signed visits bill; on every
// backend (the read is storage's, the rule core's).
#include "app/visit_service.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace infusion;

namespace {

// A clinic with the demo users on one backend, the evening of 2026-03-02 (New York).
struct Clinic {
    explicit Clinic(const test::Backend& backend) : tc("2026-03-02T23:00:00Z", backend.open()) {}

    test::TestClinic tc;
    app::VisitService& visits = tc.clinic().visits();
    app::Acting nurse = (tc.add_demo_users(), tc.demo("rn.okafor"));

    storage::VisitId draft(const core::Visit& v) { return visits.create(nurse, v).value(); }
    storage::VisitId signed_visit(const core::Visit& v) {
        const auto id = draft(v);
        const auto outcome = visits.sign(nurse, id);
        REQUIRE(outcome.ok());
        REQUIRE(outcome.value().signed_visit);
        return id;
    }
    std::string lines_of(storage::VisitId id) {
        return test::summary(tc.db().visits().load(id).value().current().coding->lines);
    }
    std::vector<core::Problem> problems_of(storage::VisitId id) {
        return tc.db().visits().load(id).value().current().coding->problems;
    }
};

// The sample visit (09:10 in New York, 2026-03-02) started `hours` later and lasting `minutes`.
core::Visit visit_at(int hours, int minutes = 75, int days = 0) {
    core::Visit v = test::sample_visit(minutes);
    for (auto& p : v.pump_setups) {
        p.start->local += std::chrono::hours{hours} + std::chrono::days{days};
        p.stop->local += std::chrono::hours{hours} + std::chrono::days{days};
    }
    return v;
}

const core::Problem* find(const std::vector<core::Problem>& problems, const std::string& code) {
    const auto it =
        std::find_if(problems.begin(), problems.end(), [&](const core::Problem& p) { return p.code == code; });
    return it == problems.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("a second visit of the patient on the same date bills no second 96369, and says which visit has it") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        const auto morning = c.signed_visit(visit_at(0));
        const auto afternoon = c.signed_visit(visit_at(5, 100));  // 100 min: 96369 + 96370 on its own
        CHECK(c.lines_of(morning) == "96369x1 J1559x80:JZ");
        // The add-on and the drug given in the afternoon are billed; the first hour's code is the morning's.
        CHECK(c.lines_of(afternoon) == "96370x1 J1559x80:JZ");
        const auto problems = c.problems_of(afternoon);
        const auto* capped = find(problems, "mue.capped");
        REQUIRE(capped != nullptr);
        CHECK(capped->message == "96369 is not billed on this visit: visit " + std::to_string(morning) +
                                     " (signed) bills 1 unit of it, and the office MUE is 1 per date of service, "
                                     "2026-03-02 (indicator 2). Nothing to fix here");
        // The add-on says where its primary is.
        const auto lines = c.tc.db().visits().load(afternoon).value().current().coding->lines;
        CHECK(lines.front().reason.ends_with("; the first hour's 96369 is on visit " + std::to_string(morning) +
                                             " (the same date of service)"));

        // Amending the morning visit keeps its 96369: the afternoon's bills none of it.
        core::Visit corrected = visit_at(0);
        corrected.diagnoses.push_back("E11.9");
        REQUIRE(c.visits.amend(c.nurse, morning, corrected, "second diagnosis").ok());
        CHECK(c.lines_of(morning) == "96369x1 J1559x80:JZ");
    }
}

TEST_CASE("only signed, billable visits of the same patient and date count against the MUE") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        (void)c.draft(visit_at(0));  // a draft bills nothing yet
        core::Visit other_patient = visit_at(1);
        other_patient.patient.id = "MRN-000777";
        other_patient.patient.name = "Okafor, Ben";
        c.signed_visit(other_patient);
        c.signed_visit(visit_at(0, 75, -1));  // the day before
        core::Visit held = visit_at(2);
        held.diagnoses.clear();  // signed, but held: its lines go to no claim
        const auto held_id = c.draft(held);
        REQUIRE(c.visits.sign(c.nurse, held_id).value().signed_visit);
        const auto id = c.signed_visit(visit_at(4));
        CHECK(c.lines_of(id) == "96369x1 J1559x80:JZ");
        CHECK(find(c.problems_of(id), "mue.capped") == nullptr);
    }
}

TEST_CASE("the billing panel shows the cap before the nurse signs, and a visit is never its own other visit") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        const auto morning = c.signed_visit(visit_at(0));
        const auto afternoon = c.draft(visit_at(5));
        const core::Coding live = c.visits.code(visit_at(5), afternoon);
        CHECK(test::summary(live.lines) == "J1559x80:JZ");
        CHECK(find(live.problems, "mue.capped") != nullptr);
        // The morning visit coded again (an amendment being written) does not count its own 96369.
        const core::Coding again = c.visits.code(visit_at(0), morning);
        CHECK(test::summary(again.lines) == "96369x1 J1559x80:JZ");
    }
}

TEST_CASE("a patient id with blanks around it is the patient on record, whose first hour is already billed") {
    // Found from outside: " MRN-004211 " and "MRN-004211" followed by a no-break space made two more
    // patients, each billing 96369 again on the date.
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        const auto first = c.signed_visit(visit_at(0));
        core::Visit spaced = visit_at(3);
        spaced.patient.id = " MRN-004211\u00a0";
        const auto second = c.signed_visit(spaced);
        const auto stored = c.tc.db().visits().load(second).value();
        CHECK(stored.current().content.patient.id == "MRN-004211");
        CHECK(c.lines_of(second) == "J1559x80:JZ");
        CHECK(c.lines_of(first) == "96369x1 J1559x80:JZ");
    }
}
