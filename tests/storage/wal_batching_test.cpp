// The WAL-batching VFS (storage/wal_batching_vfs.hpp): a commit's frames reach the WAL file in one
// write, and still before any other connection can see the commit, whatever the synchronous setting;
// transactions larger than what it gathers, and a writer killed half-way, lose nothing committed.
#include "storage/store_fixture.hpp"
#include "storage/wal_batching_vfs.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

using namespace infusion;

namespace {

class Connection {
public:
    Connection(const std::filesystem::path& file, const char* vfs) {
        REQUIRE(sqlite3_open_v2(file.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs) == SQLITE_OK);
        sqlite3_busy_timeout(m_db, 5000);
        exec("PRAGMA journal_mode = WAL");
    }
    ~Connection() { sqlite3_close(m_db); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void exec(const std::string& sql) {
        char* error = nullptr;
        const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error);
        INFO(sql << ": " << (error ? error : ""));
        sqlite3_free(error);
        REQUIRE(rc == SQLITE_OK);
    }
    std::string text(const std::string& sql) {
        sqlite3_stmt* s = nullptr;
        REQUIRE(sqlite3_prepare_v2(m_db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
        std::string out;
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != nullptr)
            out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        return out;
    }

private:
    sqlite3* m_db = nullptr;
};

// Write system calls this process has made so far (the kernel counts them: /proc/self/io, "syscw").
long write_calls() {
    std::ifstream io("/proc/self/io");
    std::string key;
    long value = 0;
    while (io >> key >> value) {
        if (key == "syscw:") return value;
    }
    FAIL("no syscw in /proc/self/io");
    return 0;
}

constexpr int tables = 16;

void make_tables(Connection& c) {
    c.exec("BEGIN");
    for (int t = 0; t < tables; ++t) c.exec("CREATE TABLE t" + std::to_string(t) + "(id INTEGER PRIMARY KEY, v TEXT)");
    c.exec("COMMIT");
}

// One transaction that changes one page in each of the 16 tables: 16 WAL frames, 32 writes unbatched.
long writes_of_one_commit(Connection& c, int n) {
    const long before = write_calls();
    c.exec("BEGIN IMMEDIATE");
    for (int t = 0; t < tables; ++t)
        c.exec("INSERT INTO t" + std::to_string(t) + "(v) VALUES ('row " + std::to_string(n) + "')");
    c.exec("COMMIT");
    return write_calls() - before;
}

}  // namespace

TEST_CASE("a commit that changes 16 pages reaches the WAL in a few writes, not two per page") {
    test::TempDir dir;
    Connection batched(dir.path() / "batched.db", storage::detail::wal_batching_vfs());
    Connection plain(dir.path() / "plain.db", nullptr);
    for (Connection* c : {&batched, &plain}) {
        c->exec("PRAGMA synchronous = FULL");
        make_tables(*c);
        (void)writes_of_one_commit(*c, 0);  // the WAL's header and first growth out of the way
    }
    const long batched_writes = writes_of_one_commit(batched, 1);
    const long plain_writes = writes_of_one_commit(plain, 1);
    CHECK(plain_writes >= 2 * tables);  // SQLite's own way: a frame header and a page per frame
    CHECK(batched_writes <= 3);
    CHECK(batched.text("SELECT count(*) FROM t15") == "2");
}

TEST_CASE("another connection sees a batched commit at once, with synchronous FULL, NORMAL or OFF") {
    for (const char* sync : {"FULL", "NORMAL", "OFF"}) {
        CAPTURE(sync);
        test::TempDir dir;
        const auto file = dir.path() / "shared.db";
        Connection writer(file, storage::detail::wal_batching_vfs());
        writer.exec(std::string("PRAGMA synchronous = ") + sync);
        make_tables(writer);
        Connection reader(file, nullptr);  // SQLite's own VFS: reads only what is in the file
        for (int n = 1; n <= 30; ++n) {
            (void)writes_of_one_commit(writer, n);
            CHECK(reader.text("SELECT count(*) FROM t0") == std::to_string(n));
            CHECK(reader.text("SELECT v FROM t15 ORDER BY id DESC LIMIT 1") == "row " + std::to_string(n));
        }
        CHECK(reader.text("PRAGMA integrity_check") == "ok");
    }
}

TEST_CASE("a transaction larger than what is gathered commits whole, and reads back through SQLite's own VFS") {
    test::TempDir dir;
    const auto file = dir.path() / "large.db";
    {
        Connection writer(file, storage::detail::wal_batching_vfs());
        writer.exec("PRAGMA synchronous = FULL");
        writer.exec("CREATE TABLE big(id INTEGER PRIMARY KEY, v TEXT)");
        // About 4 MB: some thousand frames, many times the 124 KiB gathered at once.
        writer.exec("BEGIN");
        writer.exec(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) "
            "INSERT INTO big(v) SELECT printf('%.1000c', char(65 + i % 26)) FROM n");
        writer.exec("COMMIT");
    }
    Connection reader(file, nullptr);
    CHECK(reader.text("SELECT count(*) FROM big") == "4000");
    CHECK(reader.text("SELECT sum(length(v)) FROM big") == "4000000");
    CHECK(reader.text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("a writer killed in the middle of a batched transaction leaves every earlier commit and nothing of it") {
    test::TempDir dir;
    const auto file = dir.path() / "killed.db";
    {
        Connection setup(file, storage::detail::wal_batching_vfs());
        setup.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    }
    // The child commits 50 transactions, then dies inside the 51st, its frames gathered or half written.
    // Plain SQLite calls there: a doctest failure in a child would report twice.
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        sqlite3* db = nullptr;
        if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, storage::detail::wal_batching_vfs()) != SQLITE_OK)
            ::_exit(2);
        const auto run = [&](const char* sql) {
            if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) ::_exit(3);
        };
        run("PRAGMA journal_mode = WAL");
        run("PRAGMA synchronous = FULL");
        for (int n = 0; n < 50; ++n) run("INSERT INTO t(v) VALUES (printf('%.3000c', 'x'))");
        run("BEGIN");
        run("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
            "INSERT INTO t(v) SELECT printf('%.3000c', 'y') FROM n");
        ::_exit(9);  // no commit, no close: as if killed
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 9);
    Connection reader(file, nullptr);
    CHECK(reader.text("SELECT count(*) FROM t") == "50");
    CHECK(reader.text("SELECT count(*) FROM t WHERE v LIKE 'y%'") == "0");
    CHECK(reader.text("PRAGMA integrity_check") == "ok");
}
