// Who performed a visit (its clinician) is the performer's word, as her signature is: only the visit's
// clinician signs it, so naming oneself the clinician of a colleague's draft must not be the way round
// that rule. These drive VisitService as the window and the command line do (docs/users.md).
#include "app/visit_editor.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

using namespace infusion;

namespace {

core::Visit performed_by(const std::string& clinician) {
    core::Visit v = test::sample_visit(75);
    v.clinician = clinician;
    return v;
}

std::string clinician_of(test::TestClinic& tc, storage::VisitId id) {
    return tc.db().visits().load(id).value().current().content.clinician;
}

}  // namespace

TEST_CASE("a nurse cannot take a colleague's draft by naming herself its clinician, and so cannot sign it") {
    test::TestClinic tc("2026-03-02T16:00:00Z");
    const app::Acting lindqvist = tc.as("rn.lindqvist", {app::Role::nurse});
    const app::Acting okafor = tc.as("rn.okafor", {app::Role::nurse});
    app::VisitService& visits = tc.clinic().visits();
    const auto id = visits.create(lindqvist, performed_by("rn.lindqvist")).value();

    const auto read = visits.open(okafor, id).value();
    core::Visit claimed = read.current().content;
    claimed.clinician = "rn.okafor";
    const auto refused = visits.save_draft(okafor, id, read.version, claimed);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == core::ErrorKind::refused);
    CHECK(refused.error().message.find("performed by rn.lindqvist") != std::string::npos);
    CHECK(clinician_of(tc, id) == "rn.lindqvist");
    CHECK(tc.audited("refused", "rn.okafor") == 1);
    CHECK(visits.clinician_fixed(okafor, "rn.lindqvist").has_value());

    // She still helps with the colleague's draft (a handover at the chair): other fields save.
    core::Visit helped = read.current().content;
    helped.patient.allergies = "Latex";
    REQUIRE_FALSE(helped.substances.empty());
    helped.substances[0].dose = helped.substances[0].dose.value_or(0.0) + 2.0;  // the colleague changes the dose
    const auto saved = visits.save_draft(okafor, id, read.version, helped);
    REQUIRE(saved.ok());
    // And the signature stays the colleague's.
    CHECK_FALSE(visits.sign(okafor, id).ok());
    CHECK(tc.db().visits().load(id).value().status == storage::VisitStatus::draft);

    // The clinician hands the visit over by naming her; then it is hers to sign.
    core::Visit handed = tc.db().visits().load(id).value().current().content;
    handed.clinician = "rn.okafor";
    REQUIRE(visits.save_draft(lindqvist, id, saved.value(), handed).ok());
    CHECK_FALSE(visits.clinician_fixed(okafor, "rn.okafor").has_value());
    CHECK(visits.clinician_fixed(lindqvist, "rn.okafor").has_value());
    // The audit trail says who handed the visit to whom; the helper's save named no clinician change.
    storage::AuditFilter changes;
    changes.visit_id = id;
    changes.action = "change";
    const auto rows = tc.db().audit().entries(changes).value();
    REQUIRE(rows.size() == 2);
    // What the helper changed is named: "draft saved" alone hid a colleague's new dose from the one who signs
    // and from the supervisor (found from outside).
    CHECK(rows[0].actor == "rn.okafor");
    CHECK(rows[0].detail == "draft saved; changed: patient, substance 1 (dose)");
    CHECK(rows[1].actor == "rn.lindqvist");
    CHECK(rows[1].detail == "draft saved; clinician rn.lindqvist -> rn.okafor");
    const auto signature = visits.sign(okafor, id);
    REQUIRE(signature.ok());
    CHECK(signature.value().signed_visit);
}

TEST_CASE("a draft naming nobody who signs is any nurse's to name, and the list offers only nurses who sign") {
    test::TestClinic tc("2026-03-02T16:00:00Z");
    const app::Acting okafor = tc.as("rn.okafor", {app::Role::nurse});
    const app::Acting chen = tc.as("billing.chen", {app::Role::biller});
    tc.as("rn.lindqvist", {app::Role::nurse});
    app::VisitService& visits = tc.clinic().visits();
    for (const std::string& nobody : {std::string("rn.typo"), std::string("billing.chen"), std::string("  ")}) {
        CAPTURE(nobody);
        const auto id = visits.create(okafor, performed_by(nobody)).value();
        const auto read = visits.open(okafor, id).value();
        core::Visit named = read.current().content;
        named.clinician = "rn.okafor";
        REQUIRE(visits.save_draft(okafor, id, read.version, named).ok());
        CHECK(clinician_of(tc, id) == "rn.okafor");
    }
    const auto nurses = visits.nurses(okafor);
    REQUIRE(nurses.ok());
    REQUIRE(nurses.value().size() == 2);
    CHECK(nurses.value()[0].username == "rn.lindqvist");
    CHECK(nurses.value()[1].username == "rn.okafor");
    // A biller is offered nobody: she names no clinician (refused and audited).
    CHECK_FALSE(visits.nurses(chen).ok());
}

