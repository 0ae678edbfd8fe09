// The database bills by the configuration it accepted (app/billing_configuration.hpp). Found from
// outside: a workstation started with an edited copy of the configuration folder signed a 59-minute
// visit as 96369 + 96370 x4 under the same rules label, and the biller exported it; another clinic's
// folder opened the database without a word.
#include "app/import_visits.hpp"
#include "demo/demo_users.hpp"
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace infusion;

namespace {

const char* const signing_time = "2026-03-02T18:00:00Z";

settings::Config edited(const test::TempDir& dir, const std::string& file, const std::string& from,
                        const std::string& to) {
    return test::edited_config(dir.path(), file, from, to);
}

// Another workstation's program over the same database, started with `config` (kept: the Clinic reads it).
struct Workstation {
    Workstation(settings::Config loaded, storage::Database& db, test::TestClinic& tc)
        : config(std::move(loaded)), clinic(config, db, options(tc)) {}

    static app::ClinicOptions options(test::TestClinic& tc) {
        app::ClinicOptions o;
        o.clock = [&tc] { return tc.now; };
        o.cost = storage::HashCost::test_only_minimal;
        return o;
    }

    app::Acting as(const std::string& user) {
        for (const auto& u : demo::demo_users()) {
            if (u.username == user) return clinic.act_as(clinic.accounts().sign_in(u.username, u.password).value());
        }
        FAIL("no demo user " << user);
        throw std::logic_error("unreachable");
    }

    settings::Config config;
    app::Clinic clinic;
};

storage::VisitId draft(app::Clinic& clinic, const app::Acting& nurse) {
    return clinic.visits().create(nurse, test::sample_visit(59)).value();
}

bool is_draft(storage::Database& db, storage::VisitId id) {
    return db.visits().load(id).value().status == storage::VisitStatus::draft;
}

app::ExportRequest march(const test::TempDir& dir, bool dry_run) {
    app::ExportRequest r;
    r.out = dir.path() / "march.csv";
    r.dry_run = dry_run;
    r.selection.from = std::chrono::year{2026} / 3 / 1;
    r.selection.to = std::chrono::year{2026} / 3 / 31;
    return r;
}

bool says(const core::Error& e, const std::string& text) { return e.message.find(text) != std::string::npos; }

}  // namespace

TEST_CASE("a workstation with edited coding rules can neither sign nor export, and the clinic's folder still can") {
    test::TempDir dir;
    test::TestClinic tc(signing_time);
    tc.add_demo_users();
    const app::Acting nurse = tc.demo("rn.okafor");

    // The first signature on the database accepts the configuration it is made with, on the record.
    const auto first = draft(tc.clinic(), nurse);
    REQUIRE(tc.clinic().visits().sign(nurse, first).ok());
    CHECK(tc.db().facts().get("billing-configuration-1").value().has_value());
    CHECK(tc.audited("database-fact", "rn.okafor") == 1);

    Workstation edited_rules(edited(dir, "coding-rules.toml", "first_hour_minutes = 60", "first_hour_minutes = 20"),
                             tc.db(), tc);
    const app::Acting there = edited_rules.as("rn.okafor");
    const auto second = draft(edited_rules.clinic, there);  // documenting at the chair goes on
    const std::size_t refusals = tc.audited("refused", "rn.okafor");
    const auto refused = edited_rules.clinic.visits().sign(there, second);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == core::ErrorKind::refused);
    CHECK(says(refused.error(), "coding-rules.toml"));
    CHECK(says(refused.error(), "db accept-config"));
    CHECK_FALSE(says(refused.error(), "substances.toml"));
    CHECK(is_draft(tc.db(), second));
    CHECK(tc.audited("refused", "rn.okafor") == refusals + 1);

    const app::Acting biller = edited_rules.as("billing.chen");
    const auto exported = edited_rules.clinic.billing().export_billing(biller, march(dir, false), {});
    REQUIRE_FALSE(exported.ok());
    CHECK(says(exported.error(), "coding-rules.toml"));
    CHECK_FALSE(std::filesystem::exists(dir.path() / "march.csv"));
    CHECK(edited_rules.clinic.billing().export_billing(biller, march(dir, true), {}).ok());  // a count writes nothing

    // The clinic's own folder signs the same draft.
    CHECK(tc.clinic().visits().sign(nurse, second).ok());
}

