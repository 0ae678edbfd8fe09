// Supervisor review as the screens will use it (app/review_service.hpp), on every backend: who may do
// what, with refusals audited; site-care notes, countersigning, a correction request on the nurse's list until her
// amendment; site history and the clinic overview on small known sets.
#include "app/review_service.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <memory>

using namespace infusion;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

namespace {

// A clinic with the demo users on one of the backends, on 2026-03-10 (10:00 in New York).
struct Clinic {
    explicit Clinic(const test::Backend& backend) : tc("2026-03-10T15:00:00Z", backend.open()) { tc.add_demo_users(); }

    test::TestClinic tc;
    storage::Database* db = &tc.db();
    app::VisitService& visits = tc.clinic().visits();
    app::ReviewService& review = tc.clinic().review();
    app::AuditService& audit = tc.clinic().audit();

    app::Acting session(const std::string& user) { return tc.demo(user); }
    // A draft of the visit's clinician, written through the store.
    storage::VisitId draft(const core::Visit& v) {
        return db->visits().create_draft(v, storage::Actor{v.clinician, tc.now}).value();
    }
    // Signed through the store: review must see visits whatever today's signing policy blocks.
    storage::VisitId signed_visit(const core::Visit& v) {
        const auto id = draft(v);
        REQUIRE(db->visits().sign(id, 1, visits.signed_coding(v), storage::Actor{v.clinician, tc.now}).ok());
        return id;
    }
    std::size_t audited(const std::string& action) { return tc.audited(action); }
};

// The sample visit moved `days` days after 2026-03-02, lasting `minutes`.
core::Visit visit_on(int days, int minutes = 75, const std::string& mrn = "MRN-004211") {
    core::Visit v = test::sample_visit(minutes);
    v.patient.id = mrn;
    for (auto& p : v.pump_setups) {
        p.start->local += std::chrono::days{days};
        p.stop->local += std::chrono::days{days};
    }
    return v;
}

core::Visit with_sites(core::Visit v, const std::vector<std::string>& locations) {
    for (std::size_t i = 0; i < v.pump_setups[0].sites.size() && i < locations.size(); ++i) {
        v.pump_setups[0].sites[i].location = locations[i];
    }
    return v;
}

core::Visit with_reaction(core::Visit v) {
    v.notes.push_back({std::nullopt, core::NoteKind::reaction, "itching at both sites"});
    return v;
}

}  // namespace

TEST_CASE("a nurse cannot read the queue, countersign or request corrections, each refusal is audited") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        const auto id = c.signed_visit(visit_on(0));
        const auto nurse = c.session("rn.okafor");
        const auto queue = c.review.queue(nurse, {});
        REQUIRE_FALSE(queue.ok());
        CHECK(queue.error().message.find("supervisor role") != std::string::npos);
        CHECK_FALSE(c.review.countersign(nurse, id, "").ok());
        CHECK_FALSE(c.review.request_correction(nurse, id, "why").ok());
        CHECK_FALSE(c.review.open(nurse, id).ok());
        CHECK_FALSE(c.review.overview(nurse, year{2026} / 3 / 1, year{2026} / 3 / 31).ok());
        CHECK_FALSE(c.audit.verify(nurse, c.audit.read_chain()).ok());
        CHECK(c.audited("refused") == 6);
        CHECK(c.db->reviews().countersignatures(id).value().empty());

        const auto biller = c.session("billing.chen");
        const auto note = c.review.add_site_care_note(biller, id, {"", {"redness"}, 1, ""});
        REQUIRE_FALSE(note.ok());
        CHECK(note.error().message.find("nurse role") != std::string::npos);
        CHECK(c.audited("refused") == 7);

        const auto page = c.review.queue(c.session("sup.nakamura"), {});
        REQUIRE(page.ok());
        REQUIRE(page.value().rows.size() == 1);
        CHECK(page.value().rows[0].days_since == 8);
        CHECK((page.value().rows[0].flags & core::review_flag::no_follow_up) != 0);
    }
}

