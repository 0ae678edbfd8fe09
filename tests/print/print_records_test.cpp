// The printed visit record (app/print_records.hpp, print/): written with cairo, read back with poppler's
// pdftotext as a payer's reviewer or a search would, and checked field by field; who may print what.
#include "app/print_records.hpp"
#include "app/review_service.hpp"
#include "app/visit_service.hpp"
#include "demo/demo_users.hpp"
#include "storage/sqlite_database.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>

using namespace infusion;
using namespace std::chrono;

namespace {

// pdftotext (poppler-utils) output of a PDF, and its page count from pdfinfo.
std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buffer{};
    while (auto n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
    pclose(pipe);
    return out;
}
// pdftotext -layout keeps each printed line on one line; runs of spaces (column gaps) become one space,
// so the checks read as a person reads the page rather than depend on column widths.
std::string pdf_text(const std::filesystem::path& pdf) {
    const auto raw = run("pdftotext -layout '" + pdf.string() + "' -");
    std::string out;
    for (char ch : raw) {
        if (ch == ' ' && !out.empty() && out.back() == ' ') continue;
        out += ch;
    }
    return out;
}
int pdf_pages(const std::filesystem::path& pdf) {
    const auto info = run("pdfinfo '" + pdf.string() + "'");
    const auto at = info.find("Pages:");
    REQUIRE(at != std::string::npos);
    return std::stoi(info.substr(at + 6));
}
std::string page_size(const std::filesystem::path& pdf) {
    const auto info = run("pdfinfo '" + pdf.string() + "'");
    const auto at = info.find("Page size:");
    return info.substr(at, info.find('\n', at) - at);
}

struct Clinic {
    std::filesystem::path dir;
    std::unique_ptr<storage::Database> db;
    std::string now = "2026-03-10T15:00:00Z";
    app::Clock clock = [this] { return now; };
    settings::Config config = test::repo_config();
    std::unique_ptr<app::Accounts> accounts;
    std::unique_ptr<app::BillingConfiguration> billing_configuration;
    std::unique_ptr<app::VisitService> visits;
    app::ClinicClock clinic_clock{clock, "America/New_York"};

