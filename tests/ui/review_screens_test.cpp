// The supervisor's screens driven headlessly, as a supervisor and a nurse would use them: the queue's
// flag filter, site-care note and countersignature, a correction request answered by the nurse's
// amendment on her Today list, refusals for a nurse, the audit report with its chain check.
#include "app/visit_service.hpp"
#include "ui/program.hpp"
#include "ui/ui_driver.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace infusion;

namespace {

// The clinic's clock for these tests: Thursday 2026-03-05, 10:00 in New York (the week began Monday 2nd).
constexpr const char* thursday = "2026-03-05T15:00:00Z";

// The sample visit moved `days` days after Monday 2026-03-02, signed by its nurse.
storage::VisitId signed_visit(test::UiDriver& d, int days, bool reaction, const std::string& mrn = "MRN-004211") {
    core::Visit v = test::sample_visit(75);
    v.patient.id = mrn;
    for (auto& p : v.pump_setups) {
        p.start->local += std::chrono::days{days};
        p.stop->local += std::chrono::days{days};
    }
    if (reaction) v.notes.push_back({std::nullopt, core::NoteKind::reaction, "itching at both sites"});
    auto& service = d.clinic().visits();
    const app::Acting nurse = d.test_clinic().as(v.clinician, {app::Role::nurse});
    const auto id = service.create(nurse, v).value();
    REQUIRE(service.sign(nurse, id).value().signed_visit);
    return id;
}

std::string row(storage::VisitId id) { return "queue.open." + std::to_string(id); }

std::size_t audited(test::UiDriver& d, const std::string& action) {
    storage::AuditFilter f;
    f.action = action;
    f.limit = 100000;
    return d.database().audit().entries(f).value().size();
}

void open_queue(test::UiDriver& d) {
    d.click("menu.review");
    d.click("menu.review.queue");
    REQUIRE(d.state().screen == ui::Screen::review_queue);
}

}  // namespace

TEST_CASE("a supervisor finds this week's reactions, adds a site-care note and countersigns once") {
    test::UiDriver d(thursday);
    const auto monday = signed_visit(d, 0, true, "MRN-100001");
    const auto tuesday = signed_visit(d, 1, false, "MRN-100002");
    const auto last_week = signed_visit(d, -6, true, "MRN-100003");
    const auto wednesday = signed_visit(d, 2, true, "MRN-100004");
    d.sign_in_as("sup.tanaka");
    open_queue(d);
    CHECK(d.state().review_queue.rows.size() == 4);
    CHECK(d.visible(row(tuesday)));

    d.click("queue.flag");
    d.click("queue.flag.reaction");
    d.click("queue.this_week");
    CHECK(d.state().review_queue.from == "2026-03-02");
    CHECK(d.visible(row(monday)));
    CHECK(d.visible(row(wednesday)));
    CHECK_FALSE(d.visible(row(tuesday)));    // no reaction
    CHECK_FALSE(d.visible(row(last_week)));  // a reaction, but last week
    CHECK(d.state().review_queue.rows.size() == 2);

    const auto views = audited(d, "view");
    d.click(row(monday));
    REQUIRE(d.state().screen == ui::Screen::visit_review);
    REQUIRE(d.state().visit_review.record.has_value());
    CHECK(d.state().visit_review.record->visit.id == monday);
    CHECK(audited(d, "view") == views + 1);  // the supervisor's reading is on record

    d.click("note.condition.redness");
    d.click("note.grade.1");
    d.type_into("note.text", "faint redness at both sites on day 3");
    d.click("note.add");
    const auto notes = d.database().reviews().site_care_notes(monday).value();
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].author == "sup.tanaka");
    CHECK(notes[0].conditions == std::vector<std::string>{"redness"});
    CHECK(notes[0].grade == 1);
    CHECK(notes[0].text == "faint redness at both sites on day 3");

    d.type_into("countersign.comment", "reaction followed up");
    d.click("countersign");
    d.click("countersign.confirm");
    const auto all = d.database().reviews().countersignatures(monday).value();
    REQUIRE(all.size() == 1);
    const auto* countersigned = &all.front();
    CHECK(countersigned->supervisor == "sup.tanaka");
    CHECK(countersigned->comment == "reaction followed up");
    CHECK(d.state().visit_review.countersign_comment.empty());  // sent: quoted above, not left as if unsent
    d.click("countersign");                                     // once: the button is disabled now
    CHECK_FALSE(d.visible("countersign.confirm"));
    CHECK(audited(d, "countersign") == 1);

    d.click("review.back");  // the queue no longer waits for it
    REQUIRE(d.state().screen == ui::Screen::review_queue);
    CHECK_FALSE(d.visible(row(monday)));
    CHECK(d.visible(row(wednesday)));
}

