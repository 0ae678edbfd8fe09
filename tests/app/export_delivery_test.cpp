// Attack 3 (issue 12): an export killed after its batch is recorded but before its file is renamed
// into place. The next export finds the batch and writes its file, byte-identical, where it was meant
// to go; a file in the way is reported until someone writes the batch by hand. And an export killed
// while it writes its lines: no file is left for a pickup to find, nothing is recorded. On a SQLite file
// and on PostgreSQL (each process, the killed one included, opens the database by its location).
#include "app/export_delivery.hpp"
#include "app/export_billing.hpp"
#include "app/visit_service.hpp"
#include "storage/sql_shell.hpp"
#include "storage/store_fixture.hpp"
#include "support/child_process.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>

using namespace infusion;

namespace {

std::string bytes_of(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

struct Clinic {
    test::TempDir folder;
    std::filesystem::path dir = folder.path();
    storage::DatabaseLocation place;

    explicit Clinic(storage::DatabaseLocation where) : place(std::move(where)) {
        auto db = open();
        test::TestClinic tc("2026-03-02T18:00:00Z", *db, test::repo_config());
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        for (int i = 0; i < 3; ++i) {
            core::Visit v = test::sample_visit(75 + 10 * i);
            v.patient.id = "MRN-40" + std::to_string(i);
            const auto id = tc.clinic().visits().create(nurse, v).value();
            REQUIRE(tc.clinic().visits().sign(nurse, id).value().signed_visit);
        }
    }

    // A connection of its own, as each run of the program opens.
    [[nodiscard]] std::unique_ptr<storage::Database> open() const {
        auto db = storage::open_database(place);
        REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().describe()));
        return std::move(db).value();
    }

    [[nodiscard]] app::ExportRequest request(const std::string& name) const {
        app::ExportRequest r;
        r.out = dir / name;
        r.selection.from = std::chrono::year{2026} / 3 / 1;
        r.selection.to = std::chrono::year{2026} / 3 / 31;
        return r;
    }

    // Runs an export in a child process that is killed with SIGKILL right after the batch is committed,
    // before the rename: the worst moment.
    void export_killed_before_rename(const std::string& name) const {
        test::run_until_killed([&] {
            auto db = storage::open_database(place).value();
            auto r = request(name);
            r.after_record = [] { ::raise(SIGKILL); };
            (void)app::write_export(db->billing(), test::repo_config(), r, {"billing.chen", "2026-04-01T12:00:00Z"},
                                    {});
        });
    }

    // No file `name` for the billing system's pickup to find, and no `name`.partial either where the
    // folder's file system has files without a name (app/atomic_file.hpp).
    void check_no_file_named(const std::string& name) const {
        CHECK_FALSE(std::filesystem::exists(dir / name));
        if (test::unnamed_files_in(dir)) CHECK_FALSE(std::filesystem::exists(dir / (name + ".partial")));
    }

    // The same, killed while the lines are being written, before the batch is recorded.
    void export_killed_while_writing(const std::string& name) const {
        test::run_until_killed([&] {
            auto db = storage::open_database(place).value();
            (void)app::write_export(db->billing(), test::repo_config(), request(name),
                                    {"billing.chen", "2026-04-01T12:00:00Z"}, [](std::int64_t lines) {
                                        if (lines >= 1) ::raise(SIGKILL);
                                        return true;
                                    });
        });
    }
};

}  // namespace

TEST_CASE("kill -9 while an export writes its lines: nothing in the folder, nothing recorded, all lines still to go") {
    for (const auto& place : test::places()) {
        CAPTURE(place.name);
        Clinic c(place.make());
        c.export_killed_while_writing("killed.csv");
        c.check_no_file_named("killed.csv");
        auto db = c.open();
        CHECK(db->billing().batches(10).value().empty());
        auto next = app::write_export(db->billing(), test::repo_config(), c.request("next.csv"),
                                      {"billing.chen", "2026-04-02T08:00:00Z"}, {});
        REQUIRE_MESSAGE(next.ok(), (next.ok() ? "" : next.error().describe()));
        REQUIRE(next.value().batch);
        CHECK(next.value().visits == 3);
        CHECK(db->check().value().ok);
    }
}

