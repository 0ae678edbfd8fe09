// The visit screen's scan field, typed into as a keyboard-wedge scanner does (characters, GS included,
// then Enter): the product, NDC, lot and expiry fill in and are saved; a bad scan changes nothing.
#include "core/gs1.hpp"
#include "ui/tab_order.hpp"
#include "ui/ui_driver.hpp"

#include <doctest/doctest.h>

using namespace infusion;

namespace {

void start_visit(test::UiDriver& d) {
    d.click("new");
    d.type_into("new.patient_id", "MRN-555001");
    d.type_into("new.patient_name", "Scan, Vial");
    d.click("new.start");
    REQUIRE(d.state().screen == ui::Screen::visit);
}

// The GTIN a US vial of the catalog's first immune globulin carries: indicator 0, "03", its NDC in the
// 10-digit layout the labeller used (the 11-digit form's padding zero removed), check digit.
struct Product {
    std::string name;
    std::string ndc;
    std::string gtin;
};
Product first_product(test::UiDriver& d) {
    for (const auto& s : d.clinic().substances().substances) {
        for (const auto& ndc : s.ndcs) {
            const auto forms = core::ndc10_forms(ndc);
            if (forms.empty()) continue;
            const std::string body = "003" + forms.front().digits;
            return {s.name, ndc, body + core::gs1_check_digit(body)};
        }
    }
    FAIL("the catalog has no NDC with a 10-digit form");
    return {};
}

}  // namespace

TEST_CASE("a wedge scanner's DataMatrix string fills substance, NDC, lot and expiry, saved with the draft") {
    test::UiDriver d("2026-03-02T14:00:00Z");
    start_visit(d);
    const auto product = first_product(d);
    d.type_into("visit.scan", "]d201" + product.gtin + "17270500" + "10P100234" + "\x1d" + "21SN0001");
    d.press(ImGuiKey_Enter);
    d.frames(2);
    REQUIRE(d.visible("visit.scan.summary"));
    const auto& visit = d.state().editor.visit();
    REQUIRE_FALSE(visit.substances.empty());
    CHECK(visit.substances[0].name == product.name);
    CHECK(visit.substances[0].ndc == product.ndc);
    CHECK(visit.substances[0].lot == "P100234");
    REQUIRE(visit.substances[0].vials.size() == 1);
    CHECK(visit.substances[0].vials[0].serial == "SN0001");
    CHECK(visit.substances[0].vials[0].expiry ==
          std::chrono::year_month_day{std::chrono::year{2027}, std::chrono::May, std::chrono::day{31}});
    CHECK(d.state().vial_scan.text.empty());  // ready for the next vial

    // Saved as the nurse goes: the database holds the vial.
    const auto stored = d.database().visits().load(d.state().editor.id()).value();
    REQUIRE(stored.current().content.substances[0].vials.size() == 1);
    CHECK(stored.current().content.substances[0].vials[0].lot == "P100234");

    // The same vial again: a warning, not a second vial.
    d.type_into("visit.scan", "]d201" + product.gtin + "17270500" + "10P100234" + "\x1d" + "21SN0001");
    d.press(ImGuiKey_Enter);
    d.frames(2);
    CHECK(d.visible("visit.scan.warning.scan.serial-repeated"));
    CHECK(d.state().editor.visit().substances[0].vials.size() == 1);

    // A second vial in the human-readable form, expired before today's date of service.
    d.type_into("visit.scan", "(01)" + product.gtin + "(17)260200(10)OLD1(21)SN0002");
    d.press(ImGuiKey_Enter);
    d.frames(2);
    CHECK(d.visible("visit.scan.warning.scan.vial-expired"));
    CHECK(d.state().editor.visit().substances[0].vials.size() == 2);

    // The warning stays with the visit under Billing, and leads to the vial's line.
    REQUIRE(d.visible("problem.vial.expired"));
    d.click("problem.vial.expired");
    d.frames(3);
    CHECK(d.state().visit_screen.focus_field.empty());  // taken by the vial's line, not left pending
    CHECK(d.in_view_now("visit.vial.0.1"));
}

