// `infusiondoc audit report` and `audit verify` in-process: the CSV parses back (RFC 4180) with the
// rows of the clinic days asked for, the text table is aligned, and verify exits 1 once a row is gone.
#include "app/visit_service.hpp"
#include "cli/cli.hpp"
#include "storage/sqlite_database.hpp"
#include "support/test_support.hpp"

#include "support/cli_run.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <sstream>

using namespace infusion;

namespace {

using Run = test::CliRun;

// A database with one signed visit and a few audit rows at known instants (New York is UTC-5 in March).
class Workspace {
public:
    Workspace() {
        static std::atomic<int> counter{0};
        m_dir = std::filesystem::temp_directory_path() /
                ("infusiondoc-audit-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
        auto db = storage::SqliteDatabase::open(db_file()).value();
        std::string now = "2026-03-02T15:00:00Z";
        // 09:10-09:55 New York (14:55Z): over before the signature at 15:00Z.
        const auto id = db->visits().create_draft(test::sample_visit(45), {"rn.okafor", now}).value();
        const auto coding = app::signed_coding(test::sample_visit(45), test::repo_config());
        REQUIRE(db->visits().sign(id, 1, coding, {"rn.okafor", now}).ok());  // audit rows 1 and 2
        // 22:00 in New York, still 2 March there; the detail needs quoting in CSV.
        REQUIRE(db->audit().record("view", id, "opened, said \"fine\"", {"sup.nakamura", "2026-03-03T03:00:00Z"}).ok());
        REQUIRE(db->audit().record("view", id, "next day", {"sup.nakamura", "2026-03-03T15:00:00Z"}).ok());
    }
    ~Workspace() {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    [[nodiscard]] std::string db_file() const { return (m_dir / "clinic.db").string(); }
    Run run(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--db", db_file(), "--config", std::string(INFUSIONDOC_SOURCE_DIR) + "/config"});
        return test::run_cli(std::move(args));
    }
    // As an intruder with the sqlite3 shell would.
    void shell(const std::string& sql) const {
        sqlite3* db = nullptr;
        sqlite3_open(db_file().c_str(), &db);
        char* message = nullptr;
        const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
        const std::string error = message != nullptr ? message : "";
        sqlite3_free(message);
        sqlite3_close(db);
        REQUIRE_MESSAGE(rc == SQLITE_OK, error);
    }

private:
    std::filesystem::path m_dir;
};

// RFC 4180 read back: quoted fields may hold commas, doubled quotes and line breaks; records end in CRLF.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> records(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (quoted) {
            if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (ch == '"') {
                quoted = false;
            } else {
                field += ch;
            }
        } else if (ch == '"') {
            quoted = true;
        } else if (ch == ',') {
            records.back().push_back(std::move(field));
            field.clear();
        } else if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            records.back().push_back(std::move(field));
            field.clear();
            records.emplace_back();
            ++i;
        } else {
            field += ch;
        }
    }
    REQUIRE_FALSE(quoted);
    REQUIRE(records.back().empty());  // the last record ended with CRLF
    records.pop_back();
    return records;
}

}  // namespace