TEST_CASE("kill -9 between the batch's commit and its rename: the next export delivers it byte-identical") {
    for (const auto& place : test::places()) {
        CAPTURE(place.name);
        Clinic c(place.make());
        c.export_killed_before_rename("killed.csv");
        c.check_no_file_named("killed.csv");
        auto db = c.open();
        const auto pending = db->billing().undelivered().value();
        REQUIRE(pending.size() == 1);
        CHECK(pending[0].out_path == (c.dir / "killed.csv").string());
        CHECK(db->check().value().ok);

        // The next export: the batch's file is written where it was meant to go, and there is nothing new.
        auto next = app::write_export(db->billing(), test::repo_config(), c.request("next.csv"),
                                      {"billing.chen", "2026-04-02T08:00:00Z"}, {});
        REQUIRE_MESSAGE(next.ok(), (next.ok() ? "" : next.error().describe()));
        REQUIRE(next.value().deliveries.size() == 1);
        CHECK(next.value().deliveries[0].delivered);
        CHECK_FALSE(next.value().batch);  // every line went out in batch 1 exactly once
        REQUIRE(std::filesystem::exists(c.dir / "killed.csv"));
        CHECK_FALSE(std::filesystem::exists(c.dir / "killed.csv.partial"));
        CHECK(app::file_sha256(c.dir / "killed.csv") == pending[0].sha256);
        // Byte for byte what a re-export of the record writes.
        REQUIRE(app::rewrite_batch(db->billing(), test::repo_config(), 1, c.dir / "again.csv").ok());
        CHECK(bytes_of(c.dir / "killed.csv") == bytes_of(c.dir / "again.csv"));
        CHECK(db->billing().undelivered().value().empty());
        CHECK(db->billing().batch(1).value().delivered_at.has_value());
        CHECK(db->check().value().ok);
    }
}

TEST_CASE("an undelivered batch whose file name is taken is reported on every export until written by hand") {
    for (const auto& place : test::places()) {
        CAPTURE(place.name);
        Clinic c(place.make());
        c.export_killed_before_rename("taken.csv");
        std::ofstream(c.dir / "taken.csv") << "someone else's file\n";
        auto db = c.open();
        for (int attempt = 0; attempt < 2; ++attempt) {
            auto next = app::write_export(db->billing(), test::repo_config(), c.request("next.csv"),
                                          {"billing.chen", "2026-04-02T08:00:00Z"}, {});
            REQUIRE(next.ok());
            REQUIRE(next.value().deliveries.size() == 1);
            CHECK_FALSE(next.value().deliveries[0].delivered);
            CHECK(next.value().deliveries[0].message.find("export --batch 1 --out FILE") != std::string::npos);
            CHECK(bytes_of(c.dir / "taken.csv") == "someone else's file\n");  // never overwritten
        }
        // Someone acts: the batch is written elsewhere and counts as delivered from then on.
        REQUIRE(app::rewrite_batch(db->billing(), test::repo_config(), 1, c.dir / "by-hand.csv",
                                   storage::Actor{"billing.chen", "2026-04-02T09:00:00Z"})
                    .ok());
        CHECK(db->billing().undelivered().value().empty());
        CHECK(db->billing().batch(1).value().delivered_path == (c.dir / "by-hand.csv").string());
    }
}

TEST_CASE("a completed export records its delivery") {
    for (const auto& place : test::places()) {
        CAPTURE(place.name);
        Clinic c(place.make());
        auto db = c.open();
        auto done = app::write_export(db->billing(), test::repo_config(), c.request("out.csv"),
                                      {"billing.chen", "2026-04-02T08:00:00Z"}, {});
        REQUIRE(done.ok());
        REQUIRE(done.value().batch);
        const auto batch = db->billing().batch(done.value().batch->id).value();
        CHECK(batch.delivered_at == std::optional<std::string>("2026-04-02T08:00:00Z"));
        CHECK(batch.delivered_path == (c.dir / "out.csv").string());
        struct stat st {};
        REQUIRE(::stat((c.dir / "out.csv").c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0600);
    }
}

TEST_CASE("a batch another session delivered between the commit and the rename is this export's success") {
    // Found from outside: a second export (or the window starting) found the batch undelivered and put its
    // file in place first; this export then said its file "could not be put in place" and told the biller
    // to write it again by hand, a second copy of the same charges.
    for (const auto& place : test::places()) {
        CAPTURE(place.name);
        Clinic c(place.make());
        auto db = c.open();
        auto r = c.request("raced.csv");
        r.after_record = [&] {
            auto other = c.open();
            const auto delivered = app::deliver_pending_batches(other->billing(), test::repo_config(),
                                                                {"billing.ortiz", "2026-04-01T12:00:01Z"});
            REQUIRE(delivered.ok());
            REQUIRE(delivered.value().size() == 1);
            REQUIRE(delivered.value()[0].delivered);
        };
        const auto done =
            app::write_export(db->billing(), test::repo_config(), r, {"billing.chen", "2026-04-01T12:00:00Z"}, {});
        REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().describe()));
        REQUIRE(done.value().batch);
        CHECK(done.value().delivered_elsewhere);
        CHECK(app::file_sha256(c.dir / "raced.csv") == done.value().batch->sha256);
        CHECK(db->billing().undelivered().value().empty());
        CHECK(db->check().value().ok);
    }
}