    Clinic() {
        static std::atomic<int> counter{0};
        dir = std::filesystem::temp_directory_path() /
              ("infusiondoc-print-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        db = storage::SqliteDatabase::open(dir / "clinic.db").value();
        accounts =
            std::make_unique<app::Accounts>(db->users(), db->audit(), clock, storage::HashCost::test_only_minimal);
        billing_configuration = std::make_unique<app::BillingConfiguration>(*db, config);
        visits = std::make_unique<app::VisitService>(*db, config, clinic_clock, *billing_configuration);
        // Demo accounts, as in a demo database: their published passwords are theirs (users.md).
        accounts->set_demo_check([] { return true; });
        REQUIRE(demo::seed_demo_users(*accounts).ok());
    }
    ~Clinic() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    Clinic(const Clinic&) = delete;
    Clinic& operator=(const Clinic&) = delete;

    app::Acting as(const std::string& user) {
        for (const auto& u : demo::demo_users()) {
            if (u.username == user)
                return app::Acting(*accounts, clinic_clock, accounts->sign_in(u.username, u.password).value());
        }
        FAIL("no demo user " << user);
        return app::Acting::without_users(*accounts, clinic_clock, user);
    }
};

// Everything a visit can hold: two set-ups, a pause, a removed needle, vials, a reaction note, an
// amendment with its reason, a site-care note and a countersignature.
core::Visit rich_visit() {
    core::Visit v = test::sample_visit(75);
    v.patient.birth_date = year_month_day{1961y, July, 14d};
    v.patient.allergies = "Latex (rash)";
    v.substances[0].lot = "P100234";
    v.substances[0].vials = {{"00344206451014", "P100234", year_month_day{2027y, May, 31d}, "SN0001"},
                             {"00344206451014", "P100235", year_month_day{2027y, June, 30d}, "SN0002"}};
    v.pump_setups[0].set_up_at = test::at(2026, 3, 2, 9, 5);
    v.pump_setups[0].pauses.push_back(
        {test::at(2026, 3, 2, 9, 40), test::at(2026, 3, 2, 9, 45), "patient to restroom"});
    core::Site removed;
    removed.location = "thigh-left";
    removed.needle = "27G 12mm";
    removed.prepped = true;
    removed.aspiration = core::Aspiration::blood;
    removed.secured = false;
    v.pump_setups[0].sites.push_back(removed);
    core::PumpSetup second;
    second.pump = "EMED Freedom60";
    second.start = test::at(2026, 3, 2, 10, 40);
    second.stop = test::at(2026, 3, 2, 11, 0);
    core::Site arm;
    arm.location = v.pump_setups[0].sites[1].location;
    arm.needle = "26G 6mm";
    arm.prepped = true;
    arm.aspiration = core::Aspiration::not_checked;
    arm.secured = true;
    second.sites.push_back(arm);
    v.pump_setups.push_back(second);
    v.notes.push_back(  // with its offset, as a visit file writes it: printed with it (found from outside)
        {test::at_offset(2026, 3, 2, 9, 45, -300), core::NoteKind::monitoring, "Sites checked at 35 min: no redness."});
    v.notes.push_back({test::at(2026, 3, 2, 10, 30), core::NoteKind::reaction, "Mild headache, resolved with fluids."});
    v.notes.push_back({test::at(2026, 3, 2, 10, 35), core::NoteKind::site_condition, "Slight redness, left site."});
    return v;
}

bool has(const std::string& text, const std::string& what) {
    INFO("looking for: " << what);
    const bool found = text.find(what) != std::string::npos;
    if (!found) MESSAGE(text);
    return found;
}

}  // namespace

TEST_CASE("a printed record holds every field of the visit, readable by pdftotext") {
    Clinic c;
    const auto id = c.visits->create(c.as("rn.okafor"), rich_visit()).value();
    REQUIRE(c.visits->sign(c.as("rn.okafor"), id).value().signed_visit);
    auto corrected = c.db->visits().load(id).value().current().content;
    corrected.notes.push_back({test::at(2026, 3, 2, 11, 5), core::NoteKind::instructions, "Call if fever."});
    c.now = "2026-03-11T14:00:00Z";
    REQUIRE(c.visits->amend(c.as("rn.okafor"), id, corrected, "discharge instructions were left out").ok());
    app::ReviewService review(*c.db, c.config);
    const auto supervisor = c.as("sup.nakamura");
    REQUIRE(review.add_site_care_note(supervisor, id, {"thigh-left", {"redness"}, 1, "small bruise"}).ok());
    REQUIRE(review.countersign(supervisor, id, "reviewed, fine").ok());

    const auto pdf = c.dir / "visit.pdf";
    app::RecordPrinter printer(*c.db, c.config, c.clock);
    const auto nurse = c.as("rn.okafor");
    auto printed = printer.print_visits(nurse, "rn.okafor", {id}, pdf);
    REQUIRE_MESSAGE(printed.ok(), (printed.ok() ? "" : printed.error().message));
    const int pages = pdf_pages(pdf);
    CHECK(pages >= 1);
    CHECK(pages <= 2);  // a one- to two-page record
    CHECK(has(page_size(pdf), "612 x 792 pts (letter)"));
    const auto text = pdf_text(pdf);
    // Clinic and patient banner.
    CHECK(has(text, c.config.clinic.name));
    CHECK(has(text, "NPI " + c.config.clinic.npi));
    CHECK(has(text, "Rivera, Ana MRN-004211"));
    CHECK_FALSE(has(text, "MRN MRN-004211"));
    CHECK(has(text, "Born 1961-07-14"));
    CHECK(has(text, "Allergies: Latex (rash)"));
    // Visit.
    CHECK(has(text, "Visit " + std::to_string(id)));
    CHECK(has(text, "Status: amended"));
    CHECK(has(text, "2026-03-02"));
    CHECK(has(text, "rn.okafor"));
    CHECK(has(text, "office"));
    CHECK(has(text, "America/New_York"));
    CHECK(has(text, "D80.1"));
    // Substance with NDC, lot, expiry and vials.
    CHECK(has(text, "Hizentra"));
    CHECK(has(text, "8 g"));
    CHECK(has(text, "44206-0451-01"));
    CHECK(has(text, "P100234"));
    CHECK(has(text, "2027-05-31"));
    CHECK(has(text, "SN0002"));
    CHECK(has(text, "00344206451014"));
    // Set-ups with times and sites, checks per needle.
    CHECK(has(text, "Set-up 1: Freedom60"));
    // With the UTC offset of the visit's zone, as printing.md says (they were printed without: found from outside).
    CHECK(has(text, "Set up 2026-03-02 09:05 (UTC-05:00); start 2026-03-02 09:10 (UTC-05:00);"));
    CHECK(has(text, "stop 2026-03-02 10:25 (UTC-05:00)"));
    CHECK(has(text, "Paused 2026-03-02 09:40 (UTC-05:00) to 2026-03-02 09:45 (UTC-05:00):"));
    CHECK(has(text, "patient to restroom"));
    CHECK(has(text, "Set-up 2: EMED Freedom60"));
    for (const auto& site : c.config.sites.sites) {
        if (site.id == "abdomen-left-lower" || site.id == "thigh-left") CHECK(has(text, site.name));
    }
    CHECK(has(text, "needle 27G 9mm. Prep done; aspiration no-blood;"));
    CHECK(has(text, "Needle removed (blood return)"));
    CHECK(has(text, "not-checked"));
    CHECK(has(text, "Front"));
    // Notes and reactions.
    CHECK(has(text, "Sites checked at 35 min: no redness."));
    CHECK(has(text, "2026-03-02 09:45 (UTC-05:00)"));
    CHECK(has(text, "[REACTION] Mild headache, resolved with fluids."));
    CHECK_FALSE(has(text, "[reaction]"));
    // A site condition is not called a reaction (found from outside: "[site-condition] REACTION ...").
    CHECK(has(text, "Slight redness, left site."));
    CHECK_FALSE(has(text, "[site-condition] REACTION"));
    CHECK(has(text, "Call if fever."));
    // Derived lines with reasons.
    const auto stored = c.db->visits().load(id).value();
    for (const auto& line : stored.current().coding->lines) {
        CHECK(has(text, line.code));
        CHECK(has(text, line.reason.substr(0, 30)));
    }
    CHECK(has(text, "Rules version"));
    // Signatures, amendment with its reason, countersignature, review, seals.
    // Stamps in the clinic's zone, as the window shows them (they were printed in UTC).
    CHECK(has(text, "Signed by rn.okafor, 2026-03-10 11:00 EDT"));
    CHECK(has(text, "Reason: discharge instructions were left out"));
    CHECK(has(text, "sup.nakamura"));
    CHECK(has(text, "reviewed, fine"));
    CHECK(has(text, "small bruise"));
    CHECK(has(text, "Site-care note by sup.nakamura, 2026-03-11 10:00 EDT"));
    CHECK(has(text, "sup.nakamura, 2026-03-11 10:00 EDT (revision"));  // the countersignature
    storage::AuditFilter signing;
    signing.visit_id = id;
    signing.action = "sign";
    const auto seal = c.db->audit().entries(signing).value().at(0).hash;
    CHECK(has(text, seal.substr(0, 32)));  // the hash may wrap; each half is on one line
    CHECK(has(text, "Printed 2026-03-11 10:00 EDT by rn.okafor"));

    // Printing is audited.
    storage::AuditFilter prints;
    prints.action = "print";
    CHECK(c.db->audit().entries(prints).value().size() == 1);
}

// The text without any blank or line break: what was printed, wherever the lines were broken.
std::string unbroken(const std::string& text) {
    std::string out;
    for (char ch : text) {
        if (ch != ' ' && ch != '\n' && ch != '\f') out += ch;
    }
    return out;
}

TEST_CASE("long text is wrapped whole: the banner's allergies, a note typed without spaces") {
    // Found from outside: the allergy line ran off the page and its end was not in the PDF at all, and a long
    // unbroken word after others lost its middle.
    Clinic c;
    core::Visit v = rich_visit();
    v.patient.allergies =
        "Penicillin (anaphylaxis 2009), cephalosporins (hives), latex (contact rash), adhesive tape (blisters), "
        "sulfa drugs (Stevens-Johnson 2015), iodine contrast (hives), shellfish, peanuts, tree nuts: ends here";
    const std::string token = "see-" + std::string(150, 'x') + "-end-of-note-marker";
    v.notes.push_back({test::at(2026, 3, 2, 10, 50), core::NoteKind::general, "Family asked about " + token});
    const auto id = c.visits->create(c.as("rn.okafor"), v).value();
    const auto pdf = c.dir / "long.pdf";
    app::RecordPrinter printer(*c.db, c.config, c.clock);
    REQUIRE(printer.print_visits(c.as("rn.okafor"), "rn.okafor", {id}, pdf).ok());
    const std::string text = unbroken(pdf_text(pdf));
    CHECK(has(text, unbroken("Allergies: " + v.patient.allergies)));
    CHECK(has(text, unbroken("Family asked about " + token)));
}

TEST_CASE("a name in Chinese, Japanese or Korean is printed in letters, not boxes, and the line still fits") {
    // Found from outside: 陈军 printed as empty boxes (DejaVu Sans has no such letters, and cairo looks in no
    // other face); pdftotext read nothing of it. Those letters are drawn from WenQuanYi Micro Hei.
    Clinic c;
    core::Visit v = test::sample_visit();
    v.patient.name = "陈军 김민준 タナカ (Chen)";
    v.notes.push_back({test::at(2026, 3, 2, 10, 50), core::NoteKind::general, "家属已告知 family told"});
    const auto id = c.visits->create(c.as("rn.okafor"), v).value();
    const auto pdf = c.dir / "cjk.pdf";
    app::RecordPrinter printer(*c.db, c.config, c.clock);
    REQUIRE(printer.print_visits(c.as("rn.okafor"), "rn.okafor", {id}, pdf).ok());
    const std::string text = pdf_text(pdf);
    CHECK(has(text, "陈军 김민준 タナカ (Chen)"));
    CHECK(has(text, "家属已告知 family told"));
    CHECK(has(run("pdffonts '" + pdf.string() + "'"), "WenQuanYi"));
}

TEST_CASE("A4 is a setting, and a draft prints with 'NOT SIGNED' and no lines") {
    Clinic c;
    c.config.paper = "a4";
    const auto id = c.visits->create(c.as("rn.okafor"), test::sample_visit()).value();
    const auto pdf = c.dir / "draft.pdf";
    app::RecordPrinter printer(*c.db, c.config, c.clock);
    REQUIRE(printer.print_visits(c.as("rn.okafor"), "rn.okafor", {id}, pdf).ok());
    CHECK(has(page_size(pdf), "595.28 x 841.89 pts (A4)"));
    const auto text = pdf_text(pdf);
    CHECK(has(text, "NOT SIGNED (draft)"));
    CHECK(has(text, "Not derived: the visit is a draft."));
}

TEST_CASE("who may print: billers signed visits only, admins nothing, and a refusal writes no file") {
    Clinic c;
    const auto draft = c.visits->create(c.as("rn.okafor"), test::sample_visit()).value();
    const auto done = c.visits->create(c.as("rn.okafor"), test::sample_visit()).value();
    REQUIRE(c.visits->sign(c.as("rn.okafor"), done).value().signed_visit);
    app::RecordPrinter printer(*c.db, c.config, c.clock);
    const auto pdf = c.dir / "out.pdf";
    const auto biller = c.as("billing.chen");
    CHECK(printer.print_visits(biller, "billing.chen", {done}, pdf).ok());
    std::filesystem::remove(pdf);
    auto refused = printer.print_visits(biller, "billing.chen", {done, draft}, pdf);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message ==
          "visit " + std::to_string(draft) + " is a draft: billers print signed visits only (nothing was written)");
    CHECK_FALSE(std::filesystem::exists(pdf));
    CHECK_FALSE(printer.print_visits(c.as("admin"), "admin", {done}, pdf).ok());
    CHECK_FALSE(std::filesystem::exists(pdf));
    CHECK(printer.print_visits(c.as("sup.nakamura"), "sup.nakamura", {draft}, pdf).ok());
    // A missing visit refuses the whole file.
    std::filesystem::remove(pdf);
    CHECK_FALSE(printer.print_visits(c.as("rn.okafor"), "rn.okafor", {done, 999}, pdf).ok());
    CHECK_FALSE(std::filesystem::exists(pdf));
}