TEST_CASE("audit report --format csv: a header, then the rows of the clinic days asked for") {
    Workspace w;
    const auto r = w.run({"audit", "report", "--from", "2026-03-02", "--to", "2026-03-02", "--format", "csv"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const auto records = parse_csv(r.out);
    REQUIRE(records.size() == 4);
    CHECK(records[0] == std::vector<std::string>{"id", "at", "actor", "action", "visit_id", "detail", "hash"});
    CHECK(records[1][3] == "create");
    CHECK(records[2][3] == "sign");
    CHECK(records[3][0] == "3");
    CHECK(records[3][1] == "2026-03-03T03:00:00Z");
    CHECK(records[3][2] == "sup.nakamura");
    CHECK(records[3][4] == "1");
    CHECK(records[3][5] == "opened, said \"fine\"");
    for (const auto& record : records) {
        CHECK(record.size() == 7);
    }
    CHECK(records[3][6].size() == 64);

    const auto filtered = w.run({"audit", "report", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "csv",
                                 "--actor", "sup.nakamura", "--action", "view", "--visit", "1"});
    REQUIRE(filtered.status == 0);
    CHECK(parse_csv(filtered.out).size() == 3);
}

TEST_CASE("audit report --to 9999-12-31, to the end of time, reports every row from --from on") {
    // The day after it was written "10000-01-01...", which sorts as text before 2026: the report was empty.
    Workspace w;
    const auto all = w.run({"audit", "report", "--from", "2026-03-01", "--to", "9999-12-31", "--format", "csv"});
    REQUIRE_MESSAGE(all.status == 0, all.err);
    const auto near = w.run({"audit", "report", "--from", "2026-03-01", "--to", "9998-12-31", "--format", "csv"});
    REQUIRE(near.status == 0);
    CHECK(parse_csv(all.out).size() >= 4);
    CHECK(parse_csv(near.out).size() == parse_csv(all.out).size() + 1);  // plus the first report's own row
}

TEST_CASE("audit report with a filter no row matches says so on stderr, the report a header alone") {
    // Found from outside: "--action Sign" (capital S) printed a header alone, like a quiet day.
    Workspace w;
    const auto r =
        w.run({"audit", "report", "--from", "2026-03-01", "--to", "2026-03-31", "--action", "Sign", "--format", "csv"});
    REQUIRE(r.status == 0);
    CHECK(parse_csv(r.out).size() == 1);
    CHECK(r.err.find("no row of 2026-03-01 to 2026-03-31 matches --action 'Sign'") != std::string::npos);
    const auto found = w.run({"audit", "report", "--from", "2026-03-01", "--to", "2026-03-31", "--action", "sign"});
    CHECK(found.err.find("no row") == std::string::npos);
}

TEST_CASE("audit report as text is an aligned table, bad dates exit 2") {
    Workspace w;
    const auto r = w.run({"audit", "report", "--from", "2026-03-03", "--to", "2026-03-03"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    std::istringstream lines(r.out);
    std::string header, row;
    std::getline(lines, header);
    std::getline(lines, row);
    CHECK(header.rfind("id  at", 0) == 0);
    CHECK(header.find("detail") == row.find("next day"));  // the columns line up
    CHECK(row.find("sup.nakamura") == header.find("actor"));
    CHECK_FALSE(std::getline(lines, row));

    CHECK(w.run({"audit", "report", "--from", "2026-03-32", "--to", "2026-03-03"}).status == 2);
    CHECK(w.run({"audit", "report", "--from", "2026-03-04", "--to", "2026-03-03"}).status == 2);
    CHECK(w.run({"audit", "report", "--from", "2026-03-04"}).status == 2);
}

TEST_CASE("audit verify exits 0 on an intact chain and 1 once a row was removed behind the program's back") {
    Workspace w;
    const auto intact = w.run({"audit", "verify"});
    CHECK(intact.status == 0);
    CHECK(intact.out.find("4 audit rows") != std::string::npos);
    w.shell("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2");
    const auto broken = w.run({"audit", "verify"});
    CHECK(broken.status == 1);
    CHECK(broken.out.find("missing") != std::string::npos);
    CHECK(broken.out.find("FAILED") != std::string::npos);
}

TEST_CASE("audit verify says the log was altered only when it was: a visit changed behind its back is said as such") {
    // Found from outside: a signed visit's billing line changed with the shell (its trigger dropped) ended
    // "FAILED: the audit log was altered" although every audit row was intact.
    Workspace w;
    w.shell("DROP TRIGGER billing_lines_sealed_update; UPDATE billing_lines SET units = units * 10");
    const auto changed = w.run({"audit", "verify"});
    CHECK(changed.status == 1);
    CHECK(changed.out.find("FAILED: the audit chain is intact, but the record it vouches for was changed") !=
          std::string::npos);
    CHECK(changed.out.find("the audit log was altered") == std::string::npos);

    w.shell("DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'nothing' WHERE id = 3");
    const auto altered = w.run({"audit", "verify"});
    CHECK(altered.status == 1);
    CHECK(altered.out.find("FAILED: the audit log was altered") != std::string::npos);
}
