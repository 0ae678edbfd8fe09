// `infusiondoc visits print` in-process: the options a user gets wrong are refused with exit 2 and a
// message, nothing written; a good call writes the PDF pdftotext reads back.
#include "storage/sqlite_database.hpp"
#include "support/cli_run.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>

using namespace infusion;

namespace {

struct Workspace {
    std::filesystem::path dir;
    Workspace() {
        static std::atomic<int> counter{0};
        dir = std::filesystem::temp_directory_path() /
              ("infusiondoc-print-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        test::TestClinic tc("2026-03-02T16:10:00Z", storage::SqliteDatabase::open(dir / "clinic.db").value());
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        const auto id = tc.clinic().visits().create(nurse, test::sample_visit()).value();
        REQUIRE(tc.clinic().visits().sign(nurse, id).value().signed_visit);
    }
    ~Workspace() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;
    test::CliRun run(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--db", (dir / "clinic.db").string(), "--config",
                                   std::string(INFUSIONDOC_SOURCE_DIR) + "/config"});
        return test::run_cli(std::move(args));
    }
};

}  // namespace

TEST_CASE("visits print: ids or --patient with dates, --out required, and the file pdftotext reads") {
    Workspace w;
    const auto out = (w.dir / "record.pdf").string();
    const auto both = w.run({"visits", "print", "1", "--patient", "MRN-004211", "--out", out});
    CHECK(both.status == 2);
    CHECK(both.err.find("give visit ids, or --patient with --from and --to (not both)") != std::string::npos);
    const auto no_dates = w.run({"visits", "print", "--patient", "MRN-004211", "--out", out});
    CHECK(no_dates.status == 2);
    CHECK(no_dates.err.find("--patient needs --from and --to") != std::string::npos);
    const auto bad_date = w.run(
        {"visits", "print", "--patient", "MRN-004211", "--from", "2026-02-30", "--to", "2026-03-31", "--out", out});
    CHECK(bad_date.status == 2);
    const auto missing = w.run({"visits", "print", "7", "--out", out});
    CHECK(missing.status == 2);
    CHECK(missing.err.find("visit 7") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out));

    const auto done = w.run({"visits", "print", "1", "--out", out});
    REQUIRE(done.status == 0);
    CHECK(done.out == "wrote " + out + ": 1 visit record\n");
    FILE* pipe = popen(("pdftotext '" + out + "' -").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string text;
    char buffer[4096];
    while (auto n = std::fread(buffer, 1, sizeof buffer, pipe)) text.append(buffer, n);
    pclose(pipe);
    CHECK(text.find("MRN-004211") != std::string::npos);
    CHECK(text.find("J1559") != std::string::npos);

    const auto range = w.run(
        {"visits", "print", "--patient", "MRN-004211", "--from", "2026-03-01", "--to", "2026-03-31", "--out", out});
    REQUIRE(range.status == 0);
    CHECK(range.out == "wrote " + out + ": 1 visit record\n");
}

TEST_CASE("visits print --out the clinic's own database is refused: the database stays whole and opens") {
    // Found from outside: the print saved its PDF over clinic.db, and every later command said "not an
    // SQLite file". Printing again over an earlier PDF still works (the case above).
    Workspace w;
    const auto db = (w.dir / "clinic.db").string();
    const auto refused = w.run({"visits", "print", "1", "--out", db});
    CHECK(refused.status != 0);
    CHECK(refused.err.find("a file of another kind has this name") != std::string::npos);
    const auto listed = w.run({"visits", "list"});
    CHECK(listed.status == 0);
    CHECK(listed.out.find("MRN-004211") != std::string::npos);
}