TEST_CASE(
    "a GS typed as Ctrl and the right bracket ends the lot even while Ctrl is down, and the last visit's scan message "
    "goes") {
    // Found from outside: a scanner sends GS as Ctrl+]; the window got no character for it, the lot ran
    // on into the serial ("99X12321SN0099") and the scan read as good. The window now queues a GS for
    // Ctrl+], which a text field would drop while Ctrl is still down in that frame.
    test::UiDriver d("2026-03-02T14:00:00Z");
    start_visit(d);
    const auto product = first_product(d);
    d.type_into("visit.scan", "]d201" + product.gtin + "17270500" + "1099X123");
    d.ctrl_type("\x1d");
    d.type("21SN0099");
    d.press(ImGuiKey_Enter);
    d.frames(2);
    REQUIRE(d.visible("visit.scan.summary"));
    const auto& visit = d.state().editor.visit();
    REQUIRE_FALSE(visit.substances.empty());
    CHECK(visit.substances[0].lot == "99X123");
    REQUIRE(visit.substances[0].vials.size() == 1);
    CHECK(visit.substances[0].vials[0].serial == "SN0099");

    // A scan that did not read, then the next patient's new visit: its scan field starts clean.
    d.type_into("visit.scan",
                "0100344206452028"
                "11260101");
    d.press(ImGuiKey_Enter);
    d.frames(2);
    REQUIRE(d.visible("visit.scan.error"));
    d.click("back");
    d.frames(2);
    d.start_new_visit("MRN-555002", "Next, Patient");
    CHECK_FALSE(d.visible("visit.scan.error"));
    CHECK(d.state().vial_scan.text.empty());
}

TEST_CASE("a scan that does not read says where, stays in the field, and changes nothing") {
    test::UiDriver d("2026-03-02T14:00:00Z");
    start_visit(d);
    const auto before = d.database().visits().load(d.state().editor.id()).value().current().content;
    const auto product = first_product(d);
    std::string bad = "01" + product.gtin;
    bad[15] = bad[15] == '9' ? '0' : static_cast<char>(bad[15] + 1);  // a misread check digit
    d.type_into("visit.scan", bad + "10LOT");
    d.press(ImGuiKey_Enter);
    d.frames(2);
    REQUIRE(d.visible("visit.scan.error"));
    CHECK(d.state().vial_scan.last.error.find("character 16: (01) GTIN") != std::string::npos);
    CHECK(d.state().vial_scan.text == bad + "10LOT");
    const auto& visit = d.state().editor.visit();
    CHECK(visit.substances.size() == before.substances.size());
    for (const auto& s : visit.substances) CHECK(s.vials.empty());
}

TEST_CASE("a stray scan's extra substance can be removed, and the removal is saved") {
    // Found from outside: a scan of a product the catalog does not know added "Substance 2", which no
    // control removed, and "Substance 2 has no name" held signing for good.
    test::UiDriver d("2026-03-02T14:00:00Z");
    start_visit(d);
    const auto product = first_product(d);
    d.type_into("visit.scan", "(01)" + product.gtin + "(17)270500(10)P100234");
    d.press(ImGuiKey_Enter);
    d.frames(2);
    d.type_into("visit.scan", "(01)00312345678906(17)280101(10)XLOT9");
    d.press(ImGuiKey_Enter);
    d.frames(2);
    REQUIRE(d.state().editor.visit().substances.size() == 2);
    d.click("substances[1].remove");
    d.frames(2);
    REQUIRE(d.state().editor.visit().substances.size() == 1);
    CHECK(d.state().editor.visit().substances[0].name == product.name);
    CHECK_FALSE(d.visible("substances[0].remove"));  // the last one stays: a visit documents a substance
    const auto stored = d.database().visits().load(d.state().editor.id()).value();
    CHECK(stored.current().content.substances.size() == 1);
}

TEST_CASE("a scan's message goes with the amendment it was made in, cancelled or signed") {
    test::UiDriver d("2026-03-02T16:00:00Z");
    const auto id = d.signed_sample_visit("MRN-790021");
    const auto product = first_product(d);
    for (const char* end : {"amend.cancel", "amend.confirm"}) {
        CAPTURE(end);
        d.start_amendment(id);
        d.type_into("visit.scan", "]d201" + product.gtin + "17270500" + "10P100234");
        d.press(ImGuiKey_Enter);
        d.frames(2);
        REQUIRE(d.visible("visit.scan.summary"));
        if (std::string(end) == "amend.cancel") {
            d.click("amend.cancel");
            d.click("amend.cancel.discard");  // the scan changed the amendment: Cancel asks first
        } else {
            d.type_into("amend.reason", "vial scanned after the fact");
            d.click("amend.sign");
            d.frames(2);
            d.click("amend.confirm");
        }
        d.frames(3);
        CHECK_FALSE(d.state().editor.amending());
        CHECK_FALSE(d.visible("visit.scan.summary"));
    }
}

