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
    const auto countersigned = d.database().reviews().countersignature(id).value();
    REQUIRE(countersigned.has_value());
    CHECK(countersigned->supervisor == "sup.tanaka");
    CHECK_FALSE(d.visible("countersign.confirm"));
    REQUIRE(d.state().visit_review.record->countersignature.has_value());
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