TEST_CASE("an import that signs is refused whole on a workstation whose substances differ") {
    test::TempDir dir;
    test::TestClinic tc(signing_time);
    tc.add_demo_users();
    const app::Acting nurse = tc.demo("rn.okafor");
    REQUIRE(tc.clinic().visits().sign(nurse, draft(tc.clinic(), nurse)).ok());

    std::ifstream example(std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/gammagard-office.toml");
    std::stringstream text;
    text << example.rdbuf();
    const auto file = dir.path() / "visit.toml";
    std::ofstream(file) << text.str();

    Workstation other(edited(dir, "substances.toml", "[[substance]]\n", "[[substance]]\n# edited\n"), tc.db(), tc);
    // A comment alone is not a change of what bills: this workstation is the clinic's.
    const app::Acting there = other.as("rn.okafor");
    CHECK(other.clinic.billing_configuration().state().value().matches());

    test::TempDir dir2;
    const auto units =
        edited(dir2, "substances.toml", "billing_unit = { amount = 100,", "billing_unit = { amount = 1,");
    Workstation unit_changed(units, tc.db(), tc);
    const app::Acting nurse_there = unit_changed.as("rn.okafor");
    const auto visits_before = tc.db().visits().list({}).value().rows.size();
    const auto imported = app::import_files(nurse_there, unit_changed.clinic, {file}, true, {});
    REQUIRE_FALSE(imported.ok());
    CHECK(says(imported.error(), "substances.toml"));
    CHECK(tc.db().visits().list({}).value().rows.size() == visits_before);  // nothing stored
    // Without signing, the drafts are the nurse's to review at the clinic's workstation.
    CHECK(app::import_files(nurse_there, unit_changed.clinic, {file}, false, {}).ok());
}

TEST_CASE("only what bills counts: comments, spacing and [session] do not, another NPI does") {
    test::TempDir dir;
    test::TestClinic tc(signing_time);
    tc.add_demo_users();
    const app::Acting nurse = tc.demo("rn.okafor");
    REQUIRE(tc.clinic().visits().sign(nurse, draft(tc.clinic(), nurse)).ok());

    test::TempDir quiet;
    Workstation same(edited(quiet, "clinic.toml", "lock_after_minutes = 5", "lock_after_minutes   =   15  # longer"),
                     tc.db(), tc);
    const app::Acting here = same.as("rn.okafor");
    CHECK(same.clinic.visits().sign(here, draft(same.clinic, here)).ok());
    // A product's pumps to avoid bill nothing: a folder from before not_with_pumps is the same configuration.
    test::TempDir older;
    Workstation before_pumps(edited(older, "substances.toml", "not_with_pumps = [\"Freedom60\"]", ""), tc.db(), tc);
    const app::Acting older_nurse = before_pumps.as("rn.okafor");
    CHECK(before_pumps.clinic.visits().sign(older_nurse, draft(before_pumps.clinic, older_nurse)).ok());

    Workstation other_clinic(edited(dir, "clinic.toml", "npi = \"1234567893\"", "npi = \"1245319599\""), tc.db(), tc);
    const app::Acting there = other_clinic.as("rn.okafor");
    const auto refused = other_clinic.clinic.visits().sign(there, draft(other_clinic.clinic, there));
    REQUIRE_FALSE(refused.ok());
    CHECK(says(refused.error(), "clinic.toml [clinic] [codes]"));
    const auto state = other_clinic.clinic.billing_configuration().state().value();
    CHECK(state.accepted == 1);
    CHECK(state.differing == std::vector<std::string>{"clinic.toml [clinic] [codes]"});
}

TEST_CASE("an administrator accepts a new configuration: a nurse may not, and the old folder is then refused") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    test::TestClinic tc(signing_time, storage::SqliteDatabase::open(file).value());
    tc.add_demo_users();
    const app::Acting nurse = tc.demo("rn.okafor");
    REQUIRE(tc.clinic().visits().sign(nurse, draft(tc.clinic(), nurse)).ok());
    CHECK_FALSE(tc.clinic().changed_elsewhere());  // the window starts watching

    // The new edition, installed at a second workstation (its own connection to the file).
    auto second_connection = storage::SqliteDatabase::open(file).value();
    Workstation next(edited(dir, "coding-rules.toml", "first_hour_minutes = 60", "first_hour_minutes = 61"),
                     *second_connection, tc);
    const app::Acting nurse_there = next.as("rn.okafor");
    const auto by_nurse = next.clinic.billing_configuration().accept(nurse_there);
    REQUIRE_FALSE(by_nurse.ok());
    CHECK(by_nurse.error().kind == core::ErrorKind::refused);

    const app::Acting admin = next.as("admin");
    const auto accepted = next.clinic.billing_configuration().accept(admin);
    REQUIRE(accepted.ok());
    CHECK(accepted.value().accepted == 2);
    CHECK(accepted.value().matches());
    CHECK(tc.audited("database-fact", "admin") >= 1);
    CHECK(next.clinic.billing_configuration().accept(admin).value().accepted == 2);  // the same again: nothing new
    CHECK_FALSE(second_connection->facts().get("billing-configuration-3").value().has_value());
    CHECK(next.clinic.visits().sign(nurse_there, draft(next.clinic, nurse_there)).ok());

    // The first workstation's window hears of the change and refuses its old rules from then on.
    CHECK(tc.clinic().changed_elsewhere());
    const auto old_rules = tc.clinic().visits().sign(nurse, draft(tc.clinic(), nurse));
    REQUIRE_FALSE(old_rules.ok());
    CHECK(says(old_rules.error(), "number 2"));
}

