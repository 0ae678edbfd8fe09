// The visit screen at 1280x800 as a nurse sees it (issue 13, faults 3 to 6): the patient banner and the
// Sign button with the billing state always in view, a visit opening at its top, needle rows of
// finger-sized targets that can be undone, site rotation, and the body map by keyboard.
#include "ui/tab_order.hpp"
#include "ui/ui_driver.hpp"
#include "ui/widgets.hpp"

#include <doctest/doctest.h>

using namespace infusion;

namespace {

storage::VisitId stored_visit(test::UiDriver& d, const std::string& mrn, const std::string& name,
                              const std::string& site = "abdomen-left-lower", unsigned day = 2) {
    core::Visit v = test::sample_visit(75);
    v.patient.id = mrn;
    v.patient.name = name;
    v.patient.allergies = "Latex";
    v.pump_setups[0].sites[0].location = site;
    v.pump_setups[0].start = test::at(2026, 3, day, 9, 0);
    v.pump_setups[0].stop = v.pump_setups[0].start;
    v.pump_setups[0].stop->local += std::chrono::minutes{75};
    return d.clinic().visits().create(d.test_clinic().as("rn.okafor", {app::Role::nurse}), v).value();
}

// A stored visit of the patient (stored_visit), open in a window of 1024x700: the small screens of the clinic.
storage::VisitId open_at_1024(test::UiDriver& d, const std::string& mrn, const std::string& name) {
    d.set_window_size(1024.0F, 700.0F);
    const auto id = stored_visit(d, mrn, name);
    d.state().open_visit(id);
    d.frames(3);
    return id;
}

// Today's visit, no site yet, of a patient whose thigh-left was used yesterday, open on the screen.
storage::VisitId today_after_thigh_yesterday(test::UiDriver& d, const std::string& mrn) {
    (void)stored_visit(d, mrn, "Dube, Sipho", "thigh-left", 1);
    core::Visit today = test::sample_visit(75);
    today.patient.id = mrn;
    today.patient.name = "Dube, Sipho";
    today.pump_setups[0].sites.clear();
    const auto id = d.clinic().visits().create(d.test_clinic().as("rn.okafor", {app::Role::nurse}), today).value();
    d.state().open_visit(id);
    d.frames(3);
    return id;
}

}  // namespace

TEST_CASE("the patient banner and Sign with the billing state stay in view however far the visit scrolls") {
    test::UiDriver d("2026-03-02T16:00:00Z");
    const auto id = stored_visit(d, "MRN-790001", "Osei, Kwame");
    d.state().open_visit(id);
    d.frames(3);
    CHECK(d.in_view_now("banner.name"));
    CHECK(d.in_view_now("banner.mrn"));
    CHECK(d.in_view_now("banner.allergies"));
    CHECK(d.in_view_now("sign"));
    CHECK(d.in_view_now("billing.state"));
    REQUIRE(d.visible("note.add.instructions"));  // scrolled to the bottom of the documentation
    CHECK(d.in_view_now("banner.name"));
    CHECK(d.in_view_now("sign"));
    CHECK(d.in_view_now("billing.state"));
}

TEST_CASE("a visit opens at its top, not at the scroll position of the visit before") {
    test::UiDriver d("2026-03-02T16:00:00Z");
    const auto first = stored_visit(d, "MRN-790002", "Adeyemi, Tolu");
    const auto second = stored_visit(d, "MRN-790003", "Berg, Lina");
    d.state().open_visit(first);
    d.frames(3);
    REQUIRE(d.visible("note.add.instructions"));
    CHECK_FALSE(d.in_view_now("patient.allergies"));  // scrolled away
    d.click("back");
    d.state().open_visit(second);
    d.frames(3);
    CHECK(d.in_view_now("patient.allergies"));
    CHECK(d.in_view_now("substances[0].name"));
}

TEST_CASE("every control of a pump set-up and its needle rows is a finger-sized target, 40 px or taller") {
    test::UiDriver d("2026-03-02T16:00:00Z");  // scale 1
    const auto id = stored_visit(d, "MRN-790005", "Dahl, Ingrid");
    d.state().open_visit(id);
    d.frames(3);
    const std::string row = "pump_setups[0].sites[0]";
    for (const std::string& name :
         {std::string("pump_setups[0].pump"), std::string("pump_setups[0].set_up_at"), row + ".needle", row + ".remove",
          row + ".prepped", row + ".aspiration.0", row + ".aspiration.1", row + ".aspiration.2", row + ".secured",
          std::string("pump_setups[0].add_needle"), std::string("pump_setups[0].start"),
          std::string("pump_setups[0].stop")}) {
        CAPTURE(name);
        REQUIRE(d.visible(name));
        const ui::ItemRect r = d.state().locations.rects.at(name);
        CHECK(r.max.y - r.min.y >= 40.0F);
    }
}

