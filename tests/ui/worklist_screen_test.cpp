// The biller's worklist and export in the window, and the screen registry's gate: who starts where,
// who sees which menu, and a nurse refused with the reason on screen (audited once, not per frame).
#include "app/hold_reasons.hpp"
#include "ui/screen_registry.hpp"
#include "ui/ui_driver.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace infusion;

namespace {

storage::VisitId signed_visit(test::UiDriver& d) {
    const app::Acting nurse = d.test_clinic().as("rn.okafor", {app::Role::nurse});
    const auto id = d.clinic().visits().create(nurse, test::sample_visit(75)).value();
    REQUIRE(d.clinic().visits().sign(nurse, id).value().signed_visit);
    return id;
}

// A biller signed in on a week with one signed visit, and an export folder of her own (XDG_DOCUMENTS_DIR) for the
// dialog's proposed names; gone with it.
struct BillerWithExportFolder {
    test::UiDriver d{"2026-03-03T15:00:00Z"};
    std::filesystem::path documents =
        std::filesystem::temp_directory_path() / ("infusiondoc-ui-documents-" + std::to_string(::getpid()));
    std::filesystem::path folder = documents / "InfusionDoc exports";
    BillerWithExportFolder() {
        (void)signed_visit(d);
        d.sign_in_as("billing.chen", {app::Role::biller});
        d.frames(2);
        std::filesystem::remove_all(documents);
        std::filesystem::create_directories(folder);
        ::setenv("XDG_DOCUMENTS_DIR", documents.c_str(), 1);
    }
    ~BillerWithExportFolder() {
        ::unsetenv("XDG_DOCUMENTS_DIR");
        std::filesystem::remove_all(documents);
    }
};

}  // namespace

TEST_CASE("each role starts on its own screen, and the menus offer only what the role may open") {
    test::UiDriver d("2026-03-02T16:00:00Z");
    CHECK(d.state().screen == ui::Screen::today);  // the nurse
    CHECK(d.visible("menu.go"));
    CHECK_FALSE(d.visible("menu.review"));
    CHECK_FALSE(d.visible("menu.debug"));
    d.sign_in_as("billing.chen", {app::Role::biller});
    CHECK(d.state().screen == ui::Screen::worklist);
    CHECK_FALSE(d.visible("menu.review"));
    d.sign_in_as("sup.only", {app::Role::supervisor});
    CHECK(d.state().screen == ui::Screen::review_queue);
    CHECK(d.visible("menu.review"));
    CHECK_FALSE(d.visible("menu.debug"));
    d.sign_in_as("admin", {app::Role::admin});
    CHECK(d.visible("menu.debug"));  // ImGui's own windows: for whoever maintains the program only
}

TEST_CASE("a nurse who reaches the worklist is refused with the reason on screen, audited once") {
    test::UiDriver d("2026-03-02T16:00:00Z");
    (void)signed_visit(d);
    const auto refused = d.test_clinic().audited("refused");
    ui::go_to(d.state(), ui::Screen::worklist);
    d.frames(30);
    CHECK(d.visible("screen.refused"));
    CHECK(d.state().refusal_text.find("it needs the biller role and rn.okafor has nurse") != std::string::npos);
    CHECK_FALSE(d.visible("export.open"));
    CHECK(d.state().worklist.rows.empty());  // nothing was read
    CHECK(d.test_clinic().audited("refused") == refused + 1);
    // Even called directly, app/ refuses the nurse's export: the rule lives there, not in the screen.
    app::ExportRequest request;
    request.out = "never-written.csv";
    request.selection.from = std::chrono::year{2026} / 3 / 1;
    request.selection.to = std::chrono::year{2026} / 3 / 31;
    auto started = d.clinic().billing().start_export(d.state().who(), request);
    REQUIRE_FALSE(started.ok());
    CHECK(started.error().kind == core::ErrorKind::refused);
    CHECK(d.test_clinic().audited("refused") == refused + 2);
    CHECK_FALSE(std::filesystem::exists("never-written.csv"));
}