TEST_CASE("a batch written again at a workstation with another NPI is not kept, and the biller is told why") {
    // Found from outside: `export --batch 1` there said only "the rewritten file differs from batch 1".
    test::TempDir dir;
    test::TestClinic tc(signing_time);
    tc.add_demo_users();
    const app::Acting nurse = tc.demo("rn.okafor");
    REQUIRE(tc.clinic().visits().sign(nurse, draft(tc.clinic(), nurse)).ok());
    app::ExportRequest hl7 = march(dir, false);  // its header carries the clinic's NPI
    hl7.format = "hl7";
    hl7.out = dir.path() / "march.hl7";
    const auto exported = tc.clinic().billing().export_billing(tc.demo("billing.chen"), hl7, {});
    REQUIRE(exported.ok());
    REQUIRE(exported.value().batch.has_value());
    const auto batch = exported.value().batch->id;

    // The clinic's folder writes it again byte for byte.
    CHECK(tc.clinic().billing().reexport_batch(tc.demo("billing.chen"), batch, dir.path() / "again.hl7").ok());

    test::TempDir other_dir;
    Workstation other_clinic(edited(other_dir, "clinic.toml", "npi = \"1234567893\"", "npi = \"1245319599\""), tc.db(),
                             tc);
    const auto again =
        other_clinic.clinic.billing().reexport_batch(other_clinic.as("billing.chen"), batch, dir.path() / "there.hl7");
    REQUIRE_FALSE(again.ok());
    CHECK(says(again.error(), "differs from batch " + std::to_string(batch)));
    CHECK(says(again.error(),
               "this workstation's billing configuration differs from the clinic's accepted one "
               "(clinic.toml [clinic] [codes])"));
    CHECK_FALSE(std::filesystem::exists(dir.path() / "there.hl7"));
}
