// A file written whole or not at all (app/atomic_file.hpp): an export's or a re-export's file appears
// under its name only when every byte is on disk, and a program killed while writing leaves nothing in
// the folder, where a billing system's pickup would otherwise find a half-written file.
#include "app/atomic_file.hpp"
#include "storage/store_fixture.hpp"
#include "support/child_process.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <vector>

using namespace infusion;

namespace {

std::vector<std::string> names_in(const std::filesystem::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
}

int mode_of(const std::filesystem::path& file) {
    struct stat st {};
    return ::stat(file.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

// Writes 256 KiB to an AtomicFile at `target` in a child process, which kills itself with SIGKILL after
// the bytes are flushed and before the file is published: the worst moment.
void write_then_killed(const std::filesystem::path& target, bool unnamed_first) {
    test::run_until_killed([&] {
        auto file = app::AtomicFile::create(target, unnamed_first);
        if (!file) return;
        const std::string chunk(64 * 1024, 'x');
        for (int i = 0; i < 4; ++i) {
            if (!file.value().write(chunk)) return;
        }
        if (file.value().sync()) ::raise(SIGKILL);
    });
}

}  // namespace

TEST_CASE("a finished file appears under its name whole and owner-only, and not before") {
    test::TempDir dir;
    const mode_t old_mask = ::umask(022);
    auto file = app::AtomicFile::create(dir.path() / "batch.csv");
    ::umask(old_mask);
    REQUIRE(file.ok());
    const bool unnamed = test::unnamed_files_in(dir.path());
    if (!unnamed) MESSAGE("the temporary folder's file system has no O_TMPFILE: checking FILE.partial's way");
    CHECK(file.value().unnamed() == unnamed);
    REQUIRE(file.value().write("header\r\n").ok());
    REQUIRE(file.value().write("line 1\r\n").ok());
    REQUIRE(file.value().sync().ok());
    // Nothing for a pickup to take yet, not even a partial file where the file system allows.
    CHECK(names_in(dir.path()) ==
          (unnamed ? std::vector<std::string>{} : std::vector<std::string>{"batch.csv.partial"}));
    REQUIRE(file.value().publish().ok());
    CHECK(names_in(dir.path()) == std::vector<std::string>{"batch.csv"});
    CHECK(test::file_bytes(dir.path() / "batch.csv") == "header\r\nline 1\r\n");
    CHECK(mode_of(dir.path() / "batch.csv") == 0600);
}

TEST_CASE("a file dropped before it is published leaves the folder as it was, either way") {
    for (const bool unnamed_first : {true, false}) {
        CAPTURE(unnamed_first);
        test::TempDir dir;
        {
            auto file = app::AtomicFile::create(dir.path() / "batch.csv", unnamed_first);
            REQUIRE(file.ok());
            CHECK(file.value().unnamed() == (unnamed_first && test::unnamed_files_in(dir.path())));
            REQUIRE(file.value().write("half a batch").ok());
        }
        CHECK(names_in(dir.path()).empty());
    }
}

TEST_CASE("a name taken while the file was written is left untouched, and the error says so") {
    test::TempDir dir;
    const auto target = dir.path() / "batch.csv";
    auto file = app::AtomicFile::create(target);
    REQUIRE(file.ok());
    REQUIRE(file.value().write("our batch\n").ok());
    std::ofstream(target) << "someone else's file\n";
    auto published = file.value().publish();
    REQUIRE_FALSE(published.ok());
    CHECK(published.error().describe().find("left untouched") != std::string::npos);
    CHECK(published.error().describe().find(target.string()) != std::string::npos);
    CHECK(test::file_bytes(target) == "someone else's file\n");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"batch.csv"});
    // And a name already taken is refused before anything is written.
    auto again = app::AtomicFile::create(target);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().describe().find("already exists") != std::string::npos);
}

TEST_CASE("a link under the name is refused before anything is written, even when its target is missing") {
    test::TempDir dir;
    const auto dangling = dir.path() / "dangling.csv";
    std::filesystem::create_symlink(dir.path() / "nowhere.csv", dangling);
    auto file = app::AtomicFile::create(dangling);
    REQUIRE_FALSE(file.ok());
    CHECK(file.error().describe().find("a link to a missing file has this name") != std::string::npos);
    std::ofstream(dir.path() / "there.csv") << "kept\n";
    const auto live = dir.path() / "live.csv";
    std::filesystem::create_symlink(dir.path() / "there.csv", live);
    auto again = app::AtomicFile::create(live);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().describe().find("already exists") != std::string::npos);
    CHECK(names_in(dir.path()) == std::vector<std::string>{"dangling.csv", "live.csv", "there.csv"});
    CHECK(test::file_bytes(dir.path() / "there.csv") == "kept\n");
}