TEST_CASE("the nurse's list to correct is as tall as its wrapped reasons: the line under it is not drawn over") {
    // Found from outside: long reasons (the program's, after another visit's amendment) ran over
    // "0 visits today" and the third was cut off.
    test::UiDriver d(thursday);
    std::vector<storage::VisitId> visits;
    for (int n = 0; n < 2; ++n) visits.push_back(signed_visit(d, n, false, "MRN-00421" + std::to_string(n + 5)));
    const app::Acting supervisor = d.test_clinic().as("sup.tanaka", {app::Role::supervisor});
    std::string words;
    for (int i = 0; i < 40; ++i) words += "correct the lot ";  // wraps over several lines
    for (const auto id : visits) REQUIRE(d.clinic().review().request_correction(supervisor, id, words).ok());
    d.sign_in_as("rn.okafor");
    REQUIRE(d.state().screen == ui::Screen::today);
    d.frames(2);
    const auto& rects = d.state().locations.rects;
    const std::string last = "correct." + std::to_string(visits.front());  // newest first: the oldest is last
    REQUIRE(rects.count(last) == 1);
    REQUIRE(rects.count("today.count") == 1);
    REQUIRE(d.visible("today.count"));
    CHECK(rects.at("today.count").min.y - rects.at(last).min.y > 4.0F * ImGui::GetTextLineHeight());
}

TEST_CASE("a correction request puts the visit on the nurse's Today list until her amendment answers it") {
    test::UiDriver d(thursday);
    const auto visit = signed_visit(d, 1, false);
    d.sign_in_as("sup.tanaka");
    open_queue(d);
    d.click(row(visit));
    REQUIRE(d.state().screen == ui::Screen::visit_review);
    CHECK_FALSE(d.visible("review.billing_held"));
    d.type_into("correction.reason", "the lot number is missing");
    d.click("correction.request");
    // Its billing waits from now on, on the biller's worklist and here (it said "ready"; found from outside).
    CHECK(d.visible("review.billing_held"));
    const auto requests = d.database().reviews().corrections(visit).value();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].open());
    CHECK(requests[0].reason == "the lot number is missing");
    d.click("countersign");  // not while the nurse is asked to correct
    CHECK_FALSE(d.visible("countersign.confirm"));
    // The supervisor's own list of visits sent back says what she asked, not only the flags.
    d.click("review.back");
    REQUIRE(d.state().screen == ui::Screen::review_queue);
    CHECK_FALSE(d.visible("queue.asked." + std::to_string(visit)));  // waiting for review: not there
    d.click("queue.state.2");
    REQUIRE(d.state().review_queue.rows.size() == 1);
    CHECK(d.state().review_queue.rows[0].asked_reason == "the lot number is missing");
    CHECK(d.state().review_queue.rows[0].asked_by == "sup.tanaka");
    CHECK(d.visible("queue.asked." + std::to_string(visit)));

    d.sign_in_as("rn.okafor");
    REQUIRE(d.state().screen == ui::Screen::today);
    REQUIRE(d.visible("correct." + std::to_string(visit)));
    REQUIRE(d.state().today.correction_reasons[visit].size() == 1);
    CHECK(d.state().today.correction_reasons[visit][0].reason == "the lot number is missing");
    d.click("correct." + std::to_string(visit));
    REQUIRE(d.state().screen == ui::Screen::visit);
    CHECK(d.state().editor.id() == visit);
    CHECK(d.state().visit_screen.open_corrections.size() == 1);
    CHECK(d.visible("visit.correction"));  // what was asked, on top of the visit
    d.click("amend.start");
    d.type_into("substances[0].lot", "P100234");
    d.type_into("amend.reason", "lot number added as asked");
    d.click("amend.sign");
    d.click("amend.confirm");
    CHECK(d.state().visit_screen.action_error.empty());
    const auto answered = d.database().reviews().corrections(visit).value();
    REQUIRE(answered.size() == 1);
    CHECK(answered[0].resolved_revision == 1);
    CHECK_FALSE(d.visible("visit.correction"));

    d.click("back");
    REQUIRE(d.state().screen == ui::Screen::today);
    CHECK(d.state().today.to_correct.empty());
    CHECK_FALSE(d.visible("correct." + std::to_string(visit)));
    CHECK_FALSE(d.visible("correct.title"));

    // Back in the supervisor's queue, it says what she asked and that it was corrected (found from outside:
    // it looked like any other visit).
    d.sign_in_as("sup.tanaka");
    d.state().screen = ui::Screen::review_queue;
    d.state().review_queue.stale = true;
    d.frames(3);
    CHECK(d.visible("queue.answered." + std::to_string(visit)));
}

