// The visit screen when another workstation saved the same draft first (issue 14): the nurse reads who
// changed it and when, in clinic time, at the top of the screen; what she typed stays on screen, unsaved,
// until she presses Reload, which shows the stored visit.
#include "ui/ui_driver.hpp"

#include <doctest/doctest.h>

using namespace infusion;

TEST_CASE("a stale save shows who changed the draft and when, keeps the nurse's input, and Reload shows theirs") {
    test::UiDriver d("2026-03-02T15:30:00Z");
    d.click("new");
    d.type_into("new.patient_id", "MRN-777001");
    d.type_into("new.patient_name", "Okonkwo, Grace");
    d.click("new.start");
    REQUIRE(d.state().screen == ui::Screen::visit);
    const auto id = d.state().editor.id();
    CHECK_FALSE(d.visible("visit.conflict"));
    REQUIRE(d.visible("banner.name"));
    const float banner_y = d.state().locations.rects.at("banner.name").min.y;

    // Another workstation saves the draft at 10:42 New York time, from the version this window read.
    const auto stored = d.database().visits().load(id).value();
    core::Visit theirs = stored.current().content;
    theirs.patient.allergies = "latex (haddad)";
    REQUIRE(d.database().visits().save_draft(id, stored.version, theirs, {"rn.haddad", "2026-03-02T15:42:00Z"}).ok());

    // The nurse here goes on typing: her save is refused and the screen says so, plainly.
    d.set_clock("2026-03-02T15:43:00Z");
    d.click("note.add.monitoring");
    d.type_into("notes[0].text", "pump alarm at 10:43");
    REQUIRE(d.visible("visit.conflict"));
    CHECK(d.visible("visit.reload"));
    // Said in the footer, which grows upwards: on top it pushed the whole visit down 104 px under the
    // nurse's finger (found from outside).
    REQUIRE(d.visible("banner.name"));
    CHECK(d.state().locations.rects.at("banner.name").min.y == doctest::Approx(banner_y));
    CHECK(d.state().locations.rects.at("visit.conflict").min.y > d.state().locations.rects.at("banner.name").max.y);
    CHECK(d.state().editor.save_error().find("was changed by rn.haddad at 10:42") != std::string::npos);
    CHECK(d.state().editor.visit().notes.size() == 1);  // her input, still on screen
    CHECK(d.state().editor.visit().notes[0].text == "pump alarm at 10:43");
    const auto on_file = d.database().visits().load(id).value();
    CHECK(on_file.current().content.notes.empty());  // nothing of hers overwrote theirs
    CHECK(on_file.current().content.patient.allergies == "latex (haddad)");

    // Signing is refused too: Sign is held with the reason, and a confirmation asked for anyway (a click
    // on the frame the conflict came) does not offer to sign.
    CHECK(d.visible("sign.blocker"));
    d.state().visit_screen.confirm_sign = true;
    d.frames(2);
    CHECK(d.visible("sign.stale"));
    d.click("sign.confirm");
    CHECK(d.state().editor.status() == storage::VisitStatus::draft);
    d.press(ImGuiKey_Escape);
    CHECK_FALSE(d.visible("sign.confirm"));

    d.click("visit.reload");
    CHECK_FALSE(d.visible("visit.conflict"));
    CHECK(d.state().editor.visit().patient.allergies == "latex (haddad)");
    CHECK(d.state().editor.visit().notes.empty());
    CHECK(d.state().editor.saved());
}

TEST_CASE("after a stale save, leaving the visit asks first: what the nurse typed is not dropped silently") {
    test::UiDriver d("2026-03-02T15:30:00Z");
    d.start_new_visit("MRN-777002", "Okonkwo, Grace");
    const auto id = d.state().editor.id();
    const auto stored = d.database().visits().load(id).value();
    core::Visit theirs = stored.current().content;
    theirs.patient.allergies = "latex (haddad)";
    REQUIRE(d.database().visits().save_draft(id, stored.version, theirs, {"rn.haddad", "2026-03-02T15:42:00Z"}).ok());
    d.type_into("substances[0].lot", "P100234");
    REQUIRE(d.visible("visit.conflict"));

    d.click("back");
    CHECK(d.state().screen == ui::Screen::visit);  // asked, not gone
    REQUIRE(d.visible("leave.question"));
    CHECK(d.state().editor.visit().substances.at(0).lot == "P100234");
    d.click("leave.stay");
    CHECK(d.state().screen == ui::Screen::visit);
    // Leaving on purpose shows the visit as saved elsewhere the next time it is opened.
    d.click("back");
    d.click("leave.discard");
    CHECK(d.state().screen == ui::Screen::today);
    CHECK_FALSE(d.state().editor.conflict());
}