TEST_CASE("a biller sees the signed visit on the worklist of the clinic's week, and her export is not refused") {
    test::UiDriver d("2026-03-03T03:30:00Z");  // 22:30 on 2 March in New York, already 3 March in UTC
    const auto id = signed_visit(d);
    d.sign_in_as("billing.chen", {app::Role::biller});
    REQUIRE(d.state().screen == ui::Screen::worklist);
    d.frames(3);
    // The clinic's today, not UTC's: the range ends on 2 March.
    CHECK(d.state().worklist.to == "2026-03-02");
    CHECK(d.visible("worklist.open." + std::to_string(id)));
    const auto out =
        std::filesystem::temp_directory_path() / ("infusiondoc-ui-export-" + std::to_string(::getpid()) + ".csv");
    std::filesystem::remove(out);
    d.click("export.open");
    d.type_into("export.path", out.string());
    d.click("export.start");
    for (int i = 0; i < 200 && d.state().worklist.job; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        d.frames(1);
    }
    // The export thread opens its own connection to the database file; the driver's database lives in
    // memory, so the file export itself is tested in app/ and on the command line. Here: not refused.
    CHECK(d.state().worklist.error.empty());
    CHECK_FALSE(d.state().worklist.summary.empty());
    CHECK(d.state().worklist.summary.find("refused") == std::string::npos);
    std::filesystem::remove(out);
}

TEST_CASE("a biller who opens a visit from the worklist goes back to the worklist, not to a refused Today") {
    test::UiDriver d("2026-03-03T03:30:00Z");
    const auto id = signed_visit(d);
    d.sign_in_as("billing.chen", {app::Role::biller});
    d.frames(3);
    d.click("worklist.open." + std::to_string(id));
    d.frames(2);
    REQUIRE(d.state().screen == ui::Screen::visit);
    CHECK(d.state().visit_screen.back_label == "< Billing worklist");
    d.click("back");
    d.frames(2);
    CHECK(d.state().screen == ui::Screen::worklist);
    CHECK_FALSE(d.visible("screen.refused"));
    storage::AuditFilter refusals;
    refusals.action = "refused";
    CHECK(d.database().audit().entries(refusals).value().empty());

    // A nurse's visit still goes back to Today.
    d.sign_in_as("rn.okafor", {app::Role::nurse});
    d.state().open_visit(id);
    d.frames(2);
    d.click("back");
    d.frames(2);
    CHECK(d.state().screen == ui::Screen::today);
}