TEST_CASE("at 1024x700 asking for a correction moves nothing the supervisor had scrolled to") {
    // Found from outside: the request's lines appeared in the history above the forms, and the site-care
    // checkboxes, Countersign and Send back moved 44 px down under the pointer.
    test::UiDriver d(thursday);
    const auto visit = signed_visit(d, 1, false);
    d.sign_in_as("sup.tanaka");
    d.set_window_size(1024.0F, 700.0F);
    open_queue(d);
    d.click(row(visit));
    REQUIRE(d.state().screen == ui::Screen::visit_review);
    d.state().locations.reveal = "correction.request";
    d.frames(3);
    const auto& rects = d.state().locations.rects;
    d.type_into("correction.reason", "the lot number is missing");
    d.frames(2);
    const float button = rects.at("correction.request").min.y;
    const float field = rects.at("correction.reason").min.y;
    d.click("correction.request");
    d.frames(3);
    REQUIRE(d.database().reviews().corrections(visit).value().size() == 1);
    // The section under the pointer stays: the history grew above it, and "Waiting for the nurse's amendment."
    // appeared under Countersign, just above it (the second moved it 26 px after the first was fixed).
    CHECK(rects.at("correction.request").min.y == doctest::Approx(button));
    CHECK(rects.at("correction.reason").min.y == doctest::Approx(field));
}

TEST_CASE("a nurse sees no Review menu, and every review screen refuses her with the refusal audited once") {
    test::UiDriver d(thursday);
    const auto visit = signed_visit(d, 0, true);
    CHECK_FALSE(d.visible("menu.review"));
    const auto refused = audited(d, "refused");
    const auto views = audited(d, "view");
    d.state().visit_review.id = visit;
    d.state().site_history.patient_id = "MRN-004211";
    for (auto screen : {ui::Screen::review_queue, ui::Screen::visit_review, ui::Screen::site_history,
                        ui::Screen::overview, ui::Screen::audit}) {
        CAPTURE(static_cast<int>(screen));
        d.state().screen = screen;
        d.frames(3);
        CHECK(d.visible("screen.refused"));
        CHECK_FALSE(d.visible("queue.count"));
        CHECK_FALSE(d.visible("note.add"));
        CHECK_FALSE(d.visible("audit.verify"));
        CHECK_FALSE(d.visible("overview.reactions"));
    }
    CHECK(audited(d, "refused") == refused + 5);  // once per screen, not once per frame
    CHECK(audited(d, "view") == views);           // nothing was read
    CHECK(d.state().review_queue.rows.empty());
    CHECK_FALSE(d.state().visit_review.record.has_value());
    CHECK_FALSE(d.state().site_history.history.has_value());
    d.click("screen.refused.back");
    CHECK(d.state().screen == ui::Screen::today);

    d.sign_in_as("sup.tanaka");
    CHECK(d.visible("menu.review"));  // the same menu bar, for the supervisor
}

