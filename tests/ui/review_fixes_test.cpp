// The supervisor's fixes of issue 13 (fault 9) and stamps in the clinic's zone (fault 7): an Open button
// on every queue row, Enter countersigns, the header says "countersigned" at once, and every stamp is
// in the clinic's zone with the zone's name.
#include "core/time_entry.hpp"
#include "ui/ui_driver.hpp"

#include <doctest/doctest.h>

using namespace infusion;

TEST_CASE("a queue row has an Open button, Enter countersigns, and the header says countersigned at once") {
    test::UiDriver d("2026-03-05T15:00:00Z");
    const auto id = d.signed_sample_visit("MRN-110001");
    d.review_from_queue(id);
    CHECK(d.visible("banner.name"));  // the patient banner on the supervisor's visit screen too
    d.click("countersign");
    REQUIRE(d.visible("countersign.confirm"));
    d.press(ImGuiKey_Enter);
    const auto all = d.database().reviews().countersignatures(id).value();
    REQUIRE(all.size() == 1);
    const auto* countersigned = &all.front();
    CHECK(countersigned->supervisor == "sup.tanaka");
    CHECK_FALSE(d.visible("countersign.confirm"));
    REQUIRE(d.state().visit_review.record->countersignature() != nullptr);
    CHECK(d.visible("review.status"));
}

TEST_CASE("a signed visit's stamp is shown in the clinic's zone with its name, never as bare UTC") {
    test::UiDriver d("2026-03-02T16:02:40Z");  // 11:02 in New York
    const auto id = d.signed_sample_visit("MRN-110002");
    d.state().open_visit(id);
    d.frames(3);
    REQUIRE(d.in_view_now("signed.stamp"));
    const auto stored = d.database().visits().load(id).value();
    // Signed on the service's clock: whatever the instant, New York's reading with EST or EDT, not UTC.
    const std::string stamp = core::format_stamp(stored.current().signed_at, "America/New_York");
    REQUIRE(stamp.size() == 20);
    CHECK((stamp.substr(16) == " EST" || stamp.substr(16) == " EDT"));
    CHECK(stamp.find('Z') == std::string::npos);
}

TEST_CASE("countersign waits for the current revision on screen and for a typed send-back reason to go") {
    // Found from outside: over the original it attested revision 1 unseen, and a reason typed before
    // countersigning stayed stuck in a field that could no longer send.
    test::UiDriver d("2026-03-02T16:00:00Z");
    const auto id = d.signed_sample_visit("MRN-110003");
    d.start_amendment(id);
    d.type_into("patient.allergies", "latex");
    d.type_into("amend.reason", "allergy added");
    d.click("amend.sign");
    d.click("amend.confirm");
    REQUIRE(d.database().visits().load(id).value().revisions.size() == 2);
    d.review_from_queue(id);

    d.state().visit_review.revision = 0;  // "original" chosen in the revision box
    d.frames(2);
    d.click("countersign");
    CHECK_FALSE(d.visible("countersign.confirm"));
    CHECK(d.visible("countersign.blocker"));
    d.state().visit_review.revision = 1;
    d.frames(2);

    // The field does not move while it is typed in (the countersign line above it appeared with the first
    // letter and pushed it down: found in the real window).
    const float field_top = d.state().locations.rects.at("correction.reason").min.y;
    d.type_into("correction.reason", "site 2 not documented");
    d.frames(2);
    CHECK(d.state().locations.rects.at("correction.reason").min.y == field_top);
    d.click("countersign");
    CHECK_FALSE(d.visible("countersign.confirm"));
    CHECK(d.visible("countersign.blocker"));
    CHECK(d.state().locations.rects.at("countersign.blocker").min.y >
          d.state().locations.rects.at("correction.request").min.y);  // under the send-back, not above it
    d.state().visit_review.correction_reason.clear();
    d.frames(2);

    d.click("countersign");
    REQUIRE(d.visible("countersign.confirm"));
    d.press(ImGuiKey_Enter);
    const auto all = d.database().reviews().countersignatures(id).value();
    REQUIRE(all.size() == 1);
    const auto* countersigned = &all.front();
    CHECK(countersigned->revision == 1);
    CHECK(d.visible("correction.blocker"));  // the send-back section says why it is done
    // And offers no field: greyed, it still looked like something to fill in (found from outside).
    CHECK_FALSE(d.visible("correction.reason"));
    CHECK_FALSE(d.visible("correction.request"));
}

TEST_CASE("the open audit trail of the visit shows the supervisor's own action at once") {
    test::UiDriver d("2026-03-02T16:00:00Z");
    const auto id = d.signed_sample_visit("MRN-110004");
    d.review_from_queue(id);
    d.click("review.trail");
    d.frames(2);
    REQUIRE(d.state().visit_review.trail.has_value());
    const auto before = d.state().visit_review.trail->size();
    d.type_into("note.text", "site clean at follow-up");
    d.click("note.add");
    d.frames(3);
    REQUIRE(d.state().visit_review.trail.has_value());
    CHECK(d.state().visit_review.trail->size() > before);
    bool noted = false;
    for (const auto& e : *d.state().visit_review.trail)
        noted = noted || e.action.find("site-care") != std::string::npos;
    CHECK(noted);
}

TEST_CASE("a visit amended after its countersignature is in the queue again and its amendment is countersigned") {
    // Found from outside: it stayed "countersigned" with its Countersign button off, so the supervisor never read
    // what the nurse changed after her review.
    test::UiDriver d("2026-03-02T16:00:00Z");
    const auto id = d.signed_sample_visit("MRN-110005");
    d.review_from_queue(id);
    d.click("countersign");
    d.press(ImGuiKey_Enter);
    REQUIRE(d.database().reviews().countersignatures(id).value().size() == 1);

    d.sign_in_as("rn.okafor", {app::Role::nurse});
    d.state().open_visit(id);
    d.frames(2);
    CHECK(d.visible("signed.countersigned"));  // the nurse's screen says so (it said nothing)
    CHECK_FALSE(d.visible("signed.back_in_review"));
    d.start_amendment(id);
    d.type_into("patient.allergies", "latex");
    d.type_into("amend.reason", "allergy added");
    d.click("amend.sign");
    CHECK(d.visible("amend.confirm.review"));  // the confirmation says the countersignature will not cover it
    d.click("amend.confirm");
    REQUIRE(d.database().visits().load(id).value().revisions.size() == 2);
    CHECK(d.visible("signed.back_in_review"));
    CHECK_FALSE(d.visible("signed.countersigned"));
    d.review_from_queue(id);                       // found in the pending queue
    CHECK(d.visible("review.countersignatures"));  // the first one, said to be of revision 0, amended since
    CHECK_FALSE(d.visible("countersign.blocker"));
    CHECK_FALSE(d.visible("correction.blocker"));  // the amendment may be sent back too
    d.click("countersign");
    REQUIRE(d.visible("countersign.confirm"));
    d.press(ImGuiKey_Enter);
    const auto all = d.database().reviews().countersignatures(id).value();
    REQUIRE(all.size() == 2);
    CHECK(all[1].revision == 1);
    CHECK(d.visible("countersign.blocker"));  // once per revision
    // The record's "Signatures and amendments" names each revision's countersignature (it named none).
    CHECK(d.visible("record.countersignature.0"));
    CHECK(d.visible("record.countersignature.1"));

    d.sign_in_as("rn.okafor", {app::Role::nurse});
    d.state().open_visit(id);
    d.frames(2);
    CHECK(d.visible("signed.countersigned"));
    CHECK_FALSE(d.visible("signed.back_in_review"));
}
