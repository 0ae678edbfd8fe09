// `visits show` as text: what a person reads of a stored visit.
#include "cli/visit_report.hpp"
#include "storage/sqlite_database.hpp"
#include "support/cli_run.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <sstream>

using namespace infusion;

TEST_CASE("visits show names a draft's creator and whoever saved it last, who may be a colleague") {
    // Found from outside: a colleague's edit of a draft read "Revision 0 (original) by sup.nakamura".
    storage::StoredVisit visit;
    visit.id = 500;
    visit.status = storage::VisitStatus::draft;
    visit.created_by = "rn.okafor";
    storage::Revision draft;
    draft.author = "sup.nakamura";
    draft.content = test::sample_visit(75);
    visit.revisions.push_back(draft);
    std::ostringstream out;
    cli::write_visit_text(visit, {}, {}, "UTC", out);
    CHECK(out.str().find("Revision 0 (draft) created by rn.okafor, last saved by sup.nakamura\n") != std::string::npos);

    visit.status = storage::VisitStatus::signed_;
    visit.revisions[0].author = "rn.okafor";
    visit.revisions[0].sealed = true;
    visit.revisions[0].signed_by = "rn.okafor";
    visit.revisions[0].signed_at = "2026-03-02T15:30:00Z";
    std::ostringstream signed_out;
    cli::write_visit_text(visit, {}, {}, "UTC", signed_out);
    CHECK(signed_out.str().find("Revision 0 (original) by rn.okafor; signed by rn.okafor at 2026-03-02T15:30:00Z\n") !=
          std::string::npos);
    // A colleague's last save before the signature: both are named (it read "(original) by" the colleague).
    visit.revisions[0].author = "rn.lindqvist";
    std::ostringstream colleague_out;
    cli::write_visit_text(visit, {}, {}, "UTC", colleague_out);
    CHECK(colleague_out.str().find("Revision 0 (original) created by rn.okafor, last saved by rn.lindqvist; signed by "
                                   "rn.okafor") != std::string::npos);
}