TEST_CASE("the audit report shows every row of the range, sorts by its headers, and verify finds the chain intact") {
    test::UiDriver d(thursday);
    const auto visit = signed_visit(d, 0, false);
    d.sign_in_as("sup.tanaka");
    d.click("menu.review");
    d.click("menu.review.audit");
    REQUIRE(d.state().screen == ui::Screen::audit);
    d.type_into("audit.from", "2000-01-01");
    d.type_into("audit.to", "2100-12-31");
    storage::AuditFilter every;
    every.limit = 100000;
    const auto all = d.database().audit().entries(every).value();
    d.click("audit.show");
    // Reading the log is on the log: the report holds its own audit-report row too.
    CHECK(d.state().audit.total == static_cast<std::int64_t>(all.size()) + 1);
    const auto sign = std::find_if(all.begin(), all.end(), [&](const storage::AuditEntry& e) {
        return e.action == "sign" && e.visit_id == visit;
    });
    REQUIRE(sign != all.end());
    CHECK(d.visible("audit.row." + std::to_string(sign->id)));

    d.click("audit.sort.1");  // by person
    CHECK(d.state().audit.sort == storage::AuditSort::actor);
    const auto& page = d.state().audit.pages.at(0);
    REQUIRE(page.size() > 2);
    CHECK(std::is_sorted(page.begin(), page.end(),
                         [](const storage::AuditEntry& a, const storage::AuditEntry& b) { return a.actor < b.actor; }));
    CHECK(page.front().actor == "admin");

    d.type_into("audit.action", "sign");
    d.press(ImGuiKey_Enter);
    CHECK(d.state().audit.total == 1);

    // A day off the calendar names its field, a reversed range says so (found from outside: "Write the days as
    // YYYY-MM-DD" over a day written so, and "0 rows" without a word).
    const std::string from = d.state().audit.from;
    d.type_into("audit.from", "2026-13-01");
    d.press(ImGuiKey_Enter);
    CHECK(d.state().audit.error ==
          "\"from\": '2026-13-01' is not a day of the calendar; write it as YYYY-MM-DD, "
          "e.g. 2026-03-02");
    CHECK_FALSE(d.visible("audit.count"));
    const std::string to = d.state().audit.to;
    d.type_into("audit.from", "2099-01-01");
    d.type_into("audit.to", "2098-12-31");
    d.press(ImGuiKey_Enter);
    CHECK(d.state().audit.error == "\"to\" (2098-12-31) is before \"from\" (2099-01-01): no day is between them");
    d.type_into("audit.to", to);
    d.type_into("audit.from", from);
    d.press(ImGuiKey_Enter);
    CHECK(d.state().audit.error.empty());
    CHECK(d.state().audit.total == 1);

    d.click("audit.verify");
    REQUIRE(d.state().audit.verified.has_value());
    CHECK(d.state().audit.verified->ok);
    CHECK(d.state().audit.verified->audit_rows >= static_cast<std::int64_t>(all.size()));
    CHECK(d.visible("audit.verified"));
}

TEST_CASE("site history and the overview show a patient's sites with reactions and the clinic's week") {
    test::UiDriver d(thursday);
    const auto first = signed_visit(d, 0, true);
    signed_visit(d, 1, false);
    d.sign_in_as("sup.tanaka");
    open_queue(d);
    d.click("queue.sites." + std::to_string(first));
    REQUIRE(d.state().screen == ui::Screen::site_history);
    REQUIRE(d.state().site_history.history.has_value());
    const auto& history = *d.state().site_history.history;
    CHECK(history.visits.size() == 2);
    const auto left = std::find_if(history.sites.begin(), history.sites.end(),
                                   [](const storage::SiteStats& s) { return s.location == "abdomen-left-lower"; });
    REQUIRE(left != history.sites.end());
    CHECK(left->uses == 2);
    CHECK(left->reactions == 1);
    CHECK(d.visible("history.map.abdomen-left-lower"));
    d.click("history.visit." + std::to_string(first));  // the timeline opens the visit for review
    REQUIRE(d.state().screen == ui::Screen::visit_review);
    CHECK(d.state().visit_review.id == first);
    d.click("review.back");  // back the way the supervisor came
    CHECK(d.state().screen == ui::Screen::site_history);
    d.click("history.back");
    CHECK(d.state().screen == ui::Screen::review_queue);

    d.click("menu.review");
    d.click("menu.review.overview");
    REQUIRE(d.state().screen == ui::Screen::overview);
    REQUIRE(d.state().overview.data.has_value());
    REQUIRE(d.state().overview.data->weeks.size() == 1);
    CHECK(d.state().overview.data->weeks[0].infusions == 2);
    CHECK(d.state().overview.data->weeks[0].reactions == 1);
    CHECK(d.visible("overview.reactions"));
    CHECK(d.visible("overview.completeness"));
}

TEST_CASE("a visit under review shows the sites of the patient's visits before it, days counted from it") {
    // Found in the real window: reviewing a visit of weeks ago, the body map ringed the sites of the
    // patient's latest visits, made after it, with their days counted from today.
    test::UiDriver d(thursday);
    const auto last_week = signed_visit(d, -6, false, "MRN-300001");
    const auto monday = signed_visit(d, 0, true, "MRN-300001");
    const auto wednesday = signed_visit(d, 2, false, "MRN-300001");
    d.sign_in_as("sup.tanaka");
    open_queue(d);
    d.click(row(monday));
    REQUIRE(d.state().screen == ui::Screen::visit_review);
    const auto& review = d.state().visit_review;
    REQUIRE_FALSE(review.recent_sites.empty());
    for (const auto& use : review.recent_sites) {
        CHECK(use.visit == last_week);  // never Wednesday's, made after Monday's
        CHECK(use.visit != wednesday);
    }
    REQUIRE(review.visit_date.has_value());
    CHECK(core::format_date(*review.visit_date) == "2026-03-02");  // "6d": six days before Monday
}