TEST_CASE("site-care note, countersigning, and a correction request that waits for the nurse's amendment") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        const auto nurse = c.session("rn.okafor");
        const auto supervisor = c.session("sup.nakamura");
        const auto a = c.signed_visit(visit_on(0));
        core::Visit b_content = visit_on(1);
        const auto b = c.signed_visit(b_content);

        REQUIRE(c.review.add_site_care_note(nurse, a, {"abdomen-left-lower", {"redness"}, 1, "faint, next day"}).ok());
        CHECK_FALSE(c.review.add_site_care_note(nurse, a, {"elbow", {}, 0, ""}).ok());
        const auto draft = c.draft(visit_on(2));
        CHECK_FALSE(c.review.add_site_care_note(nurse, draft, {"", {}, 0, "not yet"}).ok());
        CHECK_FALSE(c.review.countersign(supervisor, draft, "").ok());

        REQUIRE(c.review.countersign(supervisor, a, "site-care followed up").ok());
        CHECK_FALSE(c.review.countersign(supervisor, a, "twice").ok());
        core::Visit own = visit_on(3);
        own.clinician = "sup.nakamura";
        const auto own_id = c.signed_visit(own);
        const auto self = c.review.countersign(supervisor, own_id, "");
        REQUIRE_FALSE(self.ok());
        CHECK(self.error().message.find("documented it") != std::string::npos);
        // Found from outside: the supervisor wrote the draft (an import naming rn.okafor as clinician), the
        // nurse signed it unchanged, and the supervisor countersigned her own documentation.
        const auto written = c.db->visits().create_draft(visit_on(4), storage::Actor{"sup.nakamura", c.tc.now}).value();
        REQUIRE(c.db->visits()
                    .sign(written, 1, c.visits.signed_coding(visit_on(4)), storage::Actor{"rn.okafor", c.tc.now})
                    .ok());
        const std::size_t refusals = c.audited("refused");
        const auto written_self = c.review.countersign(supervisor, written, "");
        REQUIRE_FALSE(written_self.ok());
        CHECK(written_self.error().kind == core::ErrorKind::refused);
        CHECK(written_self.error().message.find("sup.nakamura documented it") != std::string::npos);
        CHECK(c.audited("refused") == refusals + 1);

        CHECK_FALSE(c.review.request_correction(supervisor, b, " ").ok());
        REQUIRE(c.review.request_correction(supervisor, b, "the lot number is missing").ok());
        const auto listed = c.review.open_corrections(nurse, "rn.okafor", {});
        REQUIRE(listed.ok());
        REQUIRE(listed.value().rows.size() == 1);
        CHECK(listed.value().rows[0].id == b);
        CHECK_FALSE(c.review.open_corrections(c.session("rn.lindqvist"), "rn.okafor", {}).ok());
        const auto opened = c.review.open(supervisor, b);
        REQUIRE(opened.ok());
        REQUIRE(opened.value().corrections.size() == 1);
        CHECK(opened.value().corrections[0].open());
        CHECK(c.audited("view") == 1);
        CHECK_FALSE(c.review.countersign(supervisor, b, "").ok());

        b_content.substances[0].lot = "P100234";
        // The amendment itself resolves the open request (VisitService::amend).
        const auto revision = c.visits.amend(nurse, b, b_content, "lot number added");
        REQUIRE(revision.ok());
        CHECK(c.review.open_corrections(nurse, "rn.okafor", {}).value().rows.empty());
        CHECK(c.review.open(supervisor, b).value().corrections[0].resolved_revision == revision.value().revision);
        REQUIRE(c.review.countersign(supervisor, b, "").ok());
        storage::ReviewQueueFilter done;
        done.state = storage::ReviewState::countersigned;
        CHECK(c.review.queue(supervisor, done).value().rows.size() == 2);
        CHECK(c.audited("countersign") == 2);
        CHECK(c.audited("correction-request") == 1);
        CHECK(c.audited("correction-resolved") == 1);
        CHECK(c.audited("site-care-note") == 1);
    }
}

