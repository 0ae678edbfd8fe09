// Attack 6 (issue 12): with a generous umask (022), every file the program creates is owner-only from
// its first byte: the database, its -wal and -shm while the first session runs, the head file, backups
// with their manifest and temporaries.
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/child_process.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>

using namespace infusion;

namespace {

// The permission bits, or -1 when the file does not exist.
int mode_of(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 0777);
}

// Sets the umask for the scope (children inherit it).
class Umask {
public:
    explicit Umask(mode_t mask) : m_old(::umask(mask)) {}
    ~Umask() { ::umask(m_old); }
    Umask(const Umask&) = delete;
    Umask& operator=(const Umask&) = delete;

private:
    mode_t m_old;
};

}  // namespace

TEST_CASE("umask 022: the database, -wal, -shm and head file are 0600 during the first session") {
    test::TempDir dir;
    const auto db = dir.path() / "new.db";
    Umask generous(022);
    auto [pid, out] = test::spawn({DRAFT_EDITOR_BINARY, db.string(), "100000"});
    char line[256];
    int saved = 0;
    while (saved < 3 && std::fgets(line, sizeof line, out) != nullptr) {
        if (std::string(line).rfind("saved ", 0) == 0) ++saved;
    }
    REQUIRE(saved == 3);
    // Read while the first session is still writing.
    CHECK(mode_of(db) == 0600);
    CHECK(mode_of(db.string() + "-wal") == 0600);
    CHECK(mode_of(db.string() + "-shm") == 0600);
    CHECK(mode_of(db.string() + "-head") == 0600);
    ::kill(pid, SIGKILL);
    std::fclose(out);
    int status = 0;
    ::waitpid(pid, &status, 0);
}

TEST_CASE("umask 022: a backup, its manifest and a stale partial file are owner-only") {
    test::TempDir dir;
    Umask generous(022);
    auto db = storage::SqliteDatabase::open(dir.path() / "clinic.db").value();
    CHECK(mode_of(dir.path() / "clinic.db") == 0600);
    REQUIRE(db->visits().create_draft(test::sample_visit(), test::actor()).ok());
    const auto target = dir.path() / "backup.db";
    // A partial file left by a stopped backup, readable by all: replaced by an owner-only one.
    std::FILE* stale = std::fopen((target.string() + ".partial").c_str(), "w");
    REQUIRE(stale != nullptr);
    std::fclose(stale);
    REQUIRE(mode_of(target.string() + ".partial") == 0644);
    REQUIRE(db->backup_to(target).ok());
    CHECK(mode_of(target) == 0600);
    CHECK(mode_of(target.string() + "-head") == 0600);
    CHECK(mode_of(target.string() + ".partial") == -1);
    CHECK(mode_of(target.string() + "-journal") == -1);
    // The backup opens as a database whose log ends where its manifest says.
    auto copy = storage::SqliteDatabase::open(target, {.create_if_missing = false, .read_only = true}).value();
    CHECK(copy->check().value().ok);
}

TEST_CASE("a backup to a folder, or into a folder that does not exist, says which, as the export does") {
    // Found from outside: "the backup file already exists" for a folder, and a missing folder named through the
    // ".partial" file nobody typed.
    test::TempDir dir;
    auto db = storage::SqliteDatabase::open(dir.path() / "clinic.db").value();
    std::filesystem::create_directory(dir.path() / "backups");
    const auto to_folder = db->backup_to(dir.path() / "backups");
    REQUIRE_FALSE(to_folder.ok());
    CHECK(to_folder.error().describe().find("a folder has this name") != std::string::npos);
    const auto missing = db->backup_to(dir.path() / "nowhere" / "copy.db");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().describe().find("the folder " + (dir.path() / "nowhere").string() + " does not exist") !=
          std::string::npos);
    CHECK(missing.error().describe().find(".partial") == std::string::npos);
}

