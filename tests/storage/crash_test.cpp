// Killing the program with SIGKILL in the middle of a long import or of draft editing, on a real file:
// the database passes its check and every acknowledged visit and draft edit is there.
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/child_process.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <regex>

using namespace infusion;

TEST_CASE("kill -9 during a long import: db check passes and every acknowledged visit is there") {
    test::TempDir dir;
    const std::string example =
        test::file_bytes(std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml");
    const std::string config = std::string(INFUSIONDOC_SOURCE_DIR) + "/config";
    const std::string db_file = (dir.path() / "clinic.db").string();
    std::vector<std::string> args{INFUSIONDOC_BINARY, "--config", config, "--db", db_file};
    {
        // The example's clinician signs: a demo database's nurse rn.okafor, signed in.
        std::string said;
        const int made =
            test::run_to_end({INFUSIONDOC_BINARY, "--config", config, "--db", db_file, "users", "demo"}, said);
        CAPTURE(said);
        REQUIRE(made == 0);
        std::ofstream(db_file + ".pw") << "nurse-demo-1\n";
        std::filesystem::permissions(db_file + ".pw",
                                     std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::replace);
    }
    args.insert(args.end(), {"--user", "rn.okafor", "--password-file", db_file + ".pw"});
    args.insert(args.end(), {"import", "--sign"});
    for (int i = 0; i < 400; ++i) {
        const auto file = dir.path() / ("visit-" + std::to_string(i) + ".toml");
        std::string text = example;
        text.replace(text.find("MRN-004211"), 10, "MRN-" + std::to_string(100000 + i));
        std::ofstream(file) << text;
        args.push_back(file.string());
    }
    auto [pid, out] = test::spawn(args);
    const auto lines = test::read_lines_then_kill(pid, out, "imported as visit", 40);

    std::vector<std::pair<std::string, long long>> acknowledged;  // MRN, visit id
    const std::regex line_re(R"(visit-(\d+)\.toml: imported as visit (\d+))");
    for (const auto& line : lines) {
        std::smatch m;
        if (std::regex_search(line, m, line_re)) {
            acknowledged.emplace_back("MRN-" + std::to_string(100000 + std::stoi(m[1])), std::stoll(m[2]));
        }
    }
    REQUIRE(acknowledged.size() >= 40);
    CHECK(acknowledged.size() < 400);  // it really was killed in the middle

    auto db = storage::SqliteDatabase::open(dir.path() / "clinic.db");
    REQUIRE(db.ok());
    const auto report = db.value()->check().value();
    for (const auto& f : report.findings) MESSAGE(f);
    CHECK(report.ok);
    for (const auto& [mrn, id] : acknowledged) {
        auto visit = db.value()->visits().load(id);
        REQUIRE(visit.ok());
        CHECK(visit.value().current().content.patient.id == mrn);
        CHECK(visit.value().status == storage::VisitStatus::signed_);
    }
}

TEST_CASE("kill -9 while a draft is being edited: every acknowledged edit is there") {
    test::TempDir dir;
    const auto file = dir.path() / "clinic.db";
    auto [pid, out] = test::spawn({DRAFT_EDITOR_BINARY, file.string(), "100000"});
    const auto lines = test::read_lines_then_kill(pid, out, "saved ", 150);
    int last_saved = 0;
    for (const auto& line : lines) {
        if (line.rfind("saved ", 0) == 0) last_saved = std::stoi(line.substr(6));
    }
    REQUIRE(last_saved >= 150);

    auto db = storage::SqliteDatabase::open(file);
    REQUIRE(db.ok());
    CHECK(db.value()->check().value().ok);
    const auto draft = db.value()->visits().load(1).value();
    CHECK(draft.status == storage::VisitStatus::draft);
    const auto notes = static_cast<int>(draft.current().content.notes.size());
    // The last acknowledged edit is there; at most one more (committed, killed before it was printed).
    CHECK(notes >= last_saved);
    CHECK(notes <= last_saved + 1);
    CHECK(draft.current().content.notes.back().text == "edit " + std::to_string(notes));
}