TEST_CASE("an amendment says what it changed, and one that changes nothing only answers an open correction request") {
    // Found from outside: an amendment that changed nothing closed the supervisor's request and lifted its billing
    // hold, and her screen said "Corrected in amendment 1" with neither the change nor the nurse's reason.
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        const auto nurse = c.session("rn.okafor");
        const auto supervisor = c.session("sup.nakamura");
        core::Visit content = visit_on(1);
        const auto id = c.signed_visit(content);
        const auto pointless = c.visits.amend(nurse, id, content, "re-signed");
        REQUIRE_FALSE(pointless.ok());
        CHECK(pointless.error().message ==
              "nothing to amend: the documentation and its billing lines are as signed; correct what is wrong "
              "first, then sign the amendment");
        CHECK(c.audited("amend") == 0);

        // Asked about the lot, the nurse checks it and changes nothing: allowed, and said as such.
        REQUIRE(c.review.request_correction(supervisor, id, "is the lot number right?").ok());
        REQUIRE(c.visits.amend(nurse, id, content, "lot checked against the vial: it is right").ok());
        content.substances[0].lot = "P100234";
        content.notes.push_back({std::nullopt, core::NoteKind::general, "lot re-read from the carton"});
        REQUIRE(c.review.request_correction(supervisor, id, "and the carton?").ok());
        REQUIRE(c.visits.amend(nurse, id, content, "lot corrected").ok());

        storage::AuditFilter amends;
        amends.action = "amend";
        const auto rows = c.db->audit().entries(amends).value();
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].detail ==
              "amendment 1: lot checked against the vial: it is right; changed: nothing (it "
              "answers the correction request with its reason)");
        // Which field of the substance, too: "substance 1" alone said neither what nor how much (found from outside).
        CHECK(rows[1].detail == "amendment 2: lot corrected; changed: substance 1 (lot), notes");
        const auto opened = c.review.open(supervisor, id);
        REQUIRE(opened.ok());
        CHECK(opened.value().amendment_changes ==
              std::vector<std::string>{"", "nothing (it answers the correction request with its reason)",
                                       "substance 1 (lot), notes"});
    }
}

TEST_CASE("site history counts uses, last dates and reactions per site over the last visits") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        const auto supervisor = c.session("sup.nakamura");
        const auto v0 = c.signed_visit(visit_on(0, 75, "MRN-7"));  // abdomen-left-lower, abdomen-right-lower
        const auto v1 =
            c.signed_visit(with_reaction(with_sites(visit_on(2, 75, "MRN-7"), {"thigh-left", "abdomen-left-lower"})));
        core::Visit third = with_sites(visit_on(4, 75, "MRN-7"), {"abdomen-right-lower", "thigh-right"});
        third.pump_setups[0].sites[1].aspiration = core::Aspiration::blood;
        const auto v2 = c.signed_visit(third);
        (void)c.signed_visit(visit_on(5, 75, "MRN-8"));
        REQUIRE(
            c.review.add_site_care_note(c.session("rn.okafor"), v2, {"abdomen-right-lower", {"swelling"}, 2, ""}).ok());
        REQUIRE(c.review.add_site_care_note(c.session("rn.okafor"), v0, {"abdomen-left-lower", {}, 0, "fine"}).ok());

        const auto history = c.review.site_history(supervisor, "MRN-7", 10);
        REQUIRE(history.ok());
        const auto& h = history.value();
        REQUIRE(h.visits.size() == 3);
        CHECK(h.visits[0].id == v2);
        CHECK(h.visits[1].id == v1);
        CHECK(h.visits[2].id == v0);
        CHECK(h.visits[0].reaction);        // the site-care note graded 2
        CHECK(h.visits[1].reaction);        // the reaction note
        CHECK_FALSE(h.visits[2].reaction);  // a grade-0 note is no reaction
        REQUIRE(h.visits[0].sites.size() == 2);
        CHECK_FALSE(h.visits[0].sites[1].usable);

        std::map<std::string, storage::SiteStats> sites;
        for (const auto& s : h.sites) sites[s.location] = s;
        CHECK(sites.size() == 3);  // thigh-right only returned blood: not a use
        CHECK(sites["abdomen-left-lower"].uses == 2);
        CHECK(sites["abdomen-left-lower"].reactions == 1);
        CHECK(sites["abdomen-left-lower"].last_date == year{2026} / 3 / 4);
        CHECK(sites["abdomen-right-lower"].uses == 2);
        CHECK(sites["abdomen-right-lower"].reactions == 1);
        CHECK(sites["abdomen-right-lower"].last_date == year{2026} / 3 / 6);
        CHECK(sites["thigh-left"].uses == 1);
        CHECK(sites["thigh-left"].reactions == 1);

        const auto last = c.review.site_history(supervisor, "MRN-7", 1).value();
        REQUIRE(last.visits.size() == 1);
        CHECK(last.sites.size() == 1);
        CHECK_FALSE(c.review.site_history(c.session("rn.okafor"), "MRN-7", 10).ok());
    }
}

