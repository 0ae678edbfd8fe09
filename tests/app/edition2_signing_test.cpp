// Coding rules edition 2 at signing: a time in the future blocks the window's signature, amendments and
// `import --sign`; a signed visit keeps the lines and rules version it was signed with; per-line dates
// are stored with the lines.
#include "app/export_billing.hpp"
#include "app/import_visits.hpp"
#include "app/signing_check.hpp"
#include "app/visit_service.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace infusion;

namespace {

// An in-memory clinic whose clock the test sets. The sample visit stops at 10:25 EST = 15:25Z.
struct Clinic {
    std::unique_ptr<storage::Database> db = std::move(storage::SqliteDatabase::open_in_memory().value());
    test::TestClinic tc{"2026-03-02T15:30:00Z", *db, test::repo_config()};
    std::string& now = tc.now;
    app::VisitService& visits = tc.clinic().visits();
    // A database without users: the name acts unchecked (the roles are the role tests' matter).
    app::Acting nurse = tc.clinic().without_users("rn.okafor");
};

bool has(const std::vector<core::Problem>& problems, const std::string& code) {
    return std::any_of(problems.begin(), problems.end(), [&](const core::Problem& p) { return p.code == code; });
}

// The office example's visit file, as text a test edits.
std::string example_text() {
    std::ifstream in(std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/gammagard-office.toml");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("ed. 2: the sign use case refuses a stop later than now beyond the clock skew") {
    struct Row {
        const char* rule;
        const char* now;
        bool signs;
    };
    const Row rows[] = {
        {"signed after the stop", "2026-03-02T15:30:00Z", true},
        {"stop 2 min ahead of the clock: within the skew", "2026-03-02T15:23:00Z", true},
        {"stop 2 min 1 s ahead", "2026-03-02T15:22:59Z", false},
        {"signed the evening before", "2026-03-01T22:00:00Z", false},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        Clinic clinic;
        clinic.now = row.now;
        const auto id = clinic.visits.create(clinic.nurse, test::sample_visit(75)).value();
        const auto outcome = clinic.visits.sign(clinic.nurse, id).value();
        CHECK(outcome.signed_visit == row.signs);
        CHECK(has(outcome.blocking, "time.in-future") == !row.signs);
        const auto stored = clinic.db->visits().load(id).value();
        CHECK((stored.status == storage::VisitStatus::draft) == !row.signs);
    }
}

TEST_CASE("ed. 2: an amendment with a stop in the future is refused") {
    Clinic clinic;
    const auto id = clinic.visits.create(clinic.nurse, test::sample_visit(75)).value();
    REQUIRE(clinic.visits.sign(clinic.nurse, id).value().signed_visit);
    core::Visit corrected = test::sample_visit(75);
    corrected.pump_setups[0].stop->local += std::chrono::hours{3};  // 13:25 EST, two and a half hours ahead
    const auto amended = clinic.visits.amend(clinic.nurse, id, corrected, "stop time corrected");
    REQUIRE_FALSE(amended.ok());
    CHECK(amended.error().message.find("later than now") != std::string::npos);
}

TEST_CASE("ed. 2: a signature against the clinic's today refuses an implausible date of service") {
    Clinic clinic;
    clinic.now = "2029-01-10T15:30:00Z";  // the 2026-03-02 visit is more than 2 years old
    const auto id = clinic.visits.create(clinic.nurse, test::sample_visit(75)).value();
    const auto outcome = clinic.visits.sign(clinic.nurse, id).value();
    CHECK_FALSE(outcome.signed_visit);
    CHECK(has(outcome.blocking, "time.date-implausible"));
}

TEST_CASE("ed. 2: import --sign applies the same future-time check") {
    const auto dir = std::filesystem::temp_directory_path() / ("infusiondoc-ed2-import-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "visit.toml";
    {
        std::ifstream in(std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/gammagard-office.toml");
        std::ofstream out(file);
        out << in.rdbuf();
    }
    struct Row {
        const char* rule;
        const char* now;  // the visit stops 2026-10-14 14:31 CDT = 19:31Z
        bool signs;
    };
    const Row rows[] = {
        {"imported after the visit", "2026-10-14T20:00:00Z", true},
        {"imported while it runs", "2026-10-14T19:00:00Z", false},
    };
    for (const auto& row : rows) {
        CAPTURE(row.rule);
        test::TestClinic tc(row.now);
        const auto imported = app::import_files(tc.as("rn.okafor", {app::Role::nurse}), tc.clinic(), {file}, true, {});
        REQUIRE(imported.ok());
        const auto& results = imported.value();
        REQUIRE(results.size() == 1);
        CHECK_FALSE(results[0].error.has_value());
        CHECK(results[0].signed_visit == row.signs);
        CHECK(has(results[0].sign_blockers, "time.in-future") == !row.signs);
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("a visit file imported twice is stored once: the second would be billed twice") {
    test::TempDir dir;
    const auto file = dir.path() / "visit.toml";
    const auto later = dir.path() / "later.toml";
    std::string text = example_text();
    std::ofstream(file) << text;
    test::TestClinic tc("2026-10-14T20:00:00Z");
    const auto nurse = tc.as("rn.okafor", {app::Role::nurse});
    const auto first = app::import_files(nurse, tc.clinic(), {file}, true, {}).value();
    REQUIRE(first.size() == 1);
    REQUIRE(first[0].id.has_value());
    CHECK(first[0].signed_visit);
    const auto again = app::import_files(nurse, tc.clinic(), {file}, true, {}).value();
    REQUIRE(again.size() == 1);
    CHECK_FALSE(again[0].id.has_value());
    REQUIRE(again[0].error.has_value());
    CHECK(again[0].error->message.find("already imported as visit " + std::to_string(*first[0].id)) == 0);
    storage::VisitFilter all;
    CHECK(tc.db().visits().list(all).value().rows.size() == 1);
    // The same start written with its offset, or in UTC, is the same moment: not a second visit; nor is a
    // copy whose start was corrected by half a second or a minute, since its time overlaps the stored
    // one's (each was imported and billed again, found from outside).
    for (const std::string written : {"start = 2026-10-14T13:05:00-05:00", "start = 2026-10-14T18:05:00Z",
                                      "start = 2026-10-14T13:05:00.5", "start = 2026-10-14T13:06:00"}) {
        CAPTURE(written);
        const auto at = text.find("start = 2026-10-14T13:05:00");
        REQUIRE(at != std::string::npos);
        std::string same = text;
        same.replace(at, 27, written);
        std::ofstream(later) << same;
        const auto rewritten = app::import_files(nurse, tc.clinic(), {later}, true, {}).value();
        REQUIRE(rewritten.size() == 1);
        CHECK_FALSE(rewritten[0].id.has_value());
        REQUIRE(rewritten[0].error.has_value());
        CHECK(rewritten[0].error->message.find("already imported as visit " + std::to_string(*first[0].id)) == 0);
    }
    CHECK(tc.db().visits().list(all).value().rows.size() == 1);
    // The same instant written in zones whose dates differ by two days (Kiritimati, UTC+14, and Pago Pago,
    // UTC-11) is the same start: the search ran a day either side of the local date (found from outside).
    // 00:30 on the 16th in Kiritimati is 10:30Z on the 15th, and 23:30 on the 14th in Pago Pago: a start at
    // 23:50 there (10:50Z) lies inside the Kiritimati infusion, whose local date is two days later.
    const auto zoned = [&](const char* zone, const char* from, const char* to) {
        std::string out = text;
        out.replace(out.find("stop = 2026-10-14T14:31:00"), 26, std::string("stop = ") + to);
        out.replace(out.find("start = 2026-10-14T13:05:00"), 27, std::string("start = ") + from);
        out.replace(out.find("set_up_at = 2026-10-14T13:02:00"), 31, "");
        out.replace(out.find("America/Chicago"), 15, zone);
        out.replace(out.find("MRN-007730"), 10, "MRN-007731");
        return out;
    };
    std::ofstream(later) << zoned("Pacific/Kiritimati", "2026-10-16T00:30:00", "2026-10-16T23:40:00");
    const auto far_east = app::import_files(nurse, tc.clinic(), {later}, false, {}).value();
    REQUIRE(far_east.size() == 1);
    REQUIRE(far_east[0].id.has_value());
    std::ofstream(later) << zoned("Pacific/Pago_Pago", "2026-10-14T23:50:00", "2026-10-15T00:30:00");
    const auto far_west = app::import_files(nurse, tc.clinic(), {later}, false, {}).value();
    REQUIRE(far_west.size() == 1);
    REQUIRE(far_west[0].error.has_value());
    CHECK(far_west[0].error->message.find("already imported as visit " + std::to_string(*far_east[0].id)) == 0);
    CHECK(tc.db().visits().list(all).value().rows.size() == 2);
    // The same patient's infusion after the first one ended, the same day, is another visit.
    const auto start = text.find("start = 2026-10-14T13:05:00");
    const auto stop = text.find("stop = 2026-10-14T14:31:00");
    REQUIRE(start != std::string::npos);
    REQUIRE(stop != std::string::npos);
    std::string moved = text;
    moved.replace(stop, 26, "stop = 2026-10-14T16:40:00");
    moved.replace(start, 27, "start = 2026-10-14T14:31:00");
    std::ofstream(later) << moved;
    const auto other = app::import_files(nurse, tc.clinic(), {later}, false, {}).value();
    REQUIRE(other.size() == 1);
    CHECK(other[0].id.has_value());
}

TEST_CASE("ed. 2: a signed visit keeps the lines and rules version it was signed with") {
    // Signed under edition 1's pause rule (threshold 5, version 2026.1): a 3-minute pause counted as
    // infusion. Edition 2 would cut it. The signed revision keeps edition 1's lines; only the amendment
    // is coded with edition 2.
    Clinic clinic;
    clinic.now = "2026-03-02T18:00:00Z";
    settings::Config edition1 = test::repo_config();
    edition1.rules.version = "2026.1";
    edition1.rules.pause_threshold_minutes = 5;
    test::TestClinic old_clinic{clinic.now, *clinic.db, edition1};
    app::VisitService& old_rules = old_clinic.clinic().visits();
    const app::Acting old_nurse = old_clinic.clinic().without_users("rn.okafor");

    core::Visit v = test::sample_visit(92);  // 09:10-10:42: 92 min, 96369 + 96370
    core::Pause pause;
    pause.start = test::at(2026, 3, 2, 9, 30);
    pause.stop = test::at(2026, 3, 2, 9, 33);
    v.pump_setups[0].pauses.push_back(pause);
    const auto id = old_rules.create(old_nurse, v).value();
    REQUIRE(old_rules.sign(old_nurse, id).value().signed_visit);

    // Edition 2 in force now: the signed revision is read back unchanged.
    const auto signed_visit = clinic.db->visits().load(id).value();
    const auto& original = *signed_visit.revisions.front().coding;
    CHECK(original.rules_version == "2026.1");
    CHECK(original.infusion_minutes == 92);
    CHECK(test::summary(original.lines) == "96369x1 96370x1 J1559x80:JZ");
    CHECK(test::derive(v).infusion_minutes == 89);  // what edition 2 makes of the same documentation

    REQUIRE(clinic.visits.amend(clinic.nurse, id, v, "coder review under edition 2").ok());
    const auto amended = clinic.db->visits().load(id).value();
    REQUIRE(amended.revisions.size() == 2);
    CHECK(amended.revisions.front().coding->rules_version == "2026.1");
    CHECK(test::summary(amended.revisions.front().coding->lines) == "96369x1 96370x1 J1559x80:JZ");
    CHECK(amended.current().coding->rules_version == test::repo_config().rules.version);
    CHECK(amended.current().coding->infusion_minutes == 89);
    CHECK(test::summary(amended.current().coding->lines) == "96369x1 J1559x80:JZ");
}

TEST_CASE("ed. 2: per-line service dates and dotted diagnoses are stored with the signed revision") {
    Clinic clinic;
    clinic.now = "2026-03-03T12:00:00Z";
    core::Visit v = test::sample_visit();
    v.setting = core::Setting::facility;
    v.diagnoses = {"D801"};
    v.pump_setups[0].start = test::at(2026, 3, 2, 22, 0);
    v.pump_setups[0].stop = test::at(2026, 3, 3, 1, 31);
    const auto id = clinic.visits.create(clinic.nurse, v).value();
    REQUIRE(clinic.visits.sign(clinic.nurse, id).value().signed_visit);
    const auto stored = clinic.db->visits().load(id).value();
    CHECK(stored.current().content.diagnoses == std::vector<std::string>{"D80.1"});
    const auto& lines = stored.current().coding->lines;
    REQUIRE(lines.size() == 4);
    using namespace std::chrono;
    CHECK(lines[0].code == "96369");
    CHECK(lines[0].service_date == 2026y / 3 / 2);
    CHECK(lines[1].code == "96370");
    CHECK(lines[1].service_date == 2026y / 3 / 2);
    CHECK(lines[2].code == "96370");
    CHECK(lines[2].units == 2);
    CHECK(lines[2].service_date == 2026y / 3 / 3);
    CHECK(lines[3].code == "J1559");
    CHECK(lines[3].service_date == 2026y / 3 / 2);
}

TEST_CASE("ed. 2: instant_of reads the clock's UTC form only") {
    using namespace std::chrono;
    CHECK(app::instant_of("2026-03-02T15:30:00Z") == sys_days{2026y / 3 / 2} + hours{15} + minutes{30});
    CHECK_FALSE(app::instant_of("2026-03-02T15:30:00").has_value());
    CHECK_FALSE(app::instant_of("yesterday").has_value());
}

TEST_CASE("ed. 2: the CSV and HL7 exports carry each line's own date of service") {
    const auto dir = std::filesystem::temp_directory_path() / ("infusiondoc-ed2-export-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    // A facility visit from 22:00 to 01:31, signed and exported in the format given.
    const auto exported = [&](const std::string& format) {
        Clinic clinic;
        clinic.now = "2026-03-03T12:00:00Z";
        core::Visit v = test::sample_visit();
        v.setting = core::Setting::facility;
        v.pump_setups[0].start = test::at(2026, 3, 2, 22, 0);
        v.pump_setups[0].stop = test::at(2026, 3, 3, 1, 31);
        const auto id = clinic.visits.create(clinic.nurse, v).value();
        REQUIRE(clinic.visits.sign(clinic.nurse, id).value().signed_visit);
        app::ExportRequest r;
        r.format = format;
        r.out = dir / ("out." + format);
        r.selection.from = std::chrono::year{2026} / 3 / 1;
        r.selection.to = std::chrono::year{2026} / 3 / 31;
        const auto outcome = app::write_export(clinic.db->billing(), test::repo_config(), r,
                                               {"billing.chen", "2026-03-04T12:00:00Z"}, {});
        REQUIRE(outcome.ok());
        CHECK(outcome.value().lines == 4);
        std::ifstream in(r.out, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    };
    const std::string csv = exported("csv");
    CHECK(csv.find(",2026-03-02,22,0510,96369,") != std::string::npos);
    CHECK(csv.find(",2026-03-02,22,0510,96370,") != std::string::npos);
    CHECK(csv.find(",2026-03-03,22,0510,96370,") != std::string::npos);
    CHECK(csv.find(",2026-03-02,22,0636,J1559,") != std::string::npos);
    const std::string hl7 = exported("hl7");
    CHECK(hl7.find("|20260303^20260303|") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a note with no text holds every signature: the sign use case, amendments and import --sign") {
    // The window held it first (found in the real window: a Tab out of a note added empty notes); an empty
    // site-condition note flags the visit for review at top priority, and a visit file could still sign one.
    Clinic clinic;
    core::Visit v = test::sample_visit(75);
    v.notes.push_back(core::Note{std::nullopt, core::NoteKind::site_condition, "  "});
    const auto id = clinic.visits.create(clinic.nurse, v).value();
    const auto outcome = clinic.visits.sign(clinic.nurse, id).value();
    CHECK_FALSE(outcome.signed_visit);
    REQUIRE(has(outcome.blocking, "note.empty"));
    const auto& problem = *std::find_if(outcome.blocking.begin(), outcome.blocking.end(),
                                        [](const core::Problem& p) { return p.code == "note.empty"; });
    CHECK(problem.field == "notes[" + std::to_string(v.notes.size() - 1) + "].text");
    CHECK(problem.message == "Note " + std::to_string(v.notes.size()) + " has no text: write it, or remove the note");
    CHECK(clinic.db->visits().load(id).value().status == storage::VisitStatus::draft);

    const auto signed_id = clinic.visits.create(clinic.nurse, test::sample_visit(75)).value();
    REQUIRE(clinic.visits.sign(clinic.nurse, signed_id).value().signed_visit);
    const auto amended = clinic.visits.amend(clinic.nurse, signed_id, v, "site checked");
    REQUIRE_FALSE(amended.ok());
    CHECK(amended.error().message.find("has no text") != std::string::npos);

    const auto dir = std::filesystem::temp_directory_path() / ("infusiondoc-empty-note-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "visit.toml";
    {
        std::ifstream in(std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/gammagard-office.toml");
        std::ofstream out(file);
        out << in.rdbuf() << "\n[[notes]]\nkind = \"site-condition\"\ntext = \"\"\n";
    }
    test::TestClinic tc("2026-10-14T20:00:00Z");
    const auto imported = app::import_files(tc.as("rn.okafor", {app::Role::nurse}), tc.clinic(), {file}, true, {});
    std::filesystem::remove_all(dir);
    REQUIRE(imported.ok());
    REQUIRE(imported.value().size() == 1);
    CHECK_FALSE(imported.value()[0].error.has_value());
    CHECK_FALSE(imported.value()[0].signed_visit);  // stored, as a draft to finish
    CHECK(has(imported.value()[0].sign_blockers, "note.empty"));
}

TEST_CASE("import --sign of a visit whose billing is held says which error holds it") {
    // Found from outside: "signed (billing held)" and only the coder's warnings; the error that held the
    // claim (mue.jw-capped there, a missing diagnosis here) was shown nowhere but in `visits show`.
    test::TempDir dir;
    std::string text = example_text();
    text.replace(text.find("diagnoses = [\"D83.9\"]"), 21, "diagnoses = []");
    const auto file = dir.path() / "held.toml";
    std::ofstream(file) << text;
    test::TestClinic tc("2026-10-14T20:00:00Z");
    const auto imported = app::import_files(tc.as("rn.okafor", {app::Role::nurse}), tc.clinic(), {file}, true, {});
    REQUIRE(imported.ok());
    REQUIRE(imported.value().size() == 1);
    const auto& result = imported.value()[0];
    CHECK(result.signed_visit);
    CHECK_FALSE(result.billable);
    REQUIRE(result.held_by.size() == 1);
    CHECK(result.held_by[0].code == "visit.diagnosis-missing");
}

TEST_CASE("import refuses a file whose clinician no nurse account can sign for: nobody could ever sign it") {
    // Found from outside: a nurse's import stored drafts naming billing.chen, admin, a disabled nurse and an
    // account that does not exist; only the visit's clinician signs, so none of them could be signed.
    test::TempDir dir;
    std::string text = example_text();
    const auto at = text.find("clinician = \"");
    REQUIRE(at != std::string::npos);
    const auto end = text.find('"', at + 13);
    test::TestClinic tc("2026-10-14T20:00:00Z");
    const auto nurse = tc.as("rn.okafor", {app::Role::nurse});
    (void)tc.as("billing.chen", {app::Role::biller});
    (void)tc.as("rn.gone", {app::Role::nurse});
    REQUIRE(tc.db().users().set_disabled("rn.gone", true, {"admin", "2026-10-14T19:00:00Z"}).ok());
    for (const std::string who : {"rn.ghost", "billing.chen", "admin", "rn.gone"}) {
        CAPTURE(who);
        const auto file = dir.path() / (who + ".toml");
        std::ofstream(file) << text.substr(0, at) << "clinician = \"" << who << text.substr(end);
        const auto imported = app::import_files(nurse, tc.clinic(), {file}, false, {}).value();
        REQUIRE(imported.size() == 1);
        CHECK_FALSE(imported[0].id.has_value());
        REQUIRE(imported[0].error.has_value());
        CHECK(imported[0].error->message.find("visit.clinician: '" + who + "' is not a nurse of this clinic") == 0);
        CHECK(imported[0].error->pos.line > 0);  // where in the file
    }
    storage::VisitFilter all;
    CHECK(tc.db().visits().list(all).value().rows.empty());
    // Another nurse of the clinic is a clinician a file may name: she signs it herself.
    const auto file = dir.path() / "colleague.toml";
    std::ofstream(file) << text.substr(0, at) << "clinician = \"rn.lindqvist" << text.substr(end);
    (void)tc.as("rn.lindqvist", {app::Role::nurse});
    const auto imported = app::import_files(nurse, tc.clinic(), {file}, false, {}).value();
    REQUIRE(imported.size() == 1);
    CHECK(imported[0].id.has_value());
}