TEST_CASE("a removed needle comes back with Undo, in its place") {
    test::UiDriver d("2026-03-02T16:00:00Z");
    const auto id = stored_visit(d, "MRN-790004", "Costa, Rui");
    d.state().open_visit(id);
    d.frames(3);
    auto& sites = d.state().editor.visit().pump_setups[0].sites;
    REQUIRE(sites.size() == 2);
    d.click("pump_setups[0].sites[0].remove");
    REQUIRE(sites.size() == 1);
    CHECK(sites[0].location == "abdomen-right-lower");
    d.click("pump_setups[0].undo_remove");
    REQUIRE(sites.size() == 2);
    CHECK(sites[0].location == "abdomen-left-lower");
    const auto saved = d.database().visits().load(id).value();
    CHECK(saved.current().content.pump_setups[0].sites.size() == 2);
}

TEST_CASE("at 1024x700 a needle that returned blood keeps its needle list clear of Delete entry") {
    // Found from outside: "2. Thigh, left lateral - removed, blood returned" pushed the needle list over
    // "Delete entry", and a click on it opened the list.
    test::UiDriver d("2026-03-02T16:00:00Z");
    (void)open_at_1024(d, "MRN-790005", "Costa, Rui");
    auto& sites = d.state().editor.visit().pump_setups[0].sites;
    REQUIRE(sites.size() == 2);
    sites[1].location = "thigh-left";
    d.state().locations.reveal = "pump_setups[0].sites[1].needle";
    d.frames(3);
    const auto& rects = d.state().locations.rects;
    // The checklist stays where it was when Blood is chosen: the note on a line of its own pushed it down under
    // the pointer, and the next click landed on the text (found from outside).
    const auto checklist_below_name = [&] {
        return rects.at("pump_setups[0].sites[1].prepped").min.y - rects.at("pump_setups[0].sites[1].name").min.y;
    };
    const float before = checklist_below_name();
    sites[1].aspiration = core::Aspiration::blood;
    d.frames(3);
    CHECK(checklist_below_name() == doctest::Approx(before));
    const ui::ItemRect needle = rects.at("pump_setups[0].sites[1].needle");
    const ui::ItemRect remove = rects.at("pump_setups[0].sites[1].remove");
    const ui::ItemRect name = rects.at("pump_setups[0].sites[1].name");
    CHECK((needle.max.x <= remove.min.x || needle.min.y >= remove.max.y));  // side by side, never over it
    CHECK(name.max.x <= needle.min.x);
}

TEST_CASE("a site used yesterday warns when chosen again, and the least recently used sites are suggested") {
    test::UiDriver d("2026-03-02T16:00:00Z");
    const auto id = today_after_thigh_yesterday(d, "MRN-790005");
    CHECK(d.visible("map.suggested"));
    d.click("map.thigh-left");
    const std::vector<std::string> yesterday{"Thigh, left lateral was used yesterday (the clinic rests a site 7 days)"};
    CHECK(d.state().visit_screen.site_warnings == yesterday);
    CHECK(d.visible("site.warning"));
    // Said under the map, where the tap was: in view without scrolling (it was under the set-up, below the
    // fold, found from outside).
    CHECK(d.in_view_now("site.warning"));
    d.click("map.arm-right");  // never used: no warning of its own, and thigh-left's stays
    CHECK(d.state().visit_screen.site_warnings == yesterday);
    // It stays while the site is on the visit: opened again, it says so again (it was gone).
    d.state().open_visit(id);
    d.frames(2);
    CHECK(d.state().visit_screen.site_warnings == yesterday);
    CHECK(d.visible("site.warning"));
}

TEST_CASE("'Sign this visit?' lists a site's rotation warning among what is still to note") {
    // Found from outside: the warning showed under the map and beside the tap for a few seconds, below the fold
    // at 1024x700, and the sign dialog listed only the documentation's warnings.
    test::UiDriver d("2026-03-02T16:00:00Z");
    (void)today_after_thigh_yesterday(d, "MRN-790008");
    d.click("map.thigh-left");
    REQUIRE(d.state().visit_screen.site_warnings.size() == 1);
    d.click("sign");
    d.frames(2);
    CHECK(d.visible("sign.confirm"));
    CHECK(d.visible("sign.rotation"));
    d.press(ImGuiKey_Escape);
    d.frames(2);
    // Taken out for blood: not where the infusion goes, nothing to note (it stood, found from outside).
    d.click("pump_setups[0].sites[0].aspiration.1");
    d.frames(2);
    CHECK(d.state().visit_screen.site_warnings.empty());
    d.click("pump_setups[0].sites[0].aspiration.0");  // blood marked by mistake: the warning is back
    d.frames(2);
    CHECK(d.state().visit_screen.site_warnings.size() == 1);
    // Taken off again: nothing to note.
    d.click("pump_setups[0].sites[0].remove");
    d.frames(2);
    CHECK(d.state().visit_screen.site_warnings.empty());
    d.click("sign");
    d.frames(2);
    CHECK_FALSE(d.visible("sign.rotation"));
}