TEST_CASE(
    "a backup never removes or replaces what is not its own: another database at PATH.partial, a "
    "manifest, a link") {
    // Found from outside: `db backup live` unlinked a database named live.partial, an unrelated
    // bk.db.partial was deleted, an existing bk.db-head overwritten, a dangling link at PATH replaced.
    test::TempDir dir;
    auto db = storage::SqliteDatabase::open(dir.path() / "clinic.db").value();
    REQUIRE(db->visits().create_draft(test::sample_visit(), test::actor()).ok());

    // Another InfusionDoc database (it has its head file) named like a stopped backup's partial file.
    const auto live = dir.path() / "live";
    {
        auto other = storage::SqliteDatabase::open(dir.path() / "live.partial").value();
        REQUIRE(other->visits().create_draft(test::sample_visit(), test::actor()).ok());
        REQUIRE(other->accept_chain_head().ok());
    }
    auto refused = db->backup_to(live);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("live.partial is in the way") != std::string::npos);
    CHECK(std::filesystem::exists(dir.path() / "live.partial"));
    CHECK_FALSE(std::filesystem::exists(live));

    // A file of someone else's with that name.
    const auto notes = dir.path() / "notes.db";
    std::ofstream(notes.string() + ".partial") << "precious\n";
    CHECK_FALSE(db->backup_to(notes).ok());
    CHECK(test::file_bytes(notes.string() + ".partial") == "precious\n");

    // A manifest without its backup, and a link to a missing file, keep their names.
    std::ofstream(dir.path() / "old.db-head") << "a manifest\n";
    auto manifest = db->backup_to(dir.path() / "old.db");
    REQUIRE_FALSE(manifest.ok());
    CHECK(manifest.error().message.find("old.db-head is already there") != std::string::npos);
    CHECK(test::file_bytes(dir.path() / "old.db-head") == "a manifest\n");
    std::filesystem::create_symlink(dir.path() / "missing.db", dir.path() / "link.db");
    CHECK_FALSE(db->backup_to(dir.path() / "link.db").ok());
    CHECK(std::filesystem::is_symlink(dir.path() / "link.db"));

    // A stopped backup's own partial file (the start of an SQLite copy) is still replaced.
    std::ofstream(dir.path() / "next.db.partial") << std::string("SQLite format 3\0", 16) << "half";
    REQUIRE(db->backup_to(dir.path() / "next.db").ok());
    CHECK_FALSE(std::filesystem::exists(dir.path() / "next.db.partial"));
}

TEST_CASE(
    "a backup stopped by kill -9 at any moment is cleared by the next one; PATH never stands without its "
    "manifest") {
    // Found from outside, killing `db backup` at random: a copy whose first page was not written yet (zeros)
    // beside its rollback journal, or one in the source's WAL mode with -wal and -shm, blocked every later
    // backup to that name; and PATH once stood without PATH-head, reading as a cut log when restored.
    test::TempDir dir;
    auto db = storage::SqliteDatabase::open(dir.path() / "clinic.db").value();
    REQUIRE(db->visits().create_draft(test::sample_visit(), test::actor()).ok());
    const auto path = [&](const std::string& name) { return (dir.path() / name).string(); };
    const auto check_backup = [&](const std::string& name) {
        REQUIRE(std::filesystem::exists(path(name)));
        CHECK(test::file_bytes(path(name + "-head")).find("file-sha256 ") != std::string::npos);
        for (const char* left : {".partial", ".partial-journal", ".partial-wal", ".partial-shm"})
            CHECK_FALSE(std::filesystem::exists(path(name + left)));
        storage::OpenOptions read_only;
        read_only.read_only = true;
        auto copy = storage::SqliteDatabase::open(path(name), read_only).value();
        const auto report = copy->check().value();
        CHECK_MESSAGE(report.ok, (report.findings.empty() ? "" : report.findings.front()));
    };

    // Stopped before SQLite wrote the copy's first page: zeros, and a hot journal that must not be rolled
    // back into the next copy.
    std::ofstream(path("a.db.partial")) << std::string(4096, '\0');
    std::ofstream(path("a.db.partial-journal")) << std::string(512, 'j');
    REQUIRE(db->backup_to(path("a.db")).ok());
    check_backup("a.db");

    // Stopped while the copy was still in the source's WAL mode.
    std::filesystem::copy_file(path("clinic.db"), path("b.db.partial"));
    std::ofstream(path("b.db.partial-wal")) << "";
    std::ofstream(path("b.db.partial-shm")) << std::string(32768, '\0');
    REQUIRE(db->backup_to(path("b.db")).ok());
    check_backup("b.db");

    // Stopped after its manifest was written, before the copy took its name.
    std::ofstream(path("c.db.partial")) << std::string("SQLite format 3\0", 16) << "half";
    std::ofstream(path("c.db-head")) << "chain-head 1 abc\n";
    REQUIRE(db->backup_to(path("c.db")).ok());
    check_backup("c.db");

    // Another program's database in WAL mode under that name is not ours: its header has no InfusionDoc id.
    std::string header(100, '\0');
    header.replace(0, 16, std::string("SQLite format 3\0", 16));
    std::ofstream(path("d.db.partial")) << header << std::string(4000, '\0');
    std::ofstream(path("d.db.partial-wal")) << "";
    auto refused = db->backup_to(path("d.db"));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("d.db.partial is in the way") != std::string::npos);
    CHECK(std::filesystem::exists(path("d.db.partial-wal")));
    CHECK_FALSE(std::filesystem::exists(path("d.db")));
}