TEST_CASE("visits show names the countersignature and each set-up's time, as text and JSON") {
    // Found from outside: a countersigned visit read like one never reviewed, and the set-up time (which
    // dates a facility 96371) was left out of the text.
    const auto dir = std::filesystem::temp_directory_path() / ("infusiondoc-show-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string db = (dir / "clinic.db").string();
    {
        test::TestClinic tc("2026-03-02T18:10:00Z", storage::SqliteDatabase::open(db).value());
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        core::Visit v = test::sample_visit(75);
        v.pump_setups[0].set_up_at = v.pump_setups[0].start;
        v.pump_setups[0].set_up_at->local -= std::chrono::minutes{10};
        const auto first = tc.clinic().visits().create(nurse, v).value();
        REQUIRE(tc.clinic().visits().sign(nurse, first).ok());
        // The second with a pause: the text listed none although it came off the minutes (found from outside).
        core::Pause pause{v.pump_setups[0].start, v.pump_setups[0].start, "site swelling"};
        pause.start->local += std::chrono::minutes{20};
        pause.stop->local += std::chrono::minutes{30};
        v.pump_setups[0].pauses.push_back(pause);
        REQUIRE(tc.clinic().visits().sign(nurse, tc.clinic().visits().create(nurse, v).value()).ok());
        const app::Acting supervisor = tc.clinic().without_users("sup.nakamura");
        REQUIRE(tc.clinic().review().countersign(supervisor, first, "Sites \"fine\"").ok());
    }
    const auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db, "--config", std::string(INFUSIONDOC_SOURCE_DIR) + "/config"});
        return test::run_cli(std::move(args));
    };
    const auto text = run({"visits", "show", "1"});
    REQUIRE(text.status == 0);
    CHECK(text.out.find("Countersigned by sup.nakamura at 2026-03-02T18:10:00Z (2026-03-02 13:10 EST) (revision 0): "
                        "Sites \"fine\"\n") != std::string::npos);
    // A typed time with the offset it is read at, as a "Now" time carries its own (found from outside).
    CHECK(text.out.find("  set up 2026-03-02T09:00:00-05:00") != std::string::npos);
    const auto json = run({"visits", "show", "1", "--format", "json"});
    REQUIRE(json.status == 0);
    CHECK(json.out.find("\"countersignature\": {") != std::string::npos);
    CHECK(json.out.find("\"supervisor\": \"sup.nakamura\"") != std::string::npos);
    CHECK(json.out.find("\"comment\": \"Sites \\\"fine\\\"\"") != std::string::npos);
    const auto other = run({"visits", "show", "2"});
    REQUIRE(other.status == 0);
    CHECK(other.out.find("Not countersigned\n") != std::string::npos);
    CAPTURE(other.out);
    CHECK(other.out.find("  paused 2026-03-02T") != std::string::npos);
    CHECK(other.out.find("  site swelling\n") != std::string::npos);
    CHECK(text.out.find("  paused ") == std::string::npos);
    CHECK(run({"visits", "show", "2", "--format", "json"}).out.find("\"countersignature\": null") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("visits show says a countersignature was for an earlier revision when the visit was amended since") {
    // Found from outside: an amendment after the countersignature still read "Countersigned by ...", as if the
    // supervisor had read what the nurse changed afterwards.
    storage::StoredVisit visit;
    visit.id = 7;
    visit.status = storage::VisitStatus::amended;
    visit.created_by = "rn.okafor";
    for (int number : {0, 1}) {
        storage::Revision r;
        r.number = number;
        r.author = "rn.okafor";
        r.sealed = true;
        r.signed_by = "rn.okafor";
        r.content = test::sample_visit(75);
        visit.revisions.push_back(r);
    }
    app::ReviewRecord review;
    review.countersignatures.push_back({7, 0, "sup.nakamura", "2026-03-02T18:10:00Z", "fine"});
    std::ostringstream text;
    cli::write_visit_text(visit, review, {}, "UTC", text);
    CHECK(
        text.str().find("Countersigned by sup.nakamura at 2026-03-02T18:10:00Z (revision 0; amended since): fine\n") !=
        std::string::npos);
    CHECK(text.str().find("Not countersigned since amendment 1\n") != std::string::npos);
    std::ostringstream json;
    cli::write_visit_json(visit, review, {}, "UTC", json);
    CHECK(json.str().find("\"countersignature\": null") != std::string::npos);
    CHECK(json.str().find("\"countersignatures\": [") != std::string::npos);
    CHECK(json.str().find("\"revision\": 0") != std::string::npos);

    // Countersigned again, on the amendment: that one is the visit's countersignature.
    review.countersignatures.push_back({7, 1, "sup.other", "2026-03-03T09:00:00Z", ""});
    std::ostringstream again;
    cli::write_visit_text(visit, review, {}, "UTC", again);
    CHECK(again.str().find("Countersigned by sup.other at 2026-03-03T09:00:00Z (revision 1)\n") != std::string::npos);
    CHECK(again.str().find("Not countersigned") == std::string::npos);
}

TEST_CASE("visits show lists the site-care notes and correction requests, open and answered, as text and JSON") {
    // Found from outside: a supervisor's site-care note and an open correction request were in the window
    // only; `visits show` of the same visit said nothing of either.
    const auto dir = std::filesystem::temp_directory_path() / ("infusiondoc-show-notes-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string db = (dir / "clinic.db").string();
    {
        test::TestClinic tc("2026-03-02T18:10:00Z", storage::SqliteDatabase::open(db).value());
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        const app::Acting supervisor = tc.clinic().without_users("sup.nakamura");
        const core::Visit v = test::sample_visit(75);
        const auto id = tc.clinic().visits().create(nurse, v).value();
        REQUIRE(tc.clinic().visits().sign(nurse, id).ok());
        storage::NewSiteCareNote note;
        note.location = v.pump_setups[0].sites[0].location;
        note.conditions = {"redness"};
        note.grade = 1;
        note.text = "Warm compress";
        REQUIRE(tc.clinic().review().add_site_care_note(supervisor, id, note).ok());
        REQUIRE(tc.clinic().review().request_correction(supervisor, id, "Lot unreadable").ok());
        REQUIRE(tc.clinic().visits().amend(nurse, id, v, "Lot rewritten").ok());  // answers it
        REQUIRE(tc.clinic().review().request_correction(supervisor, id, "Stop time missing at site 2").ok());
    }
    const auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db, "--config", std::string(INFUSIONDOC_SOURCE_DIR) + "/config"});
        return test::run_cli(std::move(args));
    };
    const auto text = run({"visits", "show", "1"});
    REQUIRE(text.status == 0);
    CHECK(text.out.find("Site-care note by sup.nakamura at 2026-03-02T18:10:00Z: abdomen") != std::string::npos);
    CHECK(text.out.find(", grade 1 mild (redness): Warm compress\n") != std::string::npos);
    CHECK(text.out.find(
              "Correction requested by sup.nakamura at 2026-03-02T18:10:00Z (2026-03-02 13:10 EST) (revision 0): Lot "
              "unreadable\n  answered by amendment 1 at 2026-03-02T18:10:00Z (2026-03-02 13:10 EST)\n") !=
          std::string::npos);
    CHECK(text.out.find("(revision 1): Stop time missing at site 2\n  open: the visit's clinician is asked to amend "
                        "it\n") != std::string::npos);
    const auto json = run({"visits", "show", "1", "--format", "json"});
    REQUIRE(json.status == 0);
    CHECK(json.out.find("\"site_care_notes\": [") != std::string::npos);
    CHECK(json.out.find("\"text\": \"Warm compress\"") != std::string::npos);
    CHECK(json.out.find("\"reason\": \"Lot unreadable\"") != std::string::npos);
    CHECK(json.out.find("\"resolved_revision\": null") != std::string::npos);
    CHECK(json.out.find("\"resolved_revision\": 1") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("visits show writes the discarded amount with its unit and each line's modifiers with its code") {
    // Found from outside: "discarded 50" with no unit, and "J1559   x500 JW" pushed its reason out of line.
    storage::StoredVisit visit;
    visit.id = 7;
    visit.status = storage::VisitStatus::signed_;
    storage::Revision r;
    r.content = test::sample_visit(75);
    r.content.substances[0].wasted = 2.0;
    r.sealed = true;
    const core::Coding derived = test::derive(r.content);
    storage::SignedCoding coding;
    coding.billable = derived.billable;
    coding.lines = derived.lines;
    r.coding = coding;
    visit.revisions.push_back(r);
    std::ostringstream out;
    cli::write_visit_text(visit, {}, {}, "UTC", out);
    CHECK(out.str().find("discarded 2 g") != std::string::npos);
    CHECK(out.str().find("  J1559-JW   x20    ") != std::string::npos);
    CHECK(out.str().find("  96369      x1     ") != std::string::npos);
}

TEST_CASE("visits list and show say a visit was exported, and an amendment after export, as the worklist does") {
    // Found from outside: `visits list` and `visits show` said "ready" for a visit whose lines were exported.
    const auto dir = std::filesystem::temp_directory_path() / ("infusiondoc-show-export-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string db = (dir / "clinic.db").string();
    core::Visit v = test::sample_visit(75);
    {
        test::TestClinic tc("2026-03-02T18:10:00Z", storage::SqliteDatabase::open(db).value());
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        REQUIRE(tc.clinic().visits().sign(nurse, tc.clinic().visits().create(nurse, v).value()).value().signed_visit);
        v.patient.id = "MRN-000222";
        v.patient.name = "Other, Patient";
        REQUIRE(tc.clinic().visits().sign(nurse, tc.clinic().visits().create(nurse, v).value()).value().signed_visit);
    }
    const auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db, "--config", std::string(INFUSIONDOC_SOURCE_DIR) + "/config"});
        return test::run_cli(std::move(args));
    };
    const auto before = run({"visits", "list"});
    REQUIRE(before.status == 0);
    CHECK(before.out.find("ready\n") != std::string::npos);
    CHECK(before.out.find("exported") == std::string::npos);
    CHECK(run({"visits", "show", "1"}).out.find("): ready, SC infusion") != std::string::npos);

    REQUIRE(run({"export", "--from", "2026-03-02", "--to", "2026-03-02", "--format", "csv", "--out",
                 (dir / "march.csv").string()})
                .status == 0);
    const auto after = run({"visits", "list"});
    REQUIRE(after.status == 0);
    CHECK(after.out.find("ready") == std::string::npos);
    CHECK(after.out.find("exported\n") != std::string::npos);
    const auto text = run({"visits", "show", "1"});
    REQUIRE(text.status == 0);
    CHECK(text.out.find("): exported in batch 1, SC infusion") != std::string::npos);
    const auto json = run({"visits", "show", "1", "--format", "json"});
    CHECK(json.out.find("\"state\": \"exported\"") != std::string::npos);
    CHECK(json.out.find("\"batch\": 1") != std::string::npos);

    {
        test::TestClinic tc("2026-03-03T09:00:00Z", storage::SqliteDatabase::open(db).value());
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        core::Visit corrected = v;
        corrected.pump_setups[0].stop->local -= std::chrono::minutes{10};
        const auto amended = tc.clinic().visits().amend(nurse, 2, corrected, "stop time was late");
        REQUIRE_MESSAGE(amended.ok(), (amended.ok() ? "" : amended.error().describe()));
    }
    const auto amended = run({"visits", "list"});
    CHECK(amended.out.find("amended-after-export\n") != std::string::npos);
    CHECK(run({"visits", "show", "2"})
              .out.find("): amended after export (its reversals and new lines go in the next CSV "
                        "export)") != std::string::npos);
    CHECK(run({"visits", "show", "2", "--format", "json"}).out.find("\"state\": \"amended after export\"") !=
          std::string::npos);
    std::filesystem::remove_all(dir);
}