TEST_CASE("'Sign this amendment?' offers no Sign for an amendment that changes nothing with no request open") {
    // Found from outside: the dialog offered "Sign amendment (Enter)", and the signature was refused after.
    test::UiDriver d("2026-03-02T16:00:00Z");
    const auto id = d.signed_sample_visit("MRN-790022");
    d.start_amendment(id);
    d.type_into("amend.reason", "just checking");
    d.click("amend.sign");
    d.frames(2);
    REQUIRE(d.visible("amend.confirm"));
    d.click("amend.confirm");
    d.press(ImGuiKey_Enter);
    d.frames(2);
    CHECK(d.visible("amend.confirm"));  // still asking: Sign did nothing, Enter neither
    CHECK(d.state().visit_screen.action_error.empty());
    CHECK(d.state().editor.amending());  // nothing signed, the reason kept
    CHECK(d.state().visit_screen.amend_reason == "just checking");
    CHECK(d.database().visits().load(id).value().revisions.size() == 1);
}

TEST_CASE("each vial's remove keeps its place whatever the next scan says, and Tab reaches it") {
    // Found from outside: the scan's message lines (one to three, with each result) were above the vials,
    // so every "remove" moved under the pointer with each scan; and no "remove" was a Tab stop, so a vial
    // scanned by mistake could not be taken back from the keyboard.
    test::UiDriver d("2026-03-02T14:00:00Z");
    start_visit(d);
    const auto product = first_product(d);
    d.type_into("visit.scan", "(01)" + product.gtin + "(17)270500(10)P1(21)SN0001");
    d.press(ImGuiKey_Enter);
    d.frames(2);
    REQUIRE(d.visible("visit.vial.0.0.remove"));
    const auto& rects = d.state().locations.rects;
    const float below_field = rects.at("visit.vial.0.0.remove").min.y - rects.at("visit.scan").min.y;
    // An expired vial: a summary and a warning, in amber (green first read as "good").
    d.type_into("visit.scan", "(01)" + product.gtin + "(17)260200(10)OLD1(21)SN0002");
    d.press(ImGuiKey_Enter);
    d.frames(2);
    REQUIRE(d.visible("visit.scan.warning.scan.vial-expired"));
    REQUIRE(d.visible("visit.vial.0.0.remove"));
    CHECK(rects.at("visit.vial.0.0.remove").min.y - rects.at("visit.scan").min.y == doctest::Approx(below_field));
    // A scan that does not read: one red line instead; the rows stay.
    d.type_into("visit.scan", "0100344206451015");  // a wrong check digit
    d.press(ImGuiKey_Enter);
    d.frames(2);
    REQUIRE(d.visible("visit.scan.error"));
    REQUIRE(d.visible("visit.vial.0.0.remove"));
    CHECK(rects.at("visit.vial.0.0.remove").min.y - rects.at("visit.scan").min.y == doctest::Approx(below_field));

    // From the scan field, Tab goes to "Add vial", then each vial's remove.
    d.state().tab_order.pending = "visit.scan";
    d.frames(3);
    d.press(ImGuiKey_Tab);
    d.press(ImGuiKey_Tab);
    CHECK(ui::focused_stop(d.state()) == "visit.vial.0.0.remove");
    d.press(ImGuiKey_Space);
    d.frames(2);
    CHECK(d.state().editor.visit().substances[0].vials.size() == 1);
}

TEST_CASE("a signed visit has no scan field: its vials are listed, and an amendment scans") {
    // Found from outside: greyed, "Scan vial" and "Add vial" still read as something to do on a signed visit.
    test::UiDriver d("2026-03-02T16:00:00Z");
    const auto id = d.signed_sample_visit("MRN-555009");
    d.state().open_visit(id);
    d.frames(3);
    CHECK_FALSE(d.visible("visit.scan"));
    CHECK_FALSE(d.visible("visit.scan.add"));
    d.click("amend.start");
    d.frames(2);
    CHECK(d.visible("visit.scan"));
    CHECK(d.visible("visit.scan.add"));
}