TEST_CASE("at 1024x700 a visit under review shows the patient's values whole and each set-up's stop time") {
    // Found from outside: at 1024 wide the body map beside the patient left her values a column one
    // letter wide (the birth date a stack of dashes), and the set-up's stop time was past the edge.
    test::UiDriver d(thursday);
    core::Visit v = test::sample_visit(75);
    v.patient.birth_date = core::parse_date("1967-03-30");
    const app::Acting nurse = d.test_clinic().as(v.clinician, {app::Role::nurse});
    const auto monday = d.clinic().visits().create(nurse, v).value();
    REQUIRE(d.clinic().visits().sign(nurse, monday).value().signed_visit);
    d.sign_in_as("sup.tanaka");
    d.set_window_size(1024.0F, 700.0F);
    open_queue(d);
    d.click(row(monday));
    REQUIRE(d.state().screen == ui::Screen::visit_review);
    d.frames(3);
    const auto& rects = d.state().locations.rects;
    const ui::ItemRect born = rects.at("review.patient.Born");
    const ui::ItemRect clinician = rects.at("review.patient.Clinician");
    CHECK(born.max.y - born.min.y == doctest::Approx(clinician.max.y - clinician.min.y));  // one line each
    CHECK(born.max.x - born.min.x > 60.0F);  // "1967-03-30" side by side, not stacked
    const ui::ItemRect record = rects.at("review.record");
    d.state().locations.reveal = "review.setup1.times";
    d.frames(3);
    const ui::ItemRect stop = rects.at("review.setup1.times");
    CHECK(stop.max.x <= record.max.x);
    CHECK(stop.min.x >= record.min.x);
    // The visit's audit trail: each detail readable, not one letter a line.
    d.state().locations.reveal = "review.trail";
    d.frames(3);
    d.click("review.trail");
    d.state().locations.reveal = "review.trail.detail";
    d.frames(3);
    const ui::ItemRect detail = rects.at("review.trail.detail");
    CHECK(detail.max.x - detail.min.x > 100.0F);  // one letter a line was 10 px wide
}

TEST_CASE("a visit's open audit trail shows the supervisor's own action at once, and its reading says which visit") {
    // Found from outside: the trail's reading was recorded as "audit report - to -", and an open trail did
    // not show the correction request just sent.
    test::UiDriver d(thursday);
    const auto visit = signed_visit(d, 1, false);
    d.sign_in_as("sup.tanaka");
    open_queue(d);
    d.click(row(visit));
    d.click("review.trail");
    d.frames(2);
    REQUIRE(d.state().visit_review.trail);
    const auto has_action = [&](const std::string& action) {
        const auto& rows = *d.state().visit_review.trail;
        return std::any_of(rows.begin(), rows.end(), [&](const auto& e) { return e.action == action; });
    };
    CHECK_FALSE(has_action("correction-request"));
    const auto reading = std::find_if(d.state().visit_review.trail->begin(), d.state().visit_review.trail->end(),
                                      [](const auto& e) { return e.action == "audit-report"; });
    REQUIRE(reading != d.state().visit_review.trail->end());
    CHECK(reading->detail == "audit trail of visit " + std::to_string(visit));
    d.type_into("correction.reason", "the lot number is missing");
    d.click("correction.request");
    d.frames(2);
    REQUIRE(d.state().visit_review.trail);
    CHECK(has_action("correction-request"));
}

TEST_CASE("--screen that the person's roles do not open exits 2, with the refusal and the sign-out audited") {
    // Found from outside: `--user billing.chen --screen today` exited 2 with its reason, and left no
    // refusal on the audit log (the README says the attempt is audited) and a sign-in without sign-out.
    test::TestClinic tc;
    (void)tc.as("billing.chen", {app::Role::biller});
    auto session = tc.clinic().accounts().sign_in("billing.chen", "billing.chen-password-1");
    REQUIRE(session.ok());
    ui::ProgramOptions options;
    options.user = "billing.chen";
    options.session = session.value();
    options.screen = "today";
    const auto refused = tc.audited("refused", "billing.chen");
    const auto signed_out = tc.audited("sign-out", "billing.chen");
    CHECK(ui::run_program(tc.clinic(), options) == 2);  // before any window opens
    CHECK(tc.audited("refused", "billing.chen") == refused + 1);
    CHECK(tc.audited("sign-out", "billing.chen") == signed_out + 1);
}