TEST_CASE("a visit that cannot be opened from the worklist says why on the worklist, where the biller is") {
    test::UiDriver d("2026-03-03T03:30:00Z");
    signed_visit(d);
    d.sign_in_as("billing.chen", {app::Role::biller});
    d.frames(3);
    REQUIRE(d.state().screen == ui::Screen::worklist);
    d.state().open_visit(999'999);  // as if its rows could not be read
    d.frames(2);
    CHECK(d.state().screen == ui::Screen::worklist);
    CHECK(d.state().worklist.error.find("there is no visit 999999") != std::string::npos);
    CHECK(d.visible("worklist.error"));
    CHECK(d.state().today.error.empty());
}

TEST_CASE("the export dialog proposes a free file name, and its extension follows the format") {
    // The plain default name, taken by an earlier batch of the same range, failed with "already
    // exists"; and choosing HL7 kept ".csv", so HL7 went into a file named .csv.
    BillerWithExportFolder b;
    auto& d = b.d;
    const auto& documents = b.documents;
    const auto& w = d.state().worklist;
    const auto taken = documents / "InfusionDoc exports" / ("billing-" + w.from + "-to-" + w.to + ".csv");
    std::ofstream(taken) << "an earlier batch\n";

    d.click("export.open");
    d.frames(1);
    CHECK(w.out_path ==
          (documents / "InfusionDoc exports" / ("billing-" + w.from + "-to-" + w.to + "-2.csv")).string());
    d.click("export.hl7");
    d.frames(1);
    CHECK(w.out_path ==
          (documents / "InfusionDoc exports" / ("billing-" + w.from + "-to-" + w.to + "-2.hl7")).string());
    d.click("export.csv");
    d.frames(1);
    CHECK(w.out_path.substr(w.out_path.size() - 6) == "-2.csv");
    d.click("export.close");

    // The same name in the other format taken too (a batch exported as both): the switch proposes a free one.
    // It proposed the taken .hl7 and Export failed with "already exists" (found from outside).
    std::ofstream(documents / "InfusionDoc exports" / ("billing-" + w.from + "-to-" + w.to + "-2.hl7")) << "x\n";
    d.click("export.open");
    d.frames(1);
    d.click("export.hl7");
    d.frames(1);
    CHECK(w.out_path == (documents / "InfusionDoc exports" / ("billing-" + w.from + "-to-" + w.to + ".hl7")).string());
    d.click("export.close");
}

TEST_CASE("the export dialog over dates the worklist could not read says so and does not export") {
    // Found from outside: From "a2026-12-01" read "Every ready line of a2026-12-01 to ...", and Export closed the
    // dialog doing nothing, without a word.
    BillerWithExportFolder b;
    auto& d = b.d;
    d.type_into("worklist.from", "a2026-12-01");
    d.frames(2);
    d.click("export.open");
    d.frames(2);
    CHECK(d.visible("export.bad_dates"));
    d.click("export.start");  // greyed: nothing happens
    d.frames(2);
    CHECK_FALSE(d.state().worklist.job);
    CHECK(d.visible("export.bad_dates"));  // the dialog stays open, saying why
}

TEST_CASE("the export dialog proposes the name of the range shown, unless the biller typed her own") {
    // Found from outside: a batch of March's visits went out named for November's range, the name the dialog had
    // proposed before the range changed.
    BillerWithExportFolder b;
    auto& d = b.d;
    const auto& w = d.state().worklist;
    const auto& folder = b.folder;
    d.click("export.open");
    d.frames(1);
    CHECK(w.out_path == (folder / ("billing-" + w.from + "-to-" + w.to + ".csv")).string());
    d.click("export.hl7");
    d.click("export.close");
    d.type_into("worklist.from", "2026-01-01");
    d.frames(2);
    d.click("export.open");
    d.frames(1);
    CHECK(w.out_path == (folder / ("billing-2026-01-01-to-" + w.to + ".hl7")).string());
    // A name of her own stays.
    const std::string own = (folder / "march-claims.hl7").string();
    d.type_into("export.path", own);
    d.click("export.close");
    d.type_into("worklist.from", "2026-02-01");
    d.frames(2);
    d.click("export.open");
    d.frames(1);
    CHECK(w.out_path == own);
    d.click("export.close");
}

TEST_CASE("a ready visit the coding asks a coder to check says so on its worklist row") {
    // Found from outside: a hydration billed as 96369 ("flagged for coder review") read "ready" on the
    // worklist and went out with nothing said; the check showed only inside the visit.
    test::UiDriver d("2026-03-02T16:00:00Z");
    const app::Acting nurse = d.test_clinic().as("rn.okafor", {app::Role::nurse});
    // Three patients: a second visit of one patient on one date would carry the MUE check (mue.capped).
    core::Visit without_ndc = test::sample_visit(75);
    without_ndc.patient.id = "MRN-000777";
    without_ndc.substances.at(0).ndc.clear();
    const auto checked = d.clinic().visits().create(nurse, without_ndc).value();
    REQUIRE(d.clinic().visits().sign(nurse, checked).value().signed_visit);
    const auto plain = signed_visit(d);
    // A needle checklist gap is the supervisor's review's, not the coder's: no check on the worklist.
    core::Visit unchecked_needle = test::sample_visit(75);
    unchecked_needle.patient.id = "MRN-000778";
    unchecked_needle.pump_setups.at(0).sites.at(0).aspiration.reset();
    const auto clinical = d.clinic().visits().create(nurse, unchecked_needle).value();
    REQUIRE(d.clinic().visits().sign(nurse, clinical).value().signed_visit);
    d.sign_in_as("billing.chen", {app::Role::biller});
    d.frames(3);
    REQUIRE(d.visible("worklist.open." + std::to_string(checked)));
    CHECK(d.visible("worklist.check." + std::to_string(checked)));
    CHECK_FALSE(d.visible("worklist.check." + std::to_string(plain)));
    REQUIRE(d.visible("worklist.open." + std::to_string(clinical)));
    CHECK_FALSE(d.visible("worklist.check." + std::to_string(clinical)));
    const auto& row = *std::find_if(d.state().worklist.rows.begin(), d.state().worklist.rows.end(),
                                    [&](const auto& r) { return r.id == checked; });
    CHECK(row.state == storage::WorklistState::ready);
    REQUIRE(row.checks.size() == 1);
    CHECK(row.checks[0].starts_with("No NDC documented for Hizentra"));
}

TEST_CASE("the worklist's filters: a date off the calendar is named, totals say they are the whole range's") {
    // Found from outside: "2026-02-30" was told "Dates are written YYYY-MM-DD"; totals of the whole range
    // stood over a list narrowed to "held"; the last export's sentence stayed after the range changed.
    test::UiDriver d("2026-03-02T16:00:00Z");
    (void)signed_visit(d);
    d.sign_in_as("billing.chen", {app::Role::biller});
    d.frames(3);
    d.state().worklist.summary = "Nothing to export in this range.";
    d.type_into("worklist.from", "2026-02-30");
    d.frames(2);
    CHECK(d.state().worklist.error == "From '2026-02-30' is not a day of the calendar");
    CHECK(d.state().worklist.summary.empty());
    d.type_into("worklist.from", "02/23/2026");
    d.frames(2);
    CHECK(d.state().worklist.error == "From '02/23/2026' is not a date: write YYYY-MM-DD");
    d.type_into("worklist.from", "2026-02-23");
    d.type_into("worklist.patient", "MRN-000000");
    d.frames(2);
    CHECK(d.state().worklist.error.empty());
    CHECK(d.state().worklist.rows.empty());
    CHECK(d.state().worklist.totals.visits == 1);
    CHECK(d.visible("worklist.totals"));
}

TEST_CASE("an empty worklist says which filter emptied it") {
    test::UiDriver d("2026-03-02T16:00:00Z");
    (void)signed_visit(d);
    d.sign_in_as("billing.chen", {app::Role::biller});
    d.frames(3);
    CHECK_FALSE(d.visible("worklist.empty"));
    d.type_into("worklist.patient", "MRN-18");
    d.frames(2);
    CHECK(d.state().worklist.rows.empty());
    CHECK(d.visible("worklist.empty"));
}

TEST_CASE("'Export ready lines...' stays in one place whether or not more rows can be shown") {
    // Found from outside: the button moved as "Show more" came and went, and a click landed on nothing.
    test::UiDriver d("2026-03-02T16:00:00Z");
    (void)signed_visit(d);
    d.sign_in_as("billing.chen", {app::Role::biller});
    d.frames(3);
    REQUIRE(d.visible("export.open"));
    const float x = d.state().locations.rects.at("export.open").min.x;
    CHECK_FALSE(d.state().worklist.next);
    d.state().worklist.next = storage::PageCursor{"2026-03-02", 1};  // as if a page more waited
    d.frames(2);
    REQUIRE(d.visible("export.open"));
    CHECK(d.state().locations.rects.at("export.open").min.x == x);
}

TEST_CASE("an exported visit's own screen says it was exported in its batch, not 'Billing ready'") {
    // Found from outside: the worklist said "exported in batch 1", the visit opened from it "Billing ready".
    test::UiDriver d("2026-03-03T03:30:00Z");
    const auto id = signed_visit(d);
    d.sign_in_as("billing.chen", {app::Role::biller});
    app::ExportRequest request;
    request.selection.from = std::chrono::year{2026} / std::chrono::March / std::chrono::day{1};
    request.selection.to = std::chrono::year{2026} / std::chrono::March / std::chrono::day{3};
    request.out =
        std::filesystem::temp_directory_path() / ("infusiondoc-ui-exported-" + std::to_string(::getpid()) + ".csv");
    std::filesystem::remove(request.out);
    const auto exported =
        d.clinic().billing().export_billing(d.state().who(), request, [](std::int64_t) { return true; });
    REQUIRE(exported.ok());
    REQUIRE(exported.value().batch.has_value());
    d.state().open_visit(id);
    d.frames(3);
    REQUIRE(d.state().editor.billing_state().has_value());
    CHECK(d.state().editor.billing_state()->state == storage::WorklistState::exported);
    CHECK(d.state().editor.billing_state()->batch == exported.value().batch->id);
    CHECK(d.visible("billing.state"));
    // Today says it too (found from outside: "ready, 75 min" there).
    d.sign_in_as("rn.okafor", {app::Role::nurse});
    d.frames(2);
    REQUIRE(d.state().today.today_rows.size() == 1);
    CHECK(d.state().today.today_rows[0].billing == storage::WorklistState::exported);
    CHECK(d.state().today.today_rows[0].billing_text == "exported, 75 min");
    // An amendment's confirmation says the lines sent will be reversed and sent again (found from outside:
    // a nurse fixing a note was never told it puts credits against a claim already billed).
    d.state().open_visit(id);
    d.frames(2);
    d.click("amend.start");
    d.type_into("amend.reason", "monitoring note completed");
    d.click("amend.sign");
    REQUIRE(d.visible("amend.confirm"));
    // Lines unchanged (a note alone): nothing is sent again, and it says so (found from outside: it said
    // lines would be taken back).
    CHECK(d.visible("amend.confirm.exported_unchanged"));
    CHECK_FALSE(d.visible("amend.confirm.exported"));
    d.press(ImGuiKey_Escape);
    // A diagnosis added goes on every line: every line is taken back and sent again, and it says so (it said
    // "nothing is sent again"; found from outside).
    d.state().editor.visit().diagnoses.push_back("Z79.899");
    d.state().editor.changed();
    d.frames(2);
    d.click("amend.sign");
    REQUIRE(d.visible("amend.confirm"));
    CHECK(d.visible("amend.confirm.exported_every_line"));
    CHECK_FALSE(d.visible("amend.confirm.exported_unchanged"));
    d.press(ImGuiKey_Escape);
    d.state().editor.visit().diagnoses.pop_back();
    d.state().editor.changed();
    d.frames(2);
    d.type_into("substances[0].dose", "9");
    d.click("amend.sign");
    REQUIRE(d.visible("amend.confirm"));
    CHECK(d.visible("amend.confirm.exported"));
    CHECK(d.state().editor.billing_state()->sent_as == "csv");  // where the corrections go: the next CSV export
    d.press(ImGuiKey_Escape);
    // An amendment that holds billing sends only reversals, and says so (it said every line is sent as amended,
    // above "Billing will be held"; found from outside).
    d.state().editor.visit().diagnoses.clear();
    d.state().editor.changed();
    d.frames(2);
    d.click("amend.sign");
    REQUIRE(d.visible("amend.confirm"));
    CHECK(d.visible("amend.confirm.exported_held"));
    CHECK_FALSE(d.visible("amend.confirm.exported_every_line"));
    CHECK_FALSE(d.visible("amend.confirm.exported"));
    std::filesystem::remove(request.out);
}

TEST_CASE("a held amended visit says its sent lines are taken back, and once released where its new lines go") {
    // From outside: the screen of a visit an amendment held said only "held"; released, it said "ready", while an
    // export in the other format would leave it (its lines go where its first ones went).
    test::UiDriver d("2026-03-03T03:30:00Z");
    const auto id = signed_visit(d);
    const app::Acting nurse = d.test_clinic().as("rn.okafor", {app::Role::nurse});
    d.sign_in_as("billing.chen", {app::Role::biller});
    const auto folder = std::filesystem::temp_directory_path() / ("infusiondoc-ui-held-" + std::to_string(::getpid()));
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    const auto export_as = [&](const std::string& name, const std::string& format) {
        app::ExportRequest request;
        request.format = format;
        request.selection.from = std::chrono::year{2026} / std::chrono::March / std::chrono::day{1};
        request.selection.to = std::chrono::year{2026} / std::chrono::March / std::chrono::day{3};
        request.out = folder / name;
        const auto done =
            d.clinic().billing().export_billing(d.state().who(), request, [](std::int64_t) { return true; });
        REQUIRE(done.ok());
        return done.value();
    };
    REQUIRE(export_as("a.hl7", "hl7").batch);
    core::Visit held = d.database().visits().load(id).value().current().content;
    const auto diagnoses = held.diagnoses;
    held.diagnoses.clear();
    REQUIRE(d.clinic().visits().amend(nurse, id, held, "diagnosis in doubt").ok());
    d.state().open_visit(id);
    d.frames(3);
    CHECK(d.visible("billing.held_reversals"));
    // Amended back before any export: compared with the sent lines, not the held revision (it said every line goes
    // again; nothing did, found from outside).
    d.sign_in_as("rn.okafor", {app::Role::nurse});
    d.state().open_visit(id);
    d.frames(3);
    d.click("amend.start");
    d.state().editor.visit().diagnoses = diagnoses;
    d.state().editor.changed();
    d.frames(2);
    d.type_into("amend.reason", "diagnosis back");
    d.click("amend.sign");
    REQUIRE(d.visible("amend.confirm"));
    CHECK(d.visible("amend.confirm.exported_from_held"));
    CHECK_FALSE(d.visible("amend.confirm.exported_every_line"));
    d.press(ImGuiKey_Escape);
    d.click("amend.cancel");
    d.frames(1);
    d.click("amend.cancel.discard");
    d.frames(2);
    CHECK_FALSE(d.state().editor.amending());
    d.sign_in_as("billing.chen", {app::Role::biller});
    REQUIRE(export_as("b.hl7", "hl7").reversals == 2);

    d.sign_in_as("rn.okafor", {app::Role::nurse});
    d.state().open_visit(id);
    d.frames(3);
    CHECK_FALSE(d.visible("billing.held_reversals"));  // taken back already
    d.click("amend.start");
    d.state().editor.visit().diagnoses = diagnoses;
    d.state().editor.changed();
    d.frames(2);
    d.type_into("amend.reason", "diagnosis from the order");
    d.click("amend.sign");
    REQUIRE(d.visible("amend.confirm"));
    CHECK(d.visible("amend.confirm.released"));
    d.click("amend.confirm");
    d.frames(3);
    REQUIRE(d.state().editor.billing_state().has_value());
    CHECK(d.state().editor.billing_state()->state == storage::WorklistState::ready);
    CHECK(d.state().editor.billing_state()->sent_as == "hl7");
    CHECK(d.visible("billing.export_standing"));  // "Ready for the next HL7 export"
    std::filesystem::remove_all(folder);
}

TEST_CASE("an amendment of a visit never exported says nothing of reversals") {
    test::UiDriver d("2026-03-03T03:30:00Z");
    const auto id = signed_visit(d);
    d.sign_in_as("rn.okafor", {app::Role::nurse});
    d.state().open_visit(id);
    d.frames(2);
    d.click("amend.start");
    // The Reason field stays where it is as the reason is typed (the footer lost a line with the first letter
    // and the field jumped down: found in the real window).
    d.frames(2);
    const float field_top = d.state().locations.rects.at("amend.reason").min.y;
    d.type_into("amend.reason", "monitoring note completed");
    d.frames(2);
    CHECK(d.state().locations.rects.at("amend.reason").min.y == field_top);
    CHECK(d.visible("amend.ready"));
    d.click("amend.sign");
    REQUIRE(d.visible("amend.confirm"));
    CHECK_FALSE(d.visible("amend.confirm.exported"));
}

TEST_CASE("the next person at the worklist does not see the last one's export message or file") {
    // Found from outside: after Switch user, "Batch 1: 74 lines written to /tmp/..." stood on the
    // worklist of whoever signed in next.
    test::UiDriver d("2026-03-03T03:30:00Z");
    d.sign_in_as("billing.chen", {app::Role::biller});
    d.state().worklist.summary = "Batch 1: 74 lines written to /tmp/clinic/billing.csv";
    d.state().worklist.last_export = "/tmp/clinic/billing.csv";
    d.state().worklist.out_path = "/tmp/clinic/billing.csv";
    d.sign_in_as("billing.other", {app::Role::biller});
    CHECK(d.state().worklist.summary.empty());
    CHECK(d.state().worklist.last_export.empty());
    CHECK(d.state().worklist.out_path.empty());
    // Each sign-out is on the audit log, with why.
    storage::AuditFilter outs;
    outs.action = "sign-out";
    const auto rows = d.database().audit().entries(outs).value();
    REQUIRE_FALSE(rows.empty());
    CHECK(rows.back().detail == "switch user");
}

TEST_CASE("an export whose file name ends in the other format's extension is not started, and says why") {
    // Found from outside: the format stayed on HL7 from the last export, the biller typed a .csv name,
    // and HL7 went into the .csv file.
    test::UiDriver d("2026-03-03T15:00:00Z");
    (void)signed_visit(d);
    d.sign_in_as("billing.chen", {app::Role::biller});
    d.frames(2);
    d.click("export.open");
    d.click("export.hl7");
    const auto out =
        std::filesystem::temp_directory_path() / ("infusiondoc-ui-mismatch-" + std::to_string(::getpid()) + ".CSV");
    d.state().worklist.out_path = out.string();
    d.frames(1);
    d.click("export.start");
    d.frames(2);
    CHECK_FALSE(d.state().worklist.job);
    CHECK(d.state().worklist.summary_failed);
    CHECK(d.state().worklist.summary.find("ends in .csv but the format is HL7") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("a visit held by a correction request says why on Today and on its own screen, in the clinic's time") {
    // Found from outside: Today said "held" and nothing more, the visit's own screen "Billing ready" while
    // the worklist held it, and the worklist gave the request's time in UTC ("at 2026-03-03T03:30:00Z").
    test::UiDriver d("2026-03-03T03:30:00Z");  // 22:30 on 2 March in the clinic's zone
    const auto id = signed_visit(d);
    const app::Acting supervisor = d.test_clinic().as("sup.nakamura", {app::Role::supervisor});
    REQUIRE(d.clinic().review().request_correction(supervisor, id, "lot number?").ok());
    d.sign_in_as("rn.okafor", {app::Role::nurse});
    d.frames(2);
    REQUIRE(d.state().today.today_rows.size() == 1);
    const auto& row = d.state().today.today_rows[0];
    CHECK(row.billing == storage::WorklistState::held);
    CHECK(row.billing_text.rfind("held: correction requested by sup.nakamura at 2026-03-02 22:30 EST: lot number?",
                                 0) == 0);
    CHECK(row.hold_reasons.find("the patient's lines of that date wait for the amendment") != std::string::npos);

    d.state().open_visit(id);
    d.frames(3);
    CHECK(d.visible("billing.held_by_request"));

    // The biller's worklist row says the same, in the same time.
    d.sign_in_as("billing.chen", {app::Role::biller});
    ui::go_to(d.state(), ui::Screen::worklist);
    d.frames(3);
    REQUIRE(d.state().worklist.rows.size() == 1);
    const auto reasons = app::hold_reasons(d.state().worklist.rows[0], d.clinic().settings().time_zone);
    REQUIRE(reasons.size() == 1);
    CHECK(reasons[0].find("at 2026-03-02 22:30 EST: lot number?") != std::string::npos);
}

TEST_CASE("a tall first row on the worklist leaves the rows under it drawn, and scrolling shows every row") {
    // Found from outside: ImGuiListClipper took every row for as tall as the first; under a first row with
    // several checks it drew one to three rows and left the rest of the list blank, in view and scrolled.
    test::UiDriver d("2026-03-02T16:00:00Z");
    const app::Acting nurse = d.test_clinic().as("rn.okafor", {app::Role::nurse});
    std::vector<storage::VisitId> ids;
    for (int i = 0; i < 30; ++i) {
        core::Visit v = test::sample_visit(75);
        v.patient.id = "MRN-0009" + std::to_string(10 + i);
        if (i == 29) {  // the newest: first on the list, tall with its checks
            v.substances.at(0).ndc.clear();
            core::Substance second = v.substances.at(0);
            v.substances.push_back(second);
            v.substances.push_back(second);
        }
        const auto id = d.clinic().visits().create(nurse, v).value();
        REQUIRE(d.clinic().visits().sign(nurse, id).value().signed_visit);
        ids.push_back(id);
    }
    d.sign_in_as("billing.chen", {app::Role::biller});
    d.frames(4);
    const auto& rows = d.state().worklist.rows;
    REQUIRE(rows.size() == 30);
    REQUIRE(rows.front().id == ids.back());
    REQUIRE(rows.front().checks.size() >= 2);
    // The rows under the tall one, as far as the screen reaches, are drawn.
    for (std::size_t i = 1; i < 6; ++i) {
        CAPTURE(i);
        CHECK(d.in_view_now("worklist.open." + std::to_string(rows[i].id)));
    }
    // Scrolled to the end, the last rows are there too.
    ImGui::GetIO().MousePos = ImVec2(400.0F, 400.0F);
    for (int wheel = 0; wheel < 60; ++wheel) {
        ImGui::GetIO().MouseWheel = -3.0F;
        d.frames(1);
    }
    d.frames(2);
    CHECK(d.in_view_now("worklist.open." + std::to_string(rows.back().id)));
    CHECK(d.in_view_now("worklist.open." + std::to_string(rows[rows.size() - 2].id)));
}

TEST_CASE("'Sign this amendment?' says the lines stay held by a request on the patient's other visit of the date") {
    // Found from outside: with a correction requested on visit 302, amending visit 303 (same patient, same
    // date) showed a green "Billing ready" in the dialog, and the screen said held right after signing.
    test::UiDriver d("2026-03-02T20:00:00Z");  // 15:00 in New York
    const app::Acting nurse = d.test_clinic().as("rn.okafor", {app::Role::nurse});
    core::Visit morning = test::sample_visit(75);
    morning.patient.id = "MRN-000303";
    const auto asked = d.clinic().visits().create(nurse, morning).value();
    REQUIRE(d.clinic().visits().sign(nurse, asked).value().signed_visit);
    core::Visit afternoon = morning;
    for (auto& setup : afternoon.pump_setups) {  // three hours later, the same date
        for (auto* t : {&setup.set_up_at, &setup.start, &setup.stop})
            if (*t) (*t)->local += std::chrono::hours{3};
    }
    const auto amended = d.clinic().visits().create(nurse, afternoon).value();
    REQUIRE(d.clinic().visits().sign(nurse, amended).value().signed_visit);
    const app::Acting supervisor = d.test_clinic().as("sup.nakamura", {app::Role::supervisor});
    REQUIRE(d.clinic().review().request_correction(supervisor, asked, "dose: was it 8 g?").ok());

    d.sign_in_as("rn.okafor", {app::Role::nurse});
    d.start_amendment(amended);
    d.type_into("substances[0].dose", "9");
    d.type_into("amend.reason", "dose corrected from the pump log");
    d.click("amend.sign");
    REQUIRE(d.visible("amend.confirm"));
    CHECK(d.visible("sign.held_by_request"));
    CHECK(d.state().visit_screen.confirm_amendment == false);
    d.press(ImGuiKey_Escape);
    // The request on this very visit is answered by its amendment: no such line then.
    d.click("amend.cancel");
    d.click("amend.cancel.discard");
    d.start_amendment(asked);
    d.type_into("substances[0].dose", "9");
    d.type_into("amend.reason", "dose corrected as asked");
    d.click("amend.sign");
    REQUIRE(d.visible("amend.confirm"));
    CHECK_FALSE(d.visible("sign.held_by_request"));
}

TEST_CASE("'Sign this visit?' over a draft says a request on the patient's other visit of the date will hold it") {
    // Found from outside: the dialog said "Billing ready" for such a draft, and the screen "held" right after.
    test::UiDriver d("2026-03-02T20:00:00Z");
    const app::Acting nurse = d.test_clinic().as("rn.okafor", {app::Role::nurse});
    core::Visit morning = test::sample_visit(75);
    morning.patient.id = "MRN-000304";
    const auto asked = d.clinic().visits().create(nurse, morning).value();
    REQUIRE(d.clinic().visits().sign(nurse, asked).value().signed_visit);
    core::Visit afternoon = morning;
    for (auto& setup : afternoon.pump_setups) {  // three hours later, the same date
        for (auto* t : {&setup.set_up_at, &setup.start, &setup.stop})
            if (*t) (*t)->local += std::chrono::hours{3};
    }
    const auto draft = d.clinic().visits().create(nurse, afternoon).value();

    d.sign_in_as("rn.okafor", {app::Role::nurse});
    d.state().open_visit(draft);
    d.frames(3);
    d.click("sign");
    d.frames(2);
    REQUIRE(d.visible("sign.confirm"));
    CHECK_FALSE(d.visible("sign.held_by_request"));  // nothing asked yet: ready
    d.press(ImGuiKey_Escape);
    d.frames(2);

    // The morning visit's lines all sent, then a request on it: it holds no line of its own, but the draft's
    // (found from outside: the dialog and the billing bar still said "Billing ready").
    storage::ExportCallbacks sent;
    sent.row = [](const storage::ExportRow&) { return true; };
    sent.finish = [] { return core::Result<std::string>(std::string(64, '0')); };
    REQUIRE(d.database()
                .billing()
                .export_pending({std::chrono::year{2026} / 3 / 2, std::chrono::year{2026} / 3 / 2, {}, ""}, "csv",
                                {"billing.chen", "2026-03-02T19:00:00Z"}, false, sent)
                .ok());
    const app::Acting supervisor = d.test_clinic().as("sup.nakamura", {app::Role::supervisor});
    REQUIRE(d.clinic().review().request_correction(supervisor, asked, "dose: was it 8 g?").ok());
    d.state().open_visit(draft);  // the holds are read as the visit opens or its patient or date changes
    d.frames(3);
    d.click("sign");
    d.frames(2);
    REQUIRE(d.visible("sign.confirm"));
    CHECK(d.visible("sign.held_by_request"));
}

TEST_CASE("a long export summary stays within a 1024x700 window, under the buttons") {
    // Found from outside: beside the buttons, "Batch 5: 2 lines written to /a/long/path... 1 of the visits is
    // dated outside the range: ..." wrapped into four lines and ran off the bottom of the window.
    test::UiDriver d("2026-03-03T03:30:00Z");
    d.set_window_size(1024.0F, 700.0F);
    d.sign_in_as("billing.chen", {app::Role::biller});
    ui::go_to(d.state(), ui::Screen::worklist);
    d.frames(2);
    auto& w = d.state().worklist;
    w.summary =
        "Batch 5: 2 lines written to /tmp/audit-bin61/work/home/Documents/InfusionDoc exports/"
        "billing-2026-12-01-to-2026-12-07.csv. " +
        app::late_visits_sentence(1) + ". " + app::held_visits_sentence(3) + " (the state \"held\" lists them).";
    w.last_export = "/tmp/clinic/billing.csv";
    REQUIRE(d.in_view_now("export.summary"));
    const auto summary = d.state().locations.rects.at("export.summary");
    CHECK(summary.max.y <= 700.0F);
    const auto button = d.state().locations.rects.at("export.open");
    CHECK(summary.min.y >= button.max.y);  // under the buttons, not beside them
    CHECK(button.max.y <= 700.0F);
}

TEST_CASE("the export dialog says the worklist's patient and state filters do not narrow the export") {
    // Found from outside: a biller filtered one patient and exported every patient's lines of the dates, unwarned.
    test::UiDriver d("2026-03-03T03:30:00Z");
    d.sign_in_as("billing.chen", {app::Role::biller});
    ui::go_to(d.state(), ui::Screen::worklist);
    d.frames(2);
    d.click("export.open");
    d.frames(2);
    CHECK_FALSE(d.visible("export.filters_ignored"));
    d.press(ImGuiKey_Escape);
    d.frames(2);
    d.state().worklist.patient = "MRN-106203";
    d.click("export.open");
    d.frames(2);
    CHECK(d.visible("export.filters_ignored"));
}
