// Ids and counts on the command line are decimal: "010" is visit 10, never octal 8 (found from outside:
// `visits show 010` showed visit 8, `export --batch 0x1` wrote batch 1, a 20-digit id was clamped).
#include "storage/sqlite_database.hpp"
#include "support/cli_run.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

using namespace infusion;

namespace {

struct EightVisits {
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("infusiondoc-numbers-" + std::to_string(::getpid()) + "-" + std::to_string(next()));
    std::string db = (dir / "clinic.db").string();
    static int next() {
        static std::atomic<int> counter{0};
        return counter++;
    }
    EightVisits() {
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        test::TestClinic tc("2026-03-02T16:10:00Z", storage::SqliteDatabase::open(db).value());
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        for (int i = 0; i < 8; ++i) REQUIRE(tc.clinic().visits().create(nurse, test::sample_visit()).ok());
    }
    ~EightVisits() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    EightVisits(const EightVisits&) = delete;
    EightVisits& operator=(const EightVisits&) = delete;
    [[nodiscard]] test::CliRun run(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--db", db, "--config", std::string(INFUSIONDOC_SOURCE_DIR) + "/config"});
        return test::run_cli(std::move(args));
    }
};

}  // namespace

TEST_CASE("a visit id with leading zeros is read in decimal: 010 is visit 10, 08 is visit 8") {
    EightVisits w;
    const auto ten = w.run({"visits", "show", "010"});
    CHECK(ten.status != 0);
    CHECK(ten.err.find("visit 10") != std::string::npos);
    CHECK(ten.out.find("Visit 8") == std::string::npos);
    const auto eight = w.run({"visits", "show", "08"});
    REQUIRE(eight.status == 0);
    CHECK(eight.out.find("Visit 8 - draft") == 0);
}

TEST_CASE("ids and counts that are not decimal whole numbers in range are refused, naming the option") {
    EightVisits w;
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const std::vector<Case> cases{
        {{"visits", "show", "0x1"}, "ID: '0x1' is not a whole number in decimal digits (1 or more)"},
        {{"visits", "show", ""}, "ID: '' is not a whole number in decimal digits"},
        {{"visits", "show", "-3"}, "is not a whole number in decimal digits"},
        {{"visits", "show", "0"}, "ID: '0' is out of range (1 or more)"},
        {{"visits", "show", "99999999999999999999"}, "ID: '99999999999999999999' is too large"},
        {{"visits", "list", "--limit", "10001"}, "--limit: '10001' is too large (1 to 10000)"},
        {{"export", "--batch", "0"}, "--batch: '0' is out of range (1 or more)"},
        {{"export", "batches", "--limit", "0"}, "--limit: '0' is out of range"},
        {{"audit", "report", "--visit", "1e3", "--from", "2026-01-01", "--to", "2026-12-31"},
         "--visit: '1e3' is not a whole number"},
        {{"visits", "print", "1", "0b1", "--out", "x.pdf"}, "ID: '0b1' is not a whole number"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.message);
        const auto r = w.run(c.args);
        CHECK(r.status == 2);
        CHECK(r.err.find(c.message) != std::string::npos);
    }
    CHECK_FALSE(std::filesystem::exists("x.pdf"));
}

TEST_CASE("visits list: a reversed range and a cursor that is not DATE:ID are refused, not an empty page") {
    EightVisits w;
    const auto reversed = w.run({"visits", "list", "--from", "2026-12-31", "--to", "2026-01-01"});
    CHECK(reversed.status == 2);
    CHECK(reversed.err.find("--to is before --from") != std::string::npos);
    for (const std::string cursor : {"2026-02-30:5", ":x", "2026-03-02:", "2026-03-02:-1"}) {
        CAPTURE(cursor);
        const auto r = w.run({"visits", "list", "--after", cursor});
        CHECK(r.status == 2);
        CHECK(r.err.find("is not DATE:ID as printed for the next page") != std::string::npos);
    }
    const auto page = w.run({"visits", "list", "--limit", "3"});
    REQUIRE(page.status == 0);
    const auto more = page.out.find("more: --after ");
    REQUIRE(more != std::string::npos);
    const std::string next = page.out.substr(more + 14, page.out.find('\n', more) - more - 14);
    const auto second = w.run({"visits", "list", "--limit", "3", "--after", next});
    CHECK(second.status == 0);
    CHECK(second.out.find("more: --after ") != std::string::npos);  // 8 visits: a third page follows
}

TEST_CASE("an unknown command word is named with the commands there are, not 'A subcommand is required'") {
    EightVisits w;
    const auto frob = w.run({"visits", "frob"});
    CHECK(frob.status == 2);
    CHECK(frob.err.find("'frob' is not a command of 'visits'; it has: list, show, print") != std::string::npos);
    const auto bare = w.run({"db"});
    CHECK(bare.status == 2);
    CHECK(bare.err.find("'db' needs a command: check, accept-config, backup, migrate") != std::string::npos);
    // Other mistakes keep CLI11's own message.
    const auto option = w.run({"visits", "list", "--bogus"});
    CHECK(option.status == 2);
    CHECK(option.err.find("--bogus") != std::string::npos);
}

TEST_CASE("options that do not go together, or name nothing, are refused rather than ignored") {
    EightVisits w;
    const auto dates = w.run({"visits", "print", "7", "--from", "2020-01-01", "--out", w.dir.string() + "/x.pdf"});
    CHECK(dates.status == 2);
    CHECK(dates.err.find("--from and --to go with --patient") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(w.dir / "x.pdf"));
    const auto backup = w.run({"db", "backup", ""});
    CHECK(backup.status == 2);
    CHECK(backup.err.find("PATH is empty") != std::string::npos);
}