TEST_CASE("kill -9 while the file is written: nothing is left in the folder") {
    test::TempDir dir;
    if (test::unnamed_files_in(dir.path())) {
        write_then_killed(dir.path() / "batch.csv", true);
        CHECK(names_in(dir.path()).empty());
    } else {
        MESSAGE("the temporary folder's file system has no O_TMPFILE: only FILE.partial's way is checked");
    }
    // Where a file without a name is not possible (a network share), the partial file stays behind under
    // a name no pickup takes for a finished batch, and the next file of that name replaces it.
    write_then_killed(dir.path() / "share.csv", false);
    CHECK(names_in(dir.path()) == std::vector<std::string>{"share.csv.partial"});
    auto next = app::AtomicFile::create(dir.path() / "share.csv", false);
    REQUIRE(next.ok());
    REQUIRE(next.value().write("whole\n").ok());
    REQUIRE(next.value().publish().ok());
    CHECK(names_in(dir.path()) == std::vector<std::string>{"share.csv"});
    CHECK(test::file_bytes(dir.path() / "share.csv") == "whole\n");
}

TEST_CASE("a replacing file takes an older one's place whole, and killed before that the older one stays as it was") {
    test::TempDir dir;
    const auto target = dir.path() / "visit.pdf";
    std::ofstream(target) << "%PDF- the last print\n";
    test::run_until_killed([&] {
        auto file = app::AtomicFile::create_replacing(target, "%PDF-");
        if (file && file.value().write("half of the next print") && file.value().sync()) ::raise(SIGKILL);
    });
    CHECK(test::file_bytes(target) == "%PDF- the last print\n");
    if (test::unnamed_files_in(dir.path())) CHECK(names_in(dir.path()) == std::vector<std::string>{"visit.pdf"});

    auto file = app::AtomicFile::create_replacing(target, "%PDF-");
    REQUIRE(file.ok());
    REQUIRE(file.value().write("the next print\n").ok());
    CHECK(test::file_bytes(target) == "%PDF- the last print\n");  // not before it is published
    REQUIRE(file.value().publish().ok());
    CHECK(test::file_bytes(target) == "the next print\n");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"visit.pdf"});
    CHECK(mode_of(target) == 0600);
    // A folder of that name is refused, not replaced.
    std::filesystem::create_directory(dir.path() / "records");
    auto folder = app::AtomicFile::create_replacing(dir.path() / "records", "%PDF-");
    REQUIRE_FALSE(folder.ok());
    CHECK(folder.error().describe().find("a folder has this name") != std::string::npos);
}

TEST_CASE("a replacing file saves over an earlier file of its kind only: a database, an export or a device stays") {
    // `visits print --out clinic.db` turned the clinic's database into a PDF, and as root /dev/null too.
    test::TempDir dir;
    const auto database = dir.path() / "clinic.db";
    std::ofstream(database) << std::string("SQLite format 3\0", 16) << "pages";
    const auto export_file = dir.path() / "billing.csv";
    std::ofstream(export_file) << "transaction_id,batch_id\r\n";
    const auto link = dir.path() / "link.pdf";
    std::filesystem::create_symlink(dir.path() / "missing.pdf", link);
    for (const auto& path : {database, export_file}) {
        CAPTURE(path);
        const auto before = test::file_bytes(path);
        auto file = app::AtomicFile::create_replacing(path, "%PDF-");
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().describe().find("a file of another kind has this name") != std::string::npos);
        CHECK(test::file_bytes(path) == before);
    }
    for (const auto& path : {link, std::filesystem::path("/dev/null")}) {
        CAPTURE(path);
        auto file = app::AtomicFile::create_replacing(path, "%PDF-");
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().describe().find("something other than a file has this name") != std::string::npos);
    }
    CHECK(std::filesystem::is_character_file("/dev/null"));
    CHECK(std::filesystem::is_symlink(link));
    // An empty file is not an earlier PDF either (a file made by hand, or by another program).
    std::ofstream(dir.path() / "empty.pdf").close();
    CHECK_FALSE(app::AtomicFile::create_replacing(dir.path() / "empty.pdf", "%PDF-").ok());
}

TEST_CASE("a name too long for its folder is refused before anything is written, saying how long it may be") {
    // An export found it only at the link, after its batch was recorded: the batch stayed undelivered.
    test::TempDir dir;
    const auto too_long = dir.path() / (std::string(252, 'e') + ".csv");  // 256 bytes
    auto refused = app::AtomicFile::create(too_long);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().describe().find("the file name is too long for its folder (256 bytes; at most 255 here)") !=
          std::string::npos);
    // 250 bytes: a new file takes it; a replacing one, which goes by NAME.partial first, cannot.
    const auto long_name = dir.path() / (std::string(246, 'e') + ".pdf");
    if (test::unnamed_files_in(dir.path())) CHECK(app::AtomicFile::create(long_name).ok());
    auto replacing = app::AtomicFile::create_replacing(long_name, "%PDF-");
    REQUIRE_FALSE(replacing.ok());
    CHECK(replacing.error().describe().find("(250 bytes; at most 247 here)") != std::string::npos);
    CHECK(names_in(dir.path()).empty());
}

TEST_CASE("a folder under the name is refused as a folder, not as a file that already exists") {
    // Found from outside: exporting to the export folder itself said "the file already exists".
    test::TempDir dir;
    auto file = app::AtomicFile::create(dir.path());
    REQUIRE_FALSE(file.ok());
    CHECK(file.error().describe().find("a folder has this name; choose a file name in it") != std::string::npos);
    CHECK(names_in(dir.path()).empty());
}