TEST_CASE("a payer's request: every visit of the range after a cover page that lists them") {
    Clinic c;
    std::vector<storage::VisitId> ids;
    for (int day = 0; day < 3; ++day) {
        auto v = test::sample_visit();
        for (auto& p : v.pump_setups) {
            p.start->local += days{day * 7};
            p.stop->local += days{day * 7};
        }
        ids.push_back(c.visits->create(c.as("rn.okafor"), v).value());
        c.now = "2026-03-20T15:00:00Z";  // signed after its stop: a stop in the future is refused (edition 2)
        REQUIRE(c.visits->sign(c.as("rn.okafor"), ids.back()).value().signed_visit);
    }
    auto other = test::sample_visit();
    other.patient.id = "MRN-999999";
    (void)c.visits->create(c.as("rn.okafor"), other).value();
    const auto draft = c.visits->create(c.as("rn.okafor"), test::sample_visit()).value();  // 2026-03-02, a draft

    app::RecordPrinter printer(*c.db, c.config, c.clock);
    const auto pdf = c.dir / "request.pdf";
    auto biller = printer.print_patient(c.as("billing.chen"), "billing.chen", "MRN-004211",
                                        year_month_day{2026y, March, 1d}, year_month_day{2026y, March, 10d}, pdf);
    REQUIRE(biller.ok());
    CHECK(biller.value().visits == std::vector<storage::VisitId>{ids[0], ids[1]});  // oldest first, no draft
    const auto text = pdf_text(pdf);
    CHECK(has(text, "Infusion visit records"));
    CHECK(has(text, "Dates of service 2026-03-01 to 2026-03-10"));
    CHECK(has(text, "Visits enclosed 2"));
    CHECK(has(text, "2026-03-09"));
    CHECK(text.find("2026-03-16") == std::string::npos);
    CHECK(text.find("MRN-999999") == std::string::npos);
    CHECK(text.find("Visit " + std::to_string(draft) + " ") == std::string::npos);
    CHECK(pdf_pages(pdf) >= 3);

    auto nurse = printer.print_patient(c.as("rn.okafor"), "rn.okafor", "MRN-004211", year_month_day{2026y, March, 1d},
                                       year_month_day{2026y, March, 31d}, pdf);
    REQUIRE(nurse.ok());
    CHECK(nurse.value().visits.size() == 4);  // the nurse sees her draft too
    CHECK_FALSE(printer
                    .print_patient(c.as("rn.okafor"), "rn.okafor", "MRN-000000", year_month_day{2026y, March, 1d},
                                   year_month_day{2026y, March, 31d}, pdf)
                    .ok());
}

