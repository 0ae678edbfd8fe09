// Attack 6 (issue 12): with a generous umask (022), every file the program creates is owner-only from
// its first byte: the database, its -wal and -shm while the first session runs, the head file, backups
// with their manifest and temporaries.
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/child_process.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

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