TEST_CASE("an amendment cannot change who performed a signed visit") {
    test::TestClinic tc("2026-03-02T16:00:00Z");
    const app::Acting okafor = tc.as("rn.okafor", {app::Role::nurse});
    tc.as("rn.lindqvist", {app::Role::nurse});
    app::VisitService& visits = tc.clinic().visits();
    const auto id = visits.create(okafor, performed_by("rn.okafor")).value();
    REQUIRE(visits.sign(okafor, id).value().signed_visit);

    core::Visit corrected = tc.db().visits().load(id).value().current().content;
    corrected.clinician = "rn.lindqvist";
    corrected.patient.allergies = "Latex";
    const auto refused = visits.amend(okafor, id, corrected, "allergy added");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("who performed a signed visit is not amended") != std::string::npos);
    CHECK(tc.db().visits().load(id).value().revisions.size() == 1);
    CHECK(tc.audited("refused", "rn.okafor") == 1);

    corrected.clinician = "rn.okafor";
    CHECK(visits.amend(okafor, id, corrected, "allergy added").ok());
    CHECK(tc.db().visits().load(id).value().revisions.size() == 2);
}

TEST_CASE("the editor says before any edit that a colleague's Clinician is not hers to change") {
    test::TestClinic tc("2026-03-02T16:00:00Z");
    const app::Acting lindqvist = tc.as("rn.lindqvist", {app::Role::nurse});
    const app::Acting okafor = tc.as("rn.okafor", {app::Role::nurse});
    const auto theirs = tc.clinic().visits().create(lindqvist, performed_by("rn.lindqvist")).value();
    app::VisitEditor window(tc.clinic().visits());
    window.set_acting(&okafor);
    REQUIRE(window.open(theirs).ok());
    REQUIRE(window.clinician_fixed().has_value());
    CHECK(window.clinician_fixed()->find("only rn.lindqvist") != std::string::npos);
    CHECK(window.nurses().size() == 2);

    // Her own draft: free, until she hands it over; then it is the colleague's.
    REQUIRE(window.start_new(test::sample_visit().patient, tc.clinic().config().clinic).ok());
    CHECK_FALSE(window.clinician_fixed().has_value());
    window.visit().clinician = "rn.lindqvist";
    window.changed();
    REQUIRE(window.saved());
    CHECK(window.clinician_fixed().has_value());
}

TEST_CASE("a supervisor who is not a nurse reads a nurse's draft read-only, and a nurse edits it") {
    test::TestClinic tc("2026-03-02T16:00:00Z");
    const app::Acting lindqvist = tc.as("rn.lindqvist", {app::Role::nurse});
    const app::Acting reviewer = tc.as("sup.only", {app::Role::supervisor});
    const app::Acting both = tc.as("sup.nakamura", {app::Role::nurse, app::Role::supervisor});
    const auto draft = tc.clinic().visits().create(lindqvist, performed_by("rn.lindqvist")).value();
    app::VisitEditor window(tc.clinic().visits());

    // Before she types: the draft is not editable, and the reason is the one save_draft would give.
    window.set_acting(&reviewer);
    REQUIRE(window.open(draft).ok());
    CHECK_FALSE(window.editable());
    REQUIRE(window.draft_read_only().has_value());
    CHECK(window.draft_read_only()->find("documenting needs the nurse role") != std::string::npos);
    CHECK(app::documenting_refusal(reviewer).has_value());
    const auto read = tc.clinic().visits().open(reviewer, draft).value();
    CHECK(tc.clinic().visits().save_draft(reviewer, draft, read.version, read.current().content).error().kind ==
          core::ErrorKind::refused);

    // A supervisor who is also a nurse, and the nurse herself, edit it.
    for (const app::Acting* nurse : {&both, &lindqvist}) {
        window.set_acting(nurse);
        REQUIRE(window.open(draft).ok());
        CHECK(window.editable());
        CHECK_FALSE(window.draft_read_only().has_value());
        CHECK_FALSE(app::documenting_refusal(*nurse).has_value());
    }
}