TEST_CASE("at 1024x700 a tap's rotation warning is said beside the finger, and the map does not move") {
    // Found from outside: at the small screen it fell below the map panel's fold.
    test::UiDriver d("2026-03-02T16:00:00Z");
    d.set_window_size(1024.0F, 668.0F);  // what the window manager leaves a window on a 1024x700 screen
    (void)today_after_thigh_yesterday(d, "MRN-790007");
    REQUIRE(d.visible("map.thigh-left"));
    const float before = d.state().locations.rects.at("map.thigh-left").min.y;
    d.click("map.thigh-left");
    REQUIRE(d.state().visit_screen.site_warnings.size() == 1);
    // Said beside the finger, over the screen, and nothing moves: scrolling the warning into view moved the map,
    // and the next tap placed a needle at another site (found from outside).
    CHECK(d.state().visit_screen.tap_notice.starts_with("Rotation: Thigh, left lateral was used yesterday"));
    CHECK(d.in_view_now("map.thigh-left"));
    CHECK(d.state().locations.rects.at("map.thigh-left").min.y == before);
}

TEST_CASE("the body map by keyboard: + Needle focuses the suggested site, Enter places it, Space checks it") {
    test::UiDriver d("2026-03-02T16:00:00Z");
    core::Visit v = test::sample_visit(75);
    v.patient.id = "MRN-790006";
    v.pump_setups[0].sites.clear();
    const auto id = d.clinic().visits().create(d.test_clinic().as("rn.okafor", {app::Role::nurse}), v).value();
    d.state().open_visit(id);
    d.frames(3);
    d.click("pump_setups[0].add_needle");
    d.frames(2);
    CHECK(ui::focused_stop(d.state()) == "map");
    d.press(ImGuiKey_Enter);
    auto& sites = d.state().editor.visit().pump_setups[0].sites;
    REQUIRE(sites.size() == 1);
    CHECK(sites[0].location == "abdomen-left-upper");  // the first never-used site in the catalog
    d.frames(2);
    CHECK(ui::focused_stop(d.state()) == "pump_setups[0].sites[0].prepped");
    d.press(ImGuiKey_Space);
    CHECK(sites[0].prepped == true);
    d.press(ImGuiKey_Tab);
    CHECK(ui::focused_stop(d.state()) == "pump_setups[0].sites[0].aspiration.0");
    d.press(ImGuiKey_Space);
    CHECK(sites[0].aspiration == core::Aspiration::no_blood);
}

TEST_CASE("a text cut to its cell ends with three dots at a character's start, and a text that fits is whole") {
    // Found from outside: Today cut a held visit's reason and long names mid-word with no sign of it.
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.frames(1);  // the font is loaded
    const std::string name = "Papadopoulou-Wolfeschlegelsteinhausen, Ευαγγελία Κωνσταντίνα Μαρία";
    CHECK(ui::fit_to_width("Rivera, Ana", 1000.0F) == "Rivera, Ana");
    CHECK(ui::fit_to_width(name, 10000.0F) == name);
    for (const float width : {40.0F, 120.0F, 200.0F, 333.0F, 420.0F}) {
        CAPTURE(width);
        const std::string cut = ui::fit_to_width(name, width);
        REQUIRE(cut.size() > 3);
        CHECK(cut.substr(cut.size() - 3) == "...");
        CHECK(ImGui::CalcTextSize(cut.c_str()).x <= width);
        const std::string kept = cut.substr(0, cut.size() - 3);
        CHECK(name.rfind(kept, 0) == 0);                                          // the name's own beginning
        CHECK((static_cast<unsigned char>(name[kept.size()]) & 0xC0U) != 0x80U);  // never inside a letter
        std::size_t next = kept.size() + 1;  // one character more would not fit: no room wasted
        while (next < name.size() && (static_cast<unsigned char>(name[next]) & 0xC0U) == 0x80U) ++next;
        CHECK(ImGui::CalcTextSize((name.substr(0, next) + "...").c_str()).x >= width - 1.0F);
    }
}