TEST_CASE("a delivery record removed outside the program: the batch is not written again, db check names it") {
    // Found from outside: with the sqlite3 shell (triggers off) the delivery row of batch 1 was deleted after the
    // billing system had taken its file; the next export wrote it again, byte-identical, for a second pickup, and
    // db check --full said ok.
    test::TempDir folder;
    const auto file = folder.path() / "clinic.db";
    Clinic c(storage::DatabaseLocation::sqlite_file(file));
    {
        auto db = c.open();
        auto done = app::write_export(db->billing(), test::repo_config(), c.request("out.csv"),
                                      {"billing.chen", "2026-04-02T08:00:00Z"}, {});
        REQUIRE(done.ok());
        REQUIRE(done.value().batch);
    }
    std::filesystem::rename(c.dir / "out.csv", c.dir / "picked-up.csv");  // the billing system took it
    REQUIRE(test::shell_without_triggers(file, "DELETE FROM export_deliveries WHERE batch_id = 1") == "");
    auto db = c.open();
    const auto pending = db->billing().undelivered();
    REQUIRE_FALSE(pending.ok());
    CHECK(pending.error().kind == core::ErrorKind::corrupt);
    CHECK(pending.error().message.find("export batch 1 was delivered") != std::string::npos);
    const auto next = app::write_export(db->billing(), test::repo_config(), c.request("next.csv"),
                                        {"billing.chen", "2026-04-03T08:00:00Z"}, {});
    CHECK_FALSE(next.ok());
    CHECK_FALSE(std::filesystem::exists(c.dir / "out.csv"));  // not written again
    CHECK_FALSE(app::rewrite_batch(db->billing(), test::repo_config(), 1, c.dir / "by-hand.csv").ok());  // nor by hand
    CHECK_FALSE(std::filesystem::exists(c.dir / "by-hand.csv"));
    for (const auto depth : {storage::CheckDepth::quick, storage::CheckDepth::full}) {
        const auto report = db->check(depth).value();
        CHECK_FALSE(report.ok);
        bool named = false;
        for (const auto& f : report.findings)
            named = named || f.find("export batch 1 was delivered") != std::string::npos;
        CHECK(named);
    }
}

TEST_CASE(
    "a delivery record written outside the program for a batch that never landed: db check and the export say so") {
    // Found from outside: a delivery row inserted with triggers off made a batch whose file was never written read as
    // delivered, so its lines never reached billing; db check --full said ok.
    test::TempDir folder;
    const auto file = folder.path() / "clinic.db";
    Clinic c(storage::DatabaseLocation::sqlite_file(file));
    c.export_killed_before_rename("lost.csv");
    std::string sha;
    {
        auto db = c.open();
        const auto pending = db->billing().undelivered().value();
        REQUIRE(pending.size() == 1);
        sha = pending[0].sha256;
    }
    REQUIRE(test::shell_without_triggers(file,
                                         "INSERT INTO export_deliveries VALUES (1, '2026-04-01T12:00:05Z', "
                                         "'billing.chen', '" +
                                             (c.dir / "lost.csv").string() + "', '" + sha + "')") == "");
    auto db = c.open();
    const auto pending = db->billing().undelivered();
    REQUIRE_FALSE(pending.ok());
    CHECK(pending.error().message.find("export batch 1 has a delivery record the audit log does not hold") !=
          std::string::npos);
    for (const auto depth : {storage::CheckDepth::quick, storage::CheckDepth::full}) {
        const auto report = db->check(depth).value();
        CHECK_FALSE(report.ok);
        bool named = false;
        for (const auto& f : report.findings) named = named || f.find("export batch 1 has a delivery record") == 0;
        CHECK(named);
    }
}