TEST_CASE("the overview: reactions per 100 infusions by ISO week, infusion lengths, completeness by nurse") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        const auto supervisor = c.session("sup.nakamura");
        (void)c.signed_visit(visit_on(0));                 // Mon 2026-03-02, ISO week 10
        (void)c.signed_visit(with_reaction(visit_on(2)));  // Wed 2026-03-04, week 10
        core::Visit gap = visit_on(7, 300);                // Mon 2026-03-09, week 11
        gap.pump_setups[0].sites[0].prepped.reset();
        (void)c.signed_visit(gap);
        core::Visit other = visit_on(8, 400);
        other.clinician = "rn.lindqvist";
        (void)c.signed_visit(other);
        (void)c.draft(visit_on(7));          // a draft: not an infusion yet
        (void)c.signed_visit(visit_on(30));  // outside the range

        const auto overview = c.review.overview(supervisor, year{2026} / 3 / 1, year{2026} / 3 / 15);
        REQUIRE(overview.ok());
        const auto& o = overview.value();
        REQUIRE(o.weeks.size() == 2);
        CHECK(o.weeks[0].iso_year == 2026);
        CHECK(o.weeks[0].iso_week == 10);
        CHECK(o.weeks[0].monday == year{2026} / 3 / 2);
        CHECK(o.weeks[0].infusions == 2);
        CHECK(o.weeks[0].reactions == 1);
        CHECK(o.weeks[0].per_100() == doctest::Approx(50.0));
        CHECK(o.weeks[1].iso_week == 11);
        CHECK(o.weeks[1].infusions == 2);
        CHECK(o.weeks[1].reactions == 0);
        CHECK(o.lengths.quarter_hours[5] == 2);   // 75 minutes: [75, 90)
        CHECK(o.lengths.quarter_hours[20] == 1);  // 300 minutes: [300, 315)
        CHECK(o.lengths.over_six_hours == 1);
        REQUIRE(o.nurses.size() == 2);
        CHECK(o.nurses[0].nurse == "rn.lindqvist");
        CHECK(o.nurses[0].share() == doctest::Approx(1.0));
        CHECK(o.nurses[1].nurse == "rn.okafor");
        CHECK(o.nurses[1].visits == 3);
        CHECK(o.nurses[1].complete == 2);

        // 2027-01-01 is a Friday of ISO week 53 of 2026.
        (void)c.signed_visit(visit_on(305));
        const auto new_year = c.review.overview(supervisor, year{2026} / 12 / 28, year{2027} / 1 / 3).value();
        REQUIRE(new_year.weeks.size() == 1);
        CHECK(new_year.weeks[0].iso_year == 2026);
        CHECK(new_year.weeks[0].iso_week == 53);
        CHECK_FALSE(c.review.overview(supervisor, year{2026} / 3 / 15, year{2026} / 3 / 1).ok());
        CHECK_FALSE(c.review.overview(supervisor, year{2020} / 1 / 1, year{2026} / 3 / 1).ok());  // over three years
    }
}

TEST_CASE("supervisors read the audit report by clinic days and verify the chain") {
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        const auto supervisor = c.session("sup.nakamura");
        (void)c.signed_visit(visit_on(0));
        app::AuditQuery query;
        query.from = year{2026} / 3 / 10;
        query.to = year{2026} / 3 / 10;
        query.action = "sign";
        const auto page = c.audit.report(supervisor, query);
        REQUIRE(page.ok());
        CHECK(page.value().total == 1);
        REQUIRE(page.value().rows.size() == 1);
        CHECK(page.value().rows[0].actor == "rn.okafor");
        CHECK(c.audited("audit-report") == 1);
        query.from = year{2026} / 3 / 11;
        query.to = year{2026} / 3 / 11;
        CHECK(c.audit.report(supervisor, query).value().total == 0);
        const auto verified = c.audit.verify(supervisor, c.audit.read_chain());
        REQUIRE(verified.ok());
        CHECK(verified.value().ok);
        CHECK(c.audited("audit-report") == 2);  // each reading is on the trail
        CHECK(c.audited("audit-verify") == 1);
    }
}
