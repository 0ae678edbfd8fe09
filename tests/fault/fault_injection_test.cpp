// Issue 12, fault injection: every write, fsync and rename of signing, amending, importing, exporting and
// backing up fails in turn (tests/support/fault_injection.hpp). Each failure is a clear error; what was
// acknowledged before is still there; what the failed operation reported done is there; and the
// database checks clean afterwards (after the next successful change, for a head file left behind).
#include "support/fault_injection.hpp"
#include "app/export_billing.hpp"
#include "app/import_visits.hpp"
#include "app/visit_service.hpp"
#include "storage/sqlite_database.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

using namespace infusion;
using test::Fault;
using test::FaultInjector;

namespace {

const std::filesystem::path root =
    std::filesystem::temp_directory_path() / ("infusiondoc-faults-" + std::to_string(::getpid()));

// Installed before any database opens: the program's WAL-batching VFS wraps the VFS that is the default
// when it is first used (storage/wal_batching_vfs.hpp), and every write must pass the faults.
[[maybe_unused]] const bool faults_installed_first = (FaultInjector::instance(), true);

// After the sample visits' stops (edition 2 refuses to sign a time in the future).
constexpr const char* after_the_visits = "2026-03-02T18:00:00Z";

// A clinic with visit 1 signed and visit 2 a draft; each attempt starts from a copy of it.
struct Template {
    std::filesystem::path dir = root / "template";
    Template() {
        std::filesystem::remove_all(root);
        std::filesystem::create_directories(dir);
        auto db = storage::SqliteDatabase::open(dir / "clinic.db").value();
        test::TestClinic tc(after_the_visits, *db, test::repo_config());
        const app::Acting nurse = tc.as("rn.okafor", {app::Role::nurse});  // the account each attempt acts as
        const auto one = tc.clinic().visits().create(nurse, test::sample_visit()).value();
        REQUIRE(tc.clinic().visits().sign(nurse, one).value().signed_visit);
        core::Visit two = test::sample_visit(95);
        two.patient.id = "MRN-2002";
        REQUIRE(tc.clinic().visits().create(nurse, two).ok());
    }
    // Every attempt's copy lives under root: gone when the suite ends (each run left 26 MB in /tmp, and a
    // full disk failed a CI run).
    ~Template() {
        std::error_code ignored;
        std::filesystem::remove_all(root, ignored);
    }
};

const Template& clinic_template() {
    static const Template t;
    return t;
}

std::filesystem::path fresh_copy(int attempt) {
    const auto& source = clinic_template();  // made first: it clears the whole folder
    const auto dir = root / ("attempt-" + std::to_string(attempt));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    for (const char* name : {"clinic.db", "clinic.db-head"}) {
        std::filesystem::copy_file(source.dir / name, dir / name);
    }
    return dir;
}

struct Outcome {
    bool ok = false;
    std::string error;
};

using Operation = std::function<Outcome(storage::Database&, const std::filesystem::path& dir)>;

template <typename T>
Outcome outcome_of(const core::Result<T>& r) {
    return r.ok() ? Outcome{true, {}} : Outcome{false, r.error().describe()};
}

// Runs `operation` with the n-th `kind` failing, for n = 1, 2, ... until the operation no longer reaches
// an n-th such call. After each attempt: the error (if any) is a sentence, visit 1 is intact, and
// `db check` passes once the next change has run.
void every_point(const std::string& name, Fault kind, const Operation& operation,
                 const std::function<void(storage::Database&, bool ok)>& after) {
    static int attempts = 0;
    for (int n = 1; n < 400; ++n) {
        const auto dir = fresh_copy(++attempts);
        Outcome result;
        {
            auto db = storage::SqliteDatabase::open(dir / "clinic.db").value();
            FaultInjector::instance().arm(kind, n);
            result = operation(*db, dir);
            FaultInjector::instance().disarm();
        }
        const bool fired = FaultInjector::instance().fired();
        CAPTURE(name);
        CAPTURE(to_string(kind));
        CAPTURE(n);
        CAPTURE(result.error);
        if (!result.ok) {
            CHECK(fired);  // no failure without a fault
            CHECK(result.error.size() > 20);
            CHECK(result.error.find('/') != std::string::npos);  // says which file
        }
        auto db = storage::SqliteDatabase::open(dir / "clinic.db");
        REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().describe()));
        // What was acknowledged before the operation is still there, whole.
        const auto one = db.value()->visits().load(1);
        REQUIRE(one.ok());
        CHECK(one.value().status != storage::VisitStatus::draft);
        after(*db.value(), result.ok);
        // A head file left behind by a failed fsync/rename catches up with the next change.
        REQUIRE(db.value()
                    ->audit()
                    .record("view", 1, "after the fault", storage::Actor{"sup.nakamura", "2026-03-03T10:00:00Z"})
                    .ok());
        const auto report = db.value()->check().value();
        std::string findings;
        for (const auto& f : report.findings) findings += f + "\n";
        CHECK_MESSAGE(report.ok, findings);
        if (!fired) break;  // every point of the operation has failed once
    }
}