TEST_CASE(
    "a payer's request with no visit to print writes no cover page: the patient's name is not printed unaudited") {
    Clinic c;
    const auto draft = c.visits->create(c.as("rn.okafor"), test::sample_visit()).value();  // 2026-03-02, a draft
    (void)draft;
    app::RecordPrinter printer(*c.db, c.config, c.clock);
    const auto pdf = c.dir / "request.pdf";
    storage::AuditFilter prints;
    prints.action = "print";
    const std::size_t prints_before = c.db->audit().entries(prints).value().size();
    // The biller: only a draft in the range, which billers do not print.
    auto biller = printer.print_patient(c.as("billing.chen"), "billing.chen", "MRN-004211",
                                        year_month_day{2026y, March, 1d}, year_month_day{2026y, March, 31d}, pdf);
    REQUIRE_FALSE(biller.ok());
    CHECK(has(biller.error().message, "no visit of patient MRN-004211 to print from 2026-03-01 to 2026-03-31"));
    CHECK(has(biller.error().message, "1 draft(s), which billers do not print"));
    CHECK(has(biller.error().message, "nothing was written"));
    CHECK_FALSE(std::filesystem::exists(pdf));
    // Anyone: a range with no visit at all.
    auto nurse = printer.print_patient(c.as("rn.okafor"), "rn.okafor", "MRN-004211", year_month_day{2026y, April, 1d},
                                       year_month_day{2026y, April, 30d}, pdf);
    REQUIRE_FALSE(nurse.ok());
    CHECK_FALSE(std::filesystem::exists(pdf));
    CHECK(c.db->audit().entries(prints).value().size() == prints_before);
}

TEST_CASE("printing a visit again saves over its last PDF whole, owner-only, and leaves nothing beside it") {
    Clinic c;
    const auto first = c.visits->create(c.as("rn.okafor"), test::sample_visit()).value();
    core::Visit other = test::sample_visit(95);
    other.patient.id = "MRN-7007";
    const auto second = c.visits->create(c.as("rn.okafor"), other).value();
    app::RecordPrinter printer(*c.db, c.config, c.clock);
    const auto pdf = c.dir / "visit.pdf";
    REQUIRE(printer.print_visits(c.as("rn.okafor"), "rn.okafor", {first}, pdf).ok());
    CHECK(has(pdf_text(pdf), "MRN-004211"));
    REQUIRE(printer.print_visits(c.as("rn.okafor"), "rn.okafor", {second}, pdf).ok());
    const std::string text = pdf_text(pdf);
    CHECK(has(text, "MRN-7007"));
    CHECK_FALSE(has(text, "MRN-004211"));
    struct stat st {};
    REQUIRE(::stat(pdf.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    for (const auto& entry : std::filesystem::directory_iterator(c.dir)) {
        CHECK(entry.path().filename().string().find(".partial") == std::string::npos);
    }
}
