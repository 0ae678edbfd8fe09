// The program under a file size limit (`ulimit -f`): a write that would pass it fails with its message,
// exit 2, and nothing half-written stays. SIGXFSZ killed import and export with exit 153 and no word
// (found from outside).
#include "storage/store_fixture.hpp"
#include "support/child_process.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

using namespace infusion;

TEST_CASE("an export that reaches the file size limit says so, exit 2, and leaves no file and no batch") {
    test::TempDir dir;
    const std::string config = std::string(INFUSIONDOC_SOURCE_DIR) + "/config";
    const std::string file = (dir.path() / "clinic.db").string();
    std::string said;
    REQUIRE(test::run_to_end({INFUSIONDOC_BINARY, "--config", config, "--db", file, "demo-data", "--visits", "400"},
                             said) == 0);
    const std::string password = (dir.path() / "biller.pw").string();
    std::ofstream(password) << "biller-demo-1\n";
    std::filesystem::permissions(password, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);
    const std::string out = (dir.path() / "lines.csv").string();
    const std::string export_command = std::string("ulimit -f 64; exec '") + INFUSIONDOC_BINARY + "' --config '" +
                                       config + "' --db '" + file + "' --user billing.chen --password-file '" +
                                       password + "' export --from 2000-01-01 --to 2100-12-31 --format csv --out '" +
                                       out + "'";
    said.clear();
    CHECK(test::run_to_end({"/bin/sh", "-c", export_command}, said) == 2);
    CAPTURE(said);
    CHECK(said.find("File too large") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out));
    // Nothing was recorded as exported: the same export without the limit writes every line.
    said.clear();
    CHECK(test::run_to_end(
              {INFUSIONDOC_BINARY, "--config", config, "--db", file, "--user", "billing.chen", "--password-file",
               password, "export", "--from", "2000-01-01", "--to", "2100-12-31", "--format", "csv", "--out", out},
              said) == 0);
    CHECK(std::filesystem::file_size(out) > 64 * 512);
}