void all_faults(const std::string& name, const Operation& operation,
                const std::function<void(storage::Database&, bool ok)>& after) {
    for (Fault kind : {Fault::write, Fault::sync, Fault::rename}) every_point(name, kind, operation, after);
}

// The clinic's use cases over a database under test, for the template's nurse rn.okafor: her session as
// a sign-in would give it, without the sign-in's own writes (they are not the operation under test).
struct Over {
    explicit Over(storage::Database& db) : tc(after_the_visits, db, test::repo_config()) {}
    test::TestClinic tc;
    app::Acting nurse = tc.clinic().act_as(app::Session{"rn.okafor", "rn.okafor", {app::Role::nurse}, {}});
};

}  // namespace

TEST_CASE("faults while signing: an error, or a signed visit, never half") {
    all_faults(
        "sign",
        [](storage::Database& db, const std::filesystem::path&) {
            Over over(db);
            return outcome_of(over.tc.clinic().visits().sign(over.nurse, 2));
        },
        [](storage::Database& db, bool ok) {
            const auto two = db.visits().load(2).value();
            if (ok) CHECK(two.status == storage::VisitStatus::signed_);
            if (two.status == storage::VisitStatus::signed_) CHECK(two.current().coding.has_value());
        });
}

TEST_CASE("faults while amending") {
    all_faults(
        "amend",
        [](storage::Database& db, const std::filesystem::path&) {
            Over over(db);
            return outcome_of(
                over.tc.clinic().visits().amend(over.nurse, 1, test::sample_visit(95), "stop time corrected"));
        },
        [](storage::Database& db, bool ok) {
            const auto one = db.visits().load(1).value();
            if (ok) CHECK(one.revisions.size() == 2);
            CHECK(one.revisions.front().sealed);
        });
}

TEST_CASE("faults while importing") {
    all_faults(
        "import",
        [](storage::Database& db, const std::filesystem::path& dir) {
            // The example for another patient: the template's visit 1 is this example's infusion, and an
            // infusion already stored is not imported again.
            std::ifstream in(std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml");
            std::stringstream text;
            text << in.rdbuf();
            std::string visit = text.str();
            visit.replace(visit.find("MRN-004211"), 10, "MRN-004299");
            const std::filesystem::path file = dir / "import.toml";
            std::ofstream(file) << visit;
            Over over(db);
            const auto result = app::import_files(over.nurse, over.tc.clinic(), {file}, true, {});
            if (!result) return Outcome{false, result.error().describe()};
            const auto& imported = result.value();
            if (imported.size() == 1 && !imported[0].error) return Outcome{true, {}};
            return Outcome{
                false, imported.empty() || !imported[0].error ? std::string("nothing") : imported[0].error->describe()};
        },
        [](storage::Database& db, bool ok) {
            if (ok) CHECK(db.visits().load(3).ok());
        });
}

TEST_CASE("faults while exporting: the lines go out once, in a batch that is delivered or deliverable") {
    all_faults(
        "export",
        [](storage::Database& db, const std::filesystem::path& dir) {
            app::ExportRequest r;
            r.out = dir / "batch.csv";
            r.selection.from = std::chrono::year{2026} / 3 / 1;
            r.selection.to = std::chrono::year{2026} / 3 / 31;
            return outcome_of(
                app::write_export(db.billing(), test::repo_config(), r, {"billing.chen", "2026-04-01T12:00:00Z"}, {}));
        },
        [](storage::Database& db, bool ok) {
            const auto batches = db.billing().batches(10).value();
            if (ok) {
                REQUIRE(batches.size() == 1);
                CHECK(batches[0].delivered_at.has_value());
            }
            CHECK(batches.size() <= 1);  // never two batches of the same lines
        });
}

TEST_CASE("faults while backing up: no backup, or a whole one") {
    all_faults(
        "backup",
        [](storage::Database& db, const std::filesystem::path& dir) {
            auto done = db.backup_to(dir / "backup.db");
            return done.ok() ? Outcome{true, {}} : Outcome{false, done.error().describe()};
        },
        [](storage::Database& db, bool ok) {
            const auto backup = db.location().file.parent_path() / "backup.db";
            if (ok) {
                auto copy = storage::SqliteDatabase::open(backup, {.create_if_missing = false, .read_only = true});
                REQUIRE(copy.ok());
                CHECK(copy.value()->check().value().ok);
            }
            CHECK_FALSE(std::filesystem::exists(backup.string() + ".partial"));
        });
}