TEST_CASE("an answered correction shows what the amendment changed and the nurse's reason, 'Answered' when nothing") {
    // Found from outside: "Corrected in amendment 1" over an amendment that changed nothing.
    test::UiDriver d("2026-03-02T16:00:00Z");
    const auto id = d.signed_sample_visit("MRN-790031");
    const app::Acting supervisor = d.test_clinic().as("sup.tanaka", {app::Role::supervisor});
    const app::Acting nurse = d.test_clinic().as("rn.okafor", {app::Role::nurse});
    core::Visit content = d.database().visits().load(id).value().current().content;
    REQUIRE(d.clinic().review().request_correction(supervisor, id, "is the lot right?").ok());
    REQUIRE(d.clinic().visits().amend(nurse, id, content, "checked against the carton: it is").ok());
    d.review_from_queue(id);
    REQUIRE(d.visible("review.correction_changes"));
    REQUIRE(d.state().visit_review.record.has_value());
    CHECK(d.state().visit_review.record->amendment_changes.at(1) == app::nothing_changed);
}

TEST_CASE(
    "a countersigned visit amended since says what the amendment changed and why, and a correction asked shows "
    "in the header") {
    // Found from outside: "amended since: the current revision waits for review" without what changed, at 1024
    // wide the header's status ran under the Site history button, and a header that still said "signed -
    // read-only" while a correction was asked.
    test::UiDriver d("2026-03-02T16:00:00Z");
    const auto id = d.signed_sample_visit("MRN-790032");
    const app::Acting supervisor = d.test_clinic().as("sup.tanaka", {app::Role::supervisor});
    const app::Acting nurse = d.test_clinic().as("rn.okafor", {app::Role::nurse});
    REQUIRE(d.clinic().review().countersign(supervisor, id, "").ok());
    core::Visit content = d.database().visits().load(id).value().current().content;
    content.substances[0].lot = "P999999";
    REQUIRE(d.clinic().visits().amend(nurse, id, content, "lot typo corrected").ok());
    d.set_window_size(1024.0F, 700.0F);
    d.review_from_queue(id);
    REQUIRE(d.visible("review.amendment_changes"));
    CHECK(d.state().visit_review.record->amendment_changes.at(1) == "substance 1 (lot)");
    const auto& rects = d.state().locations.rects;
    d.state().locations.reveal = "review.status";
    d.frames(2);
    const ui::ItemRect status = rects.at("review.status");
    const ui::ItemRect history = rects.at("review.history");
    // Not under the Site history button, and on the header's line, cut when it must be: on a line of its own the
    // whole screen moved down under the pointer when a correction was asked (found from outside).
    CHECK(status.max.x <= history.min.x);
    CHECK(status.min.y < history.max.y);

    const auto second = d.signed_sample_visit("MRN-790033");
    REQUIRE(d.clinic().review().request_correction(supervisor, second, "is the lot right?").ok());
    d.state().open_review(second, ui::Screen::review_queue);  // waits for the nurse: not in the queue
    d.frames(3);
    REQUIRE(d.state().screen == ui::Screen::visit_review);
    // "signed, correction asked: waits for the nurse's amendment", far longer than "signed - read-only".
    const ui::ItemRect asked = rects.at("review.status");
    CHECK(asked.max.x - asked.min.x > ImGui::CalcTextSize("signed - read-only").x * 2.0F);
    CHECK(asked.max.x <= rects.at("review.history").min.x);
    CHECK(asked.min.y < rects.at("review.history").max.y);
}

TEST_CASE("at 1024x700 the queue's 'follow-up within N days' is whole, on the next line when the filters fill theirs") {
    // Found from outside: "days" cut at the window's edge.
    test::UiDriver d(thursday);
    d.sign_in_as("sup.tanaka");
    d.set_window_size(1024.0F, 700.0F);
    open_queue(d);
    d.frames(2);
    const ui::ItemRect days = d.state().locations.rects.at("queue.follow_up_days_label");
    CHECK(days.max.x <= 1024.0F - 8.0F);
}
