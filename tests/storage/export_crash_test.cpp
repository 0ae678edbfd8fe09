// Killing `infusiondoc export` at any moment: no line is lost and none goes out twice.
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/child_process.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

using namespace infusion;

namespace {

int run(const std::vector<std::string>& args) {
    auto [pid, out] = test::spawn(args);
    char buffer[4096];
    std::string text;
    while (std::fgets(buffer, sizeof buffer, out) != nullptr) text += buffer;
    std::fclose(out);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code > 1) MESSAGE(args.back() << ": exit " << code << "\n" << text);
    return code;
}

}  // namespace

TEST_CASE("kill -9 during exports: batches are whole, lines go out exactly once, db check passes") {
    test::TempDir dir;
    const std::string db = (dir.path() / "clinic.db").string();
    // demo-data creates the demo users; the biller signs in with a password file only she can read.
    const auto password = dir.path() / "biller.pw";
    std::ofstream(password) << "biller-demo-1\n";
    std::filesystem::permissions(password, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const std::vector<std::string> base{INFUSIONDOC_BINARY,
                                        "--config",
                                        std::string(INFUSIONDOC_SOURCE_DIR) + "/config",
                                        "--db",
                                        db,
                                        "--user",
                                        "billing.chen",
                                        "--password-file",
                                        password.string()};
    auto with = [&](std::vector<std::string> extra) {
        auto args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    };
    REQUIRE(run(with({"demo-data", "--visits", "3000", "--days", "30"})) == 0);
    const auto today =
        std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    const std::string from = core::format_date(std::chrono::sys_days{today} - std::chrono::days{40});
    const std::string to = core::format_date(today);

    // Kill exports at growing delays: some die before their commit, some after.
    for (int attempt = 0; attempt < 6; ++attempt) {
        const auto file = dir.path() / ("killed-" + std::to_string(attempt) + ".csv");
        auto [pid, out] = test::spawn(with({"export", "--from", from, "--to", to, "--out", file.string()}));
        std::this_thread::sleep_for(std::chrono::milliseconds(15 + 40 * attempt));
        ::kill(pid, SIGKILL);
        std::fclose(out);
        int status = 0;
        ::waitpid(pid, &status, 0);
    }
    // Then one export that runs to the end takes whatever is left.
    REQUIRE(run(with({"export", "--from", from, "--to", to, "--out", (dir.path() / "final.csv").string()})) <= 1);

    auto database = storage::SqliteDatabase::open(db).value();
    CHECK(database->check().value().ok);
    // Every billable line of the range is in exactly one batch, and each batch's file (when its rename
    // happened) is the one recorded.
    std::int64_t exported = 0;
    for (const auto& batch : database->billing().batches(100).value()) {
        exported += batch.line_count;
        const auto rewritten = dir.path() / ("check-" + std::to_string(batch.id) + ".csv");
        // Replaying gives the recorded SHA-256: the batch holds exactly what was written.
        REQUIRE(run(with({"export", "--batch", std::to_string(batch.id), "--out", rewritten.string()})) == 0);
    }
    // A re-export writes the batch as recorded: options that cannot apply to it are refused, not ignored
    // (a --dry-run that wrote the whole batch into a pickup folder would deliver it twice).
    for (const std::vector<std::string>& extra :
         {std::vector<std::string>{"--dry-run"}, std::vector<std::string>{"--format", "hl7"},
          std::vector<std::string>{"--from", from, "--to", to}}) {
        const auto refused = dir.path() / "refused.csv";
        auto args = with({"export", "--batch", "1", "--out", refused.string()});
        args.insert(args.end(), extra.begin(), extra.end());
        CAPTURE(extra.front());
        CHECK(run(args) == 2);
        CHECK_FALSE(std::filesystem::exists(refused));
    }
    const auto totals = database->billing().totals(*core::parse_date(from), *core::parse_date(to)).value();
    CHECK(exported == totals.lines);
    // Nothing is pending any more.
    REQUIRE(run(with({"export", "--from", from, "--to", to, "--dry-run"})) <= 1);
    std::int64_t pending = 0;
    storage::ExportSelection all{*core::parse_date(from), *core::parse_date(to), {}, {}};
    storage::ExportCallbacks count;
    count.row = [&](const storage::ExportRow&) {
        ++pending;
        return true;
    };
    REQUIRE(database->billing().export_pending(all, "csv", {"t", "t"}, true, count).ok());
    CHECK(pending == 0);
}