TEST_CASE("amending a morning visit does not warn of the site the patient's afternoon visit used after it") {
    // Found from outside: the amendment said "Abdomen, left lower was used today" of the later visit.
    test::UiDriver d("2026-03-02T16:00:00Z");  // 11:00 in New York
    const app::Acting nurse = d.test_clinic().as("rn.okafor", {app::Role::nurse});
    const auto sign = [&](storage::VisitId id) { REQUIRE(d.clinic().visits().sign(nurse, id).value().signed_visit); };
    const auto yesterday = stored_visit(d, "MRN-790009", "Dube, Sipho", "thigh-left", 1);
    const auto morning = stored_visit(d, "MRN-790009", "Dube, Sipho", "abdomen-left-lower", 2);  // 09:00-10:15
    core::Visit later = test::sample_visit(75);
    later.patient.id = "MRN-790009";
    later.patient.name = "Dube, Sipho";
    later.pump_setups[0].sites[0].location = "abdomen-left-lower";
    later.pump_setups[0].sites[1].location = "thigh-left";
    later.pump_setups[0].set_up_at = test::at(2026, 3, 2, 10, 20);
    later.pump_setups[0].start = test::at(2026, 3, 2, 10, 20);
    later.pump_setups[0].stop = test::at(2026, 3, 2, 10, 45);
    const auto afternoon = d.clinic().visits().create(nurse, later).value();
    for (const auto id : {yesterday, morning, afternoon}) sign(id);

    d.state().open_visit(morning);
    d.click("amend.start");
    REQUIRE(d.state().editor.amending());
    d.state().visit_screen.site_warnings_stale = true;
    d.frames(2);
    // Its own left abdomen, used after it that day only, is not said; the right abdomen, which yesterday's
    // visit used too, still is.
    const std::vector<std::string> before{"Abdomen, right lower was used yesterday (the clinic rests a site 7 days)"};
    CHECK(d.state().visit_screen.site_warnings == before);

    // The amendment moves the second needle to yesterday's thigh: that warns.
    d.state().editor.visit().pump_setups[0].sites[1].location = "thigh-left";
    d.state().editor.changed();
    d.state().visit_screen.site_warnings_stale = true;
    d.frames(2);
    const std::vector<std::string> warned{"Thigh, left lateral was used yesterday (the clinic rests a site 7 days)"};
    CHECK(d.state().visit_screen.site_warnings == warned);  // the right abdomen is no longer on it
}

TEST_CASE("at 1024x700 a refused time's reason stays within its row, and a stop before the start is said at once") {
    // Found from outside at 1024 wide: the reason beside a refused Start wrapped to four lines and moved Stop
    // down from under the pointer; a stop typed before the start read "Stopped", said only in the footer.
    test::UiDriver d("2026-03-02T16:00:00Z");  // 11:00 in New York
    (void)open_at_1024(d, "MRN-790006", "Kowalski, Ewa");
    d.state().locations.reveal = "pump_setups[0].stop";
    d.frames(3);
    const auto& rects = d.state().locations.rects;
    const float stop_before = rects.at("pump_setups[0].stop").min.y - rects.at("pump_setups[0].start").min.y;
    d.type_into("pump_setups[0].start", "23:30");  // later than now: refused, with its reason
    d.click("pump_setups[0].stop");
    d.frames(2);
    REQUIRE(d.visible("pump_setups[0].start.message"));
    const ui::ItemRect reason = rects.at("pump_setups[0].start.message");
    const ui::ItemRect start = rects.at("pump_setups[0].start");
    CHECK(reason.min.y >= start.min.y - 1.0F);  // beside the field, within its row's height
    CHECK(reason.max.y <= rects.at("pump_setups[0].start.now").max.y + 1.0F);
    CHECK(rects.at("pump_setups[0].stop").min.y - start.min.y == doctest::Approx(stop_before));

    d.type_into("pump_setups[0].start", "09:00");  // as it was
    d.type_into("pump_setups[0].stop", "08:30");   // before the start, 09:00
    d.click("pump_setups[0].start");
    d.frames(2);
    CHECK(d.visible("pump_setups[0].stop_before_start"));
    CHECK(d.in_view_now("pump_setups[0].stop_before_start"));
}

TEST_CASE("at 1024x700 a second pump set-up's Remove set-up is never drawn over its hint") {
    // Found from outside: "Remove set-up" was drawn over "(taps on the body map add needles here)".
    test::UiDriver d("2026-03-02T16:00:00Z");
    (void)open_at_1024(d, "MRN-790007", "Lindgren, Maja");
    d.state().editor.visit().pump_setups.push_back(d.state().editor.visit().pump_setups[0]);
    d.state().visit_screen.active_setup = 1;
    d.state().locations.reveal = "pump_setups[1].remove";
    d.frames(3);
    const auto& rects = d.state().locations.rects;
    REQUIRE(rects.count("pump_setups[1].hint") == 1);
    REQUIRE(rects.count("pump_setups[1].remove") == 1);
    CHECK(rects.at("pump_setups[1].hint").max.x <= rects.at("pump_setups[1].remove").min.x);
}
