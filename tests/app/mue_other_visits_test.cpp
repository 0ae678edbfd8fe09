// coding-rules.md 4: an MUE "absolute per date of service" (indicator 2) holds across the patient's visits
// of the date, not per visit. Found from outside: two visits of one patient on one day each billed 96369
// (MUE 1). Signing, amending and the live billing panel count what the other signed visits bill; on every
// backend (the read is storage's, the rule core's).
#include "app/hold_reasons.hpp"
#include "app/visit_editor.hpp"
#include "app/visit_service.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <utility>

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

// A workstation whose signature's write starts only after another workstation's signature landed: what
// it coded (reading the patient's other visits) is then older than the database. `before_first_sign` runs
// once, just before the first signature is written.
class VisitsSignedAfter final : public storage::VisitStore {
public:
    VisitsSignedAfter(storage::VisitStore& inner, std::function<void()> before_first_sign)
        : m_inner(inner), m_before(std::move(before_first_sign)) {}
    core::Result<storage::VisitId> create_draft(const core::Visit& v, const storage::Actor& a,
                                                storage::PatientNaming n) override {
        return m_inner.create_draft(v, a, n);
    }
    core::Result<std::int64_t> save_draft(storage::VisitId id, std::int64_t version, const core::Visit& v,
                                          const storage::Actor& a, const storage::SignedCoding* c,
                                          const std::string& changed) override {
        return m_inner.save_draft(id, version, v, a, c, changed);
    }
    core::Status sign(storage::VisitId id, std::int64_t version, const storage::SignedCoding& c,
                      const storage::Actor& a) override {
        if (auto before = std::exchange(m_before, {})) before();
        return m_inner.sign(id, version, c, a);
    }
    core::Result<int> amend(storage::VisitId id, std::int64_t version, const core::Visit& v, const std::string& reason,
                            const storage::SignedCoding& c, const storage::Actor& a) override {
        return m_inner.amend(id, version, v, reason, c, a);
    }
    core::Result<std::vector<storage::VisitId>> create_many(const std::vector<NewVisit>& visits,
                                                            const storage::Actor& a) override {
        return m_inner.create_many(visits, a);
    }
    core::Status discard_draft(storage::VisitId id, const storage::Actor& a) override {
        return m_inner.discard_draft(id, a);
    }
    core::Result<storage::StoredVisit> load(storage::VisitId id) override { return m_inner.load(id); }
    core::Result<storage::CheckReport> verify_seals(storage::VisitId id) override { return m_inner.verify_seals(id); }
    core::Result<storage::VisitPage> list(const storage::VisitFilter& f) override { return m_inner.list(f); }
    core::Result<std::vector<storage::PatientSummary>> find_patients(const std::string& text, int limit) override {
        return m_inner.find_patients(text, limit);
    }

private:
    storage::VisitStore& m_inner;
    std::function<void()> m_before;
};

// The workstation's database: its own connection, with the visit store above.
class SignsAfterAnother final : public storage::Database {
public:
    SignsAfterAnother(std::unique_ptr<storage::Database> inner, std::function<void()> before_first_sign)
        : m_inner(std::move(inner)), m_visits(m_inner->visits(), std::move(before_first_sign)) {}
    storage::VisitStore& visits() override { return m_visits; }
    storage::AuditLog& audit() override { return m_inner->audit(); }
    storage::UserStore& users() override { return m_inner->users(); }
    storage::BillingStore& billing() override { return m_inner->billing(); }
    storage::ReviewStore& reviews() override { return m_inner->reviews(); }
    storage::DatabaseFacts& facts() override { return m_inner->facts(); }
    core::Result<storage::CheckReport> examine(storage::CheckDepth depth) override { return m_inner->examine(depth); }
    void record_check(const storage::CheckReport& report) override { m_inner->record_check(report); }
    core::Status backup_to(const std::filesystem::path& target) override { return m_inner->backup_to(target); }
    core::Result<std::string> accept_chain_head() override { return m_inner->accept_chain_head(); }
    const storage::DatabaseLocation& location() const override { return m_inner->location(); }
    bool read_only() const override { return m_inner->read_only(); }
    int schema_version() const override { return m_inner->schema_version(); }

private:
    std::unique_ptr<storage::Database> m_inner;
    VisitsSignedAfter m_visits;
};

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
        const auto amended = c.visits.amend(c.nurse, morning, corrected, "second diagnosis");
        REQUIRE(amended.ok());
        CHECK(c.lines_of(morning) == "96369x1 J1559x80:JZ");
        // Nothing the afternoon bills changed: it is not asked to be amended.
        CHECK(amended.value().others.empty());
        CHECK(c.tc.db().reviews().corrections(afternoon).value().empty());
    }
}

