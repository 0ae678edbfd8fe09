// `infusiondoc import` into a database file that does not exist: found from outside, a mistyped --db made its
// folders and a new database, and the visits were reported imported into it. A new database is still made in
// an existing folder (scripts rely on it), and the import says so on stderr; a missing folder is refused.
#include "support/cli_run.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace infusion;

namespace {

// A folder of its own, removed afterwards.
struct Folder {
    Folder() {
        static std::atomic<int> counter{0};
        path = std::filesystem::temp_directory_path() /
               ("infusiondoc-import-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~Folder() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    Folder(const Folder&) = delete;
    Folder& operator=(const Folder&) = delete;
    std::filesystem::path path;
};

const std::string config = std::string(INFUSIONDOC_SOURCE_DIR) + "/config";
const std::string example = std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/cuvitru-two-pumps.toml";

// The example visit (MRN-002218, Okonkwo, Ada, 2026-09-21) written to `folder/file` under patient `id` and `name`,
// on `day` (another date, so that it is not the example's infusion imported twice).
std::string example_as(const Folder& folder, const std::string& file, const std::string& id, const std::string& name,
                       const std::string& day) {
    std::ifstream in(example);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto replace = [&](const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    replace("\"MRN-002218\"", "\"" + id + "\"");
    replace("name = \"Okonkwo, Ada\"", "name = \"" + name + "\"");
    for (auto d = text.find("2026-09-21"); d != std::string::npos; d = text.find("2026-09-21", d)) {
        text.replace(d, 10, day);
    }
    const auto path = folder.path / file;
    std::ofstream(path) << text;
    return path.string();
}

}  // namespace

TEST_CASE("import into a --db whose folder does not exist makes nothing and says the path may be mistyped") {
    Folder dir;
    const auto db = dir.path / "clinc" / "records" / "clinic.db";  // a typo: "clinc"
    const auto r = test::run_cli({"--config", config, "--db", db.string(), "import", example});
    CHECK(r.status == 2);
    CHECK(r.out.find("imported as visit") == std::string::npos);
    CHECK(r.err.find("does not exist (is --db mistyped?); nothing was created or imported") != std::string::npos);
    CHECK(r.err.find(db.string()) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path / "clinc"));
}

TEST_CASE("import into a new file in an existing folder makes the database and says so") {
    Folder dir;
    const auto db = dir.path / "new.db";
    const auto r = test::run_cli({"--config", config, "--db", db.string(), "import", example});
    CHECK(r.status == 0);
    CHECK(r.out.find("imported as visit 1, draft") != std::string::npos);
    CHECK(r.err.find("there was no database at " + db.string() + ": a new one was made for these visits") !=
          std::string::npos);
    CHECK(std::filesystem::exists(db));
    // The next import into it says nothing of the kind.
    const auto again = test::run_cli({"--config", config, "--db", db.string(), "import",
                                      std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml"});
    CHECK(again.status == 0);
    CHECK(again.err.find("a new one was made") == std::string::npos);
}

TEST_CASE("on a database with no users, --user is nobody's word: the audit log names the actor unverified") {
    // Found from outside: a wrong password was taken, and the audit log named 'sup.nakamura' (or 'mallory')
    // as the one who created the visits.
    Folder dir;
    const auto db = dir.path / "new.db";
    const auto r = test::run_cli({"--config", config, "--db", db.string(), "--user", "mallory", "import", example});
    CHECK(r.status == 0);
    CHECK(
        r.err.find("the database has no users yet, so nobody signs in: 'mallory' is recorded as unverified:mallory") !=
        std::string::npos);
    const auto report = test::run_cli(
        {"--config", config, "--db", db.string(), "audit", "report", "--from", "2000-01-01", "--to", "2100-12-31"});
    REQUIRE(report.status == 0);
    CHECK(report.out.find("unverified:mallory") != std::string::npos);
    CHECK(report.out.find(" mallory ") == std::string::npos);
}

TEST_CASE("an empty file is not a database: db check refuses it, and import will not start a log over a lost one") {
    // Found from outside: a zero-byte file (what a failed copy leaves) became a new, empty database, and
    // `db check` said "ok, 0 visits".
    Folder dir;
    const auto db = dir.path / "copy.db";
    { std::ofstream touch(db); }
    const auto check = test::run_cli({"--config", config, "--db", db.string(), "db", "check"});
    CHECK(check.status == 2);
    CHECK(check.err.find("an empty file (0 bytes), not an InfusionDoc database") != std::string::npos);
    CHECK(std::filesystem::file_size(db) == 0);
    // A database with rows in its log, then emptied: its head file still names them.
    const auto made = dir.path / "clinic.db";
    REQUIRE(test::run_cli({"--config", config, "--db", made.string(), "import", example}).status == 0);
    { std::ofstream truncate(made, std::ios::trunc); }
    std::filesystem::remove(made.string() + "-wal");
    std::filesystem::remove(made.string() + "-shm");
    const auto r = test::run_cli({"--config", config, "--db", made.string(), "import", example});
    CHECK(r.status == 2);
    CHECK(r.err.find("whose chain head file beside it names") != std::string::npos);
    CHECK(r.err.find("Restore the database from its backup") != std::string::npos);
    CHECK(std::filesystem::file_size(made) == 0);
}

TEST_CASE("a file refused for its patient id says where, and does not speak of the other files as lost") {
    // Found from outside: "visit 1 of the batch: ...; nothing of the batch was saved", no line, while the
    // next file of the same import was imported.
    Folder dir;
    const auto db = dir.path / "clinic.db";
    std::ifstream in(example);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string id_line = "id = \"MRN-002218\"";
    const auto at = text.find(id_line);
    REQUIRE(at != std::string::npos);
    text.replace(at, id_line.size(), "id = \"MRN-\\u0007NEW\"");
    const auto bad = dir.path / "bell.toml";
    std::ofstream(bad) << text;
    const auto r = test::run_cli({"--config", config, "--db", db.string(), "import", bad.string(),
                                  std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml"});
    CHECK(r.status == 2);
    CAPTURE(r.err);
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    CHECK(r.err.find(bad.string() + ":" + std::to_string(line) + ":") != std::string::npos);
    CHECK(r.err.find("patient.id: the patient id") != std::string::npos);
    CHECK(r.err.find("of the batch") == std::string::npos);
    CHECK(r.out.find("hizentra-two-sites.toml: imported as visit 1") != std::string::npos);
}

TEST_CASE("a new database's demo data is audited as the program's ('demo-data'), not as whoever ran it") {
    // Found from outside: the demo visits' trail read "cli create", "cli sign" beside visits signed by the
    // demo nurses.
    Folder dir;
    const auto db = dir.path / "demo.db";
    REQUIRE(test::run_cli({"--config", config, "--db", db.string(), "demo-data", "--visits", "5"}).status == 0);
    const auto password = dir.path / "admin.pw";
    std::ofstream(password) << "admin-demo-1\n";
    std::filesystem::permissions(password, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);
    const auto report =
        test::run_cli({"--config", config, "--db", db.string(), "--user", "admin", "--password-file", password.string(),
                       "audit", "report", "--from", "2000-01-01", "--to", "2100-12-31"});
    REQUIRE(report.status == 0);
    CHECK(report.out.find("demo-data") != std::string::npos);
    CHECK(report.out.find("unverified:") == std::string::npos);
    CHECK(report.out.find(" cli ") == std::string::npos);
    // The demo accounts' password hashes are kept as facts, never written into the log (docs/users.md).
    CHECK(report.out.find("demo-password:admin") != std::string::npos);
    CHECK(report.out.find("$argon2") == std::string::npos);
}

TEST_CASE("a file naming the patient's id in other letters' case is imported as the patient on record, and says so") {
    // Found from outside: "mrn-999001" made a second patient, without her allergies, birth date or site history.
    Folder dir;
    const auto db = dir.path / "clinic.db";
    REQUIRE(test::run_cli({"--config", config, "--db", db.string(), "import", example}).status == 0);
    const auto next = example_as(dir, "next-week.toml", "mrn-002218", "Okonkwo, Ada", "2026-09-22");  // next week's
    const auto r = test::run_cli({"--config", config, "--db", db.string(), "import", next});
    CHECK(r.status == 0);
    CHECK(r.out.find("patient: the file's patient id 'mrn-002218' is MRN-002218 on record: imported under "
                     "MRN-002218") != std::string::npos);
    const auto list = test::run_cli({"--config", config, "--db", db.string(), "visits", "list"});
    CHECK(list.out.find("mrn-002218") == std::string::npos);
    CHECK(std::count(list.out.begin(), list.out.end(), '\n') == 3);  // the header and both visits
}

TEST_CASE("import: another patient's name under a new id, or given by a rename, is said and exits 1") {
    // Found from outside: both were imported with exit 0, and the rename said nothing at all.
    Folder dir;
    const auto db = dir.path / "clinic.db";
    REQUIRE(test::run_cli({"--config", config, "--db", db.string(), "import", example}).status == 0);
    const auto namesake = example_as(dir, "namesake.toml", "MRN-002219", "ADA  okonkwo", "2026-09-22");
    const auto r = test::run_cli({"--config", config, "--db", db.string(), "import", namesake});
    CHECK(r.status == 1);
    CHECK(r.out.find("patient: 'ADA  okonkwo' is also on record under MRN-002218") != std::string::npos);
    CHECK(r.out.find(": imported as a new patient MRN-002219; check the id") != std::string::npos);

    // A third patient, renamed to the first one's name with --rename-patients.
    const auto third = example_as(dir, "third.toml", "MRN-002220", "Adeyemi, Tunde", "2026-09-23");
    REQUIRE(test::run_cli({"--config", config, "--db", db.string(), "import", third}).status == 0);
    const auto renamed = example_as(dir, "renamed.toml", "MRN-002220", "Okonkwo, Ada", "2026-09-24");
    const auto r2 = test::run_cli({"--config", config, "--db", db.string(), "import", "--rename-patients", renamed});
    CHECK(r2.status == 1);
    CHECK(r2.out.find("patient: MRN-002220 renamed on record: Adeyemi, Tunde -> Okonkwo, Ada") != std::string::npos);
    CHECK(r2.out.find("the patient MRN-002220 was renamed to it all the same; check the id") != std::string::npos);
}

TEST_CASE("import: the record's name in other case, spacing or order is the patient on record, under its spelling") {
    // Found from outside: "layla   YILMAZ" for Yilmaz, Layla was refused as another name (exit 2), though the
    // namesake check takes such names for one.
    Folder dir;
    const auto db = dir.path / "clinic.db";
    REQUIRE(test::run_cli({"--config", config, "--db", db.string(), "import", example}).status == 0);
    const auto next = example_as(dir, "next.toml", "MRN-002218", "ADA   okonkwo", "2026-09-22");
    const auto r = test::run_cli({"--config", config, "--db", db.string(), "import", next});
    CHECK(r.status == 0);
    CHECK(r.out.find("patient: the file's name 'ADA   okonkwo' is Okonkwo, Ada on record: imported under the "
                     "record's spelling") != std::string::npos);
    const auto list = test::run_cli({"--config", config, "--db", db.string(), "visits", "list"});
    CHECK(list.out.find("ADA") == std::string::npos);
}