namespace {

// The worklist row of visit `id` on 2026-03-02.
storage::WorklistRow worklist_row(storage::Database& db, storage::VisitId id) {
    storage::WorklistFilter filter;
    filter.from = filter.to = std::chrono::year_month_day{std::chrono::year{2026} / 3 / 2};
    for (auto& row : db.billing().worklist(filter).value().rows) {
        if (row.id == id) return row;
    }
    FAIL("visit " << id << " is not on the worklist");
    return {};
}

// What an export of 2026-03-01 to 2026-03-02 sends, sorted: "V<id> <code> CG" per charge, "CD" per
// reversal; recorded as sent unless a dry run.
std::vector<std::string> export_lines(storage::Database& db, bool dry_run = false) {
    std::vector<std::string> out;
    storage::ExportCallbacks callbacks;
    callbacks.row = [&](const storage::ExportRow& row) {
        out.push_back("V" + std::to_string(row.visit_id) + " " + row.line.code + (row.reversal ? " CD" : " CG"));
        return true;
    };
    callbacks.finish = [] { return core::Result<std::string>(std::string(64, '0')); };
    const std::chrono::year_month_day first{std::chrono::year{2026} / 3 / 1};
    const std::chrono::year_month_day last{std::chrono::year{2026} / 3 / 2};
    REQUIRE(db.billing()
                .export_pending({first, last, {}, ""}, "csv", test::actor("billing.chen"), dry_run, callbacks)
                .ok());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("an amendment that takes the date's 96369 away holds the visit that counted it until that one is amended") {
    // Found from outside: the afternoon's 96370 went to the payer without its 96369 once the morning visit,
    // which billed the date's first hour, was amended into held.
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        storage::Database& db = c.tc.db();
        const auto morning = c.signed_visit(visit_at(0));
        const auto afternoon = c.signed_visit(visit_at(5, 100));
        CHECK(c.lines_of(afternoon) == "96370x1 J1559x80:JZ");
        // Countersigned already: a supervisor could no longer ask for a correction; the program still does.
        const app::Acting supervisor = c.tc.demo("sup.nakamura");
        REQUIRE(c.tc.clinic().review().countersign(supervisor, afternoon, "").ok());

        core::Visit corrected = visit_at(0);
        corrected.diagnoses.clear();  // signed without a diagnosis: held, billing nothing
        const auto amended = c.visits.amend(c.nurse, morning, corrected, "diagnosis was not this one");
        REQUIRE(amended.ok());
        REQUIRE(amended.value().others.size() == 1);
        CHECK(amended.value().others[0].id == afternoon);
        CHECK(amended.value().others[0].filed);
        CHECK(amended.value().others[0].reason.find("coded again now they are 96369 × 1, 96370 × 1, J1559-JZ × 80 "
                                                    "(signed: 96370 × 1, J1559-JZ × 80)") != std::string::npos);

        // The afternoon's lines wait: held on the worklist, with why, and left out of the export.
        const auto corrections = db.reviews().corrections(afternoon).value();
        REQUIRE(corrections.size() == 1);
        CHECK_FALSE(corrections[0].resolved_revision.has_value());
        const auto held = worklist_row(db, afternoon);
        CHECK(held.state == storage::WorklistState::held);
        const auto reasons = app::hold_reasons(held, "America/New_York");
        REQUIRE_FALSE(reasons.empty());
        CHECK(reasons.back().find("visit " + std::to_string(morning) + " of the same patient was amended") !=
              std::string::npos);
        CHECK(export_lines(db, true).empty());  // the morning is held by its own documentation
        // Its screen shows the lines it was signed with (the ones held), not a coding of today.
        app::VisitEditor window(c.visits);
        window.set_acting(&c.nurse);
        REQUIRE(window.open(afternoon).ok());
        CHECK(test::summary(window.coding().lines) == "96370x1 J1559x80:JZ");
        // Today's list says what the worklist says.
        for (const auto& row : db.visits().list({}).value().rows) {
            if (row.id == afternoon) CHECK(row.billing_state == storage::WorklistState::held);
        }

        // Its nurse amends it, with nothing changed: coded again, it bills the first hour, and goes out.
        const auto again =
            c.visits.amend(c.nurse, afternoon, visit_at(5, 100), "coded again after visit " + std::to_string(morning));
        REQUIRE(again.ok());
        CHECK(again.value().others.empty());
        CHECK(c.lines_of(afternoon) == "96369x1 96370x1 J1559x80:JZ");
        CHECK(db.reviews().corrections(afternoon).value()[0].resolved_revision == again.value().revision);
        CHECK(worklist_row(db, afternoon).state == storage::WorklistState::ready);
        const std::string a = "V" + std::to_string(afternoon);
        CHECK(export_lines(db, true) == std::vector<std::string>{a + " 96369 CG", a + " 96370 CG", a + " J1559 CG"});
    }
}

TEST_CASE("a patient's lines of a date wait together while any visit of that date has an open correction request") {
    // Found from outside: a supervisor's send-back of the morning visit held its 96369, and the afternoon's
    // 96370, which counted it, went out alone; moving the morning to the day before sent its reversal
    // while the afternoon's exported 96370 stood without a 96369 until its nurse amended it.
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        storage::Database& db = c.tc.db();
        const auto morning = c.signed_visit(visit_at(0));
        const auto afternoon = c.signed_visit(visit_at(5, 100));
        const std::string m = "V" + std::to_string(morning), a = "V" + std::to_string(afternoon);
        const app::Acting supervisor = c.tc.demo("sup.nakamura");
        REQUIRE(c.tc.clinic().review().request_correction(supervisor, morning, "lot number?").ok());
        const auto waiting = worklist_row(db, afternoon);
        CHECK(waiting.state == storage::WorklistState::held);
        REQUIRE(waiting.request_holds.size() == 1);
        CHECK(waiting.request_holds.back().visit == morning);
        CHECK(waiting.request_holds.back().requested_by == "sup.nakamura");
        CHECK(waiting.request_holds.back().reason == "lot number?");
        // Said with the request's time in the clinic's zone, as every screen says times.
        const auto reasons = app::hold_reasons(waiting, "America/New_York");
        REQUIRE_FALSE(reasons.empty());
        CHECK(reasons.back().find("visit " + std::to_string(morning) +
                                  " of the same patient and date: correction requested by sup.nakamura at ") == 0);
        CHECK(reasons.back().find("Z:") == std::string::npos);
        CHECK((reasons.back().find(" EST: lot number?") != std::string::npos ||
               reasons.back().find(" EDT: lot number?") != std::string::npos));
        CHECK(export_lines(db).empty());
        REQUIRE(c.visits.amend(c.nurse, morning, visit_at(0), "lot number checked").ok());
        CHECK(export_lines(db) ==
              std::vector<std::string>{m + " 96369 CG", m + " J1559 CG", a + " 96370 CG", a + " J1559 CG"});

        // The morning was the day before: its reversals wait with 2026-03-02, and its 2026-03-01 lines wait with
        // them (they went at once, and the payer held the morning's infusion charged on both dates until the
        // afternoon's nurse amended; found from outside).
        const auto moved = c.visits.amend(c.nurse, morning, visit_at(0, 75, -1), "date corrected");
        REQUIRE(moved.ok());
        REQUIRE(moved.value().others.size() == 1);
        CHECK(export_lines(db).empty());
        CHECK(worklist_row(db, afternoon).state == storage::WorklistState::exported);
        REQUIRE(c.visits.amend(c.nurse, afternoon, visit_at(5, 100), "coded again").ok());
        std::vector<std::string> together{a + " 96369 CG", a + " 96370 CD", a + " 96370 CG",
                                          a + " J1559 CD", a + " J1559 CG", m + " 96369 CD",
                                          m + " J1559 CD", m + " 96369 CG", m + " J1559 CG"};
        std::sort(together.begin(), together.end());
        CHECK(export_lines(db) == together);  // in one batch: the date's first hour moves to the afternoon
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

TEST_CASE("a signature coded before another visit of the patient and date was signed is refused as outdated") {
    // Found by review: the other visits are read before the signature's transaction, so two visits of one
    // patient and date signed at once each missed the other and both billed 96369 (MUE 1 per date).
    for (const auto& backend : test::backends(test::Stores::reviews)) {
        CAPTURE(backend.name);
        Clinic c(backend);
        const auto morning = c.draft(visit_at(0));
        const auto afternoon = c.draft(visit_at(5));
        // The morning visit coded while the afternoon one is a draft: no other visit bills that date.
        const auto coded_early = app::signed_coding(visit_at(0), test::repo_config(), std::nullopt,
                                                    app::OtherVisits{&c.tc.db().reviews(), morning});
        REQUIRE(coded_early.counted);
        CHECK(coded_early.counted->lines.empty());
        CHECK(test::summary(coded_early.lines) == "96369x1 J1559x80:JZ");
        REQUIRE(c.visits.sign(c.nurse, afternoon).value().signed_visit);
        REQUIRE(c.lines_of(afternoon) == "96369x1 J1559x80:JZ");

        const auto refused = c.tc.db().visits().sign(morning, 1, coded_early, storage::Actor{"rn.okafor", c.tc.now});
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().kind == core::ErrorKind::outdated);
        CHECK(refused.error().message.find("patient MRN-004211's other visits from 2026-03-01 to 2026-03-03 changed "
                                           "while this visit was being coded") != std::string::npos);
        CHECK(c.tc.db().visits().load(morning).value().status == storage::VisitStatus::draft);
        // An amendment coded before the other visit was signed is refused the same way.
        core::Visit corrected = visit_at(5);
        corrected.diagnoses.push_back("E11.9");
        const auto amend_early = app::signed_coding(corrected, test::repo_config(), std::nullopt,
                                                    app::OtherVisits{&c.tc.db().reviews(), afternoon});
        REQUIRE(c.visits.sign(c.nurse, morning).value().signed_visit);
        const auto amend_refused = c.tc.db().visits().amend(afternoon, 2, corrected, "second diagnosis", amend_early,
                                                            storage::Actor{"rn.okafor", c.tc.now});
        REQUIRE_FALSE(amend_refused.ok());
        CHECK(amend_refused.error().kind == core::ErrorKind::outdated);
        CHECK(c.tc.db().visits().load(afternoon).value().revisions.size() == 1);
        // Signed through the program, the morning visit was coded with the afternoon's 96369 counted.
        CHECK(c.lines_of(morning) == "J1559x80:JZ");
    }
}

TEST_CASE("two workstations sign two visits of one patient and date at once: the date bills 96369 once") {
    for (const auto& backend : test::shared_backends()) {
        CAPTURE(backend.name);
        auto [first, second] = backend.open();
        storage::Database& other_workstation = *second;
        storage::VisitId afternoon = 0;
        // The other workstation signs the afternoon visit after this one coded the morning visit, before
        // this one's write.
        const auto sign_afternoon = [&] {
            const auto coding = app::signed_coding(visit_at(5), test::repo_config(), std::nullopt,
                                                   app::OtherVisits{&other_workstation.reviews(), afternoon});
            REQUIRE(other_workstation.visits()
                        .sign(afternoon, 1, coding, storage::Actor{"rn.okafor", "2026-03-02T22:59:00Z"})
                        .ok());
        };
        test::TestClinic tc("2026-03-02T23:00:00Z",
                            std::make_unique<SignsAfterAnother>(std::move(first), sign_afternoon));
        tc.add_demo_users();
        const app::Acting nurse = tc.demo("rn.okafor");
        const auto morning = tc.clinic().visits().create(nurse, visit_at(0)).value();
        afternoon = tc.clinic().visits().create(nurse, visit_at(5)).value();

        const auto outcome = tc.clinic().visits().sign(nurse, morning);
        REQUIRE(outcome.ok());
        CHECK(outcome.value().signed_visit);
        const auto lines = [&](storage::VisitId id) {
            return test::summary(tc.db().visits().load(id).value().current().coding->lines);
        };
        CHECK(lines(afternoon) == "96369x1 J1559x80:JZ");
        CHECK(lines(morning) == "J1559x80:JZ");
        // What the nurse saw after signing is what was signed.
        CHECK(test::summary(outcome.value().coding.lines) == "J1559x80:JZ");
    }
}
