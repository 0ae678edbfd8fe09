// The rules table of docs/users.md ("Who may do what"), run from outside over every command that acts
// on the database, as each kind of person: every cell allowed or refused as the table says, and every
// refusal written to the audit log exactly once. Disabled accounts and wrong passwords never get as
// far as a permission check: they fail at sign-in (audited as sign-in-failed, never as refused).
#include "storage/sqlite_database.hpp"
#include "support/cli_run.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace infusion;

namespace {

enum class Cell { allowed, refused, sign_in_fails };

// The people of the matrix: one per role, one with several roles, a disabled one and a wrong password.
const std::vector<std::string> people{"rn.okafor", "billing.chen", "sup.only",      "admin",
                                      "rn.charge", "rn.gone",      "wrong-password"};

class Clinic {
public:
    Clinic() {
        static std::atomic<int> counter{0};
        m_dir = std::filesystem::temp_directory_path() /
                ("infusiondoc-matrix-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
        m_tc = std::make_unique<test::TestClinic>("2026-03-02T20:00:00Z",
                                                  storage::SqliteDatabase::open(m_dir / "clinic.db").value());
        const app::Acting nurse = m_tc->as("rn.okafor", {app::Role::nurse});
        (void)m_tc->as("billing.chen", {app::Role::biller});
        (void)m_tc->as("sup.only", {app::Role::supervisor});
        (void)m_tc->as("rn.charge", {app::Role::nurse, app::Role::supervisor});
        (void)m_tc->as("rn.gone", {app::Role::nurse});
        const app::Acting admin = m_tc->as("admin", {});
        REQUIRE(m_tc->clinic().accounts().disable(*admin.session(), "rn.gone").ok());
        auto& visits = m_tc->clinic().visits();
        signed_id = visits.create(nurse, test::sample_visit()).value();
        REQUIRE(visits.sign(nurse, signed_id).value().signed_visit);
        draft_id = visits.create(nurse, test::sample_visit()).value();
        for (const auto& who : people) {
            const std::string password = who == "wrong-password" ? "not-the-password-1" : who + "-password-1";
            const auto file = m_dir / (who + ".pw");
            std::ofstream(file) << password << "\n";
            ::chmod(file.c_str(), 0600);
        }
    }
    ~Clinic() {
        m_tc.reset();
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    Clinic(const Clinic&) = delete;
    Clinic& operator=(const Clinic&) = delete;

    // `infusiondoc --db DB --user WHO --password-file F ARGS...` (the wrong password belongs to rn.okafor).
    test::CliRun run(const std::string& who, std::vector<std::string> args,
                     const std::string& config = std::string(INFUSIONDOC_SOURCE_DIR) + "/config") {
        const std::string user = who == "wrong-password" ? "rn.okafor" : who;
        args.insert(args.begin(), {"--db", (m_dir / "clinic.db").string(), "--config", config, "--user", user,
                                   "--password-file", (m_dir / (who + ".pw")).string()});
        return test::run_cli(std::move(args));
    }
    std::string path(const std::string& name) { return (m_dir / name).string(); }

    // The example visit for a patient of its own each time: an infusion already stored (the clinic's
    // visits are this example's) is not imported again, and the matrix imports once per person.
    std::string example_visit() {
        std::ifstream in(std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml");
        std::stringstream text;
        text << in.rdbuf();
        std::string visit = text.str();
        const std::string mrn = "MRN-0099" + std::to_string(10 + m_examples);
        visit.replace(visit.find("MRN-004211"), 10, mrn);
        const auto file = m_dir / ("import-" + std::to_string(m_examples++) + ".toml");
        std::ofstream(file) << visit;
        return file.string();
    }
    std::size_t audited(const std::string& action) { return m_tc->audited(action); }

    storage::VisitId signed_id = 0;
    storage::VisitId draft_id = 0;

private:
    std::filesystem::path m_dir;
    int m_examples = 0;
    std::unique_ptr<test::TestClinic> m_tc;
};

struct Row {
    std::string name;
    std::function<std::vector<std::string>(Clinic&, const std::string& who)> args;
    // For rn.okafor, billing.chen, sup.only, admin, rn.charge; the disabled account and the wrong
    // password always fail at sign-in.
    std::array<Cell, 5> cells;
};

constexpr Cell A = Cell::allowed;
constexpr Cell R = Cell::refused;

std::vector<Row> rows() {
    const std::string example = std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml";
    return {
        {"visits list",
         [](Clinic&, const std::string&) {
             return std::vector<std::string>{"visits", "list"};
         },
         {A, A, A, R, A}},
        {"visits show (signed)",
         [](Clinic& c, const std::string&) {
             return std::vector<std::string>{"visits", "show", std::to_string(c.signed_id)};
         },
         {A, A, A, R, A}},
        {"visits show (draft)",
         [](Clinic& c, const std::string&) {
             return std::vector<std::string>{"visits", "show", std::to_string(c.draft_id)};
         },
         {A, R, A, R, A}},
        {"import",
         [](Clinic& c, const std::string&) {
             return std::vector<std::string>{"import", c.example_visit()};
         },
         {A, R, R, R, A}},
        // rn.charge may import, but not sign rn.okafor's visit: imported as a draft, the signing refused.
        {"import --sign",
         [](Clinic& c, const std::string&) {
             return std::vector<std::string>{"import", "--sign", c.example_visit()};
         },
         {A, R, R, R, R}},
        {"export --dry-run",
         [](Clinic&, const std::string&) {
             return std::vector<std::string>{"export", "--from", "2026-03-01", "--to", "2026-03-31", "--dry-run"};
         },
         {R, A, R, R, R}},
        {"export",
         [](Clinic& c, const std::string& who) {
             return std::vector<std::string>{
                 "export", "--from", "2026-03-01", "--to", "2026-03-31", "--out", c.path("export-" + who + ".csv")};
         },
         {R, A, R, R, R}},
        {"audit report",
         [](Clinic&, const std::string&) {
             return std::vector<std::string>{"audit", "report", "--from", "2026-03-01", "--to", "2026-03-31"};
         },
         {R, R, A, A, A}},
        {"audit verify",
         [](Clinic&, const std::string&) {
             return std::vector<std::string>{"audit", "verify"};
         },
         {R, R, A, A, A}},
        {"db check",
         [](Clinic&, const std::string&) {
             return std::vector<std::string>{"db", "check"};
         },
         {R, R, A, A, A}},
        {"db backup",
         [](Clinic& c, const std::string& who) {
             return std::vector<std::string>{"db", "backup", c.path("backup-" + who + ".db")};
         },
         {R, R, R, A, R}},
        {"db accept-config",  // the configuration already accepted: nothing recorded, exit 0
         [](Clinic&, const std::string&) {
             return std::vector<std::string>{"db", "accept-config"};
         },
         {R, R, R, A, R}},
        {"users list",
         [](Clinic&, const std::string&) {
             return std::vector<std::string>{"users", "list"};
         },
         {R, R, R, A, R}},
        {"export batches",
         [](Clinic&, const std::string&) {
             return std::vector<std::string>{"export", "batches"};
         },
         {R, A, R, A, R}},
        // A clinic's database takes no synthetic visits and never becomes a demo database, whoever asks.
        {"demo-data",
         [](Clinic&, const std::string&) {
             return std::vector<std::string>{"demo-data", "--visits", "5"};
         },
         {R, R, R, R, R}},
        {"users demo",
         [](Clinic&, const std::string&) {
             return std::vector<std::string>{"users", "demo"};
         },
         {R, R, R, R, R}},
    };
}

}  // namespace

TEST_CASE("role matrix: every command as every kind of person, each refusal audited exactly once") {
    Clinic c;
    for (const auto& row : rows()) {
        for (std::size_t i = 0; i < people.size(); ++i) {
            const std::string& who = people[i];
            const Cell expected = i < row.cells.size() ? row.cells[i] : Cell::sign_in_fails;
            CAPTURE(row.name);
            CAPTURE(who);
            const auto refused_before = c.audited("refused");
            const auto failed_before = c.audited("sign-in-failed");
            const auto r = c.run(who, row.args(c, who));
            CAPTURE(r.out);
            CAPTURE(r.err);
            const bool partly = row.name == "import --sign" && who == "rn.charge";
            switch (expected) {
                case Cell::allowed:
                    CHECK((r.status == 0 || r.status == 1));
                    CHECK(c.audited("refused") == refused_before);
                    break;
                case Cell::refused:
                    if (partly) {
                        // Imported as a draft (exit 1: left unsigned); the signing refused and audited once.
                        CHECK(r.status == 1);
                        CHECK(r.out.find("draft") != std::string::npos);
                    } else {
                        CHECK(r.status == 2);
                        CHECK(r.err.find("refused") != std::string::npos);
                    }
                    // The refusal names what was asked: listing the batches read "deliver pending export
                    // batches" (found from outside).
                    if (row.name == std::string("export batches")) {
                        CHECK(r.err.find("list export batches: refused") != std::string::npos);
                    }
                    CHECK(c.audited("refused") == refused_before + 1);
                    break;
                case Cell::sign_in_fails:
                    CHECK(r.status == 2);
                    CHECK(r.err.find("cannot sign in") != std::string::npos);
                    CHECK(c.audited("refused") == refused_before);
                    CHECK(c.audited("sign-in-failed") == failed_before + 1);
                    break;
            }
        }
    }
}

TEST_CASE("role matrix: an administrator alone cannot sign, and a biller reads no draft, as the table says") {
    Clinic c;
    const auto example = std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml";
    const auto admin = c.run("admin", {"import", "--sign", example});
    CHECK(admin.status == 2);
    CHECK(admin.err.find("import and sign visits: refused, it needs the nurse role and admin has admin") !=
          std::string::npos);
    const auto biller = c.run("billing.chen", {"visits", "show", std::to_string(c.draft_id)});
    CHECK(biller.status == 2);
    CHECK(biller.err.find("billers read signed visits only") != std::string::npos);
    CHECK(biller.out.empty());
    // A biller's list leaves the drafts out.
    const auto list = c.run("billing.chen", {"visits", "list"});
    REQUIRE(list.status == 0);
    CHECK(list.out.find("draft") == std::string::npos);
    CHECK(list.out.find("signed") != std::string::npos);
}

TEST_CASE("role matrix: a refusal of an action several roles may take names every one of them") {
    Clinic c;
    // db check is the administrator's or the supervisor's: a nurse is not told only "admin".
    const auto nurse = c.run("rn.okafor", {"db", "check"});
    CHECK(nurse.status == 2);
    CHECK(nurse.err.find("check the database: refused, it needs the admin or supervisor role and rn.okafor has "
                         "nurse") != std::string::npos);
    const auto biller = c.run("billing.chen", {"audit", "verify"});
    CHECK(biller.status == 2);
    CHECK(biller.err.find("refused, it needs the supervisor or admin role and billing.chen has biller") !=
          std::string::npos);
    // A biller asking for drafts is told why there are none, not shown an empty list (found from outside).
    const auto drafts = c.run("billing.chen", {"visits", "list", "--status", "draft"});
    CHECK(drafts.status == 2);
    CHECK(drafts.err.find("list draft visits: refused, a draft is not yet a record, and billers read signed visits "
                          "only") != std::string::npos);
    CHECK(c.run("billing.chen", {"visits", "list", "--status", "signed"}).status == 0);
    // One role named as before.
    const auto admin = c.run(
        "admin", {"import", "--sign", std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml"});
    CHECK(admin.err.find("it needs the nurse role and admin has admin") != std::string::npos);
}

TEST_CASE("a refused audit report writes nothing to stdout, not even the CSV header") {
    // A redirected file holding only the header would pass for a valid, empty report.
    Clinic c;
    for (const std::string who : {"rn.okafor", "billing.chen"}) {
        CAPTURE(who);
        const auto r = c.run(who, {"audit", "report", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "csv"});
        CHECK(r.status == 2);
        CHECK(r.out.empty());
    }
    const auto allowed =
        c.run("sup.only", {"audit", "report", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "csv"});
    CHECK(allowed.status == 0);
    CHECK(allowed.out.rfind("id,at,actor,action", 0) == 0);  // an empty report keeps its header
}

TEST_CASE(
    "a folder with edited coding rules: db check warns, signing and export are refused, until the admin accepts it") {
    Clinic c;  // its first signature accepted the repository's configuration
    (void)test::edited_config(c.path("edited"), "coding-rules.toml", "first_hour_minutes = 60",
                              "first_hour_minutes = 20");
    const std::string edited = c.path("edited") + "/config";

    const auto check = c.run("admin", {"db", "check"}, edited);
    CHECK(check.status == 0);  // the database is sound: the workstation's folder is what differs
    CHECK(check.out.find("warning: this workstation's billing configuration differs from the accepted one (number 1) "
                         "in coding-rules.toml") != std::string::npos);
    const auto sign = c.run("rn.okafor", {"import", "--sign", c.example_visit()}, edited);
    CHECK(sign.status == 2);
    CHECK(sign.err.find("import and sign visits: refused, this workstation's billing configuration") !=
          std::string::npos);
    const auto out = c.path("march.csv");
    const auto exported =
        c.run("billing.chen", {"export", "--from", "2026-03-01", "--to", "2026-03-31", "--out", out}, edited);
    CHECK(exported.status == 2);
    CHECK_FALSE(std::filesystem::exists(out));

    CHECK(c.run("rn.okafor", {"db", "accept-config"}, edited).status == 2);
    const auto accepted = c.run("admin", {"db", "accept-config"}, edited);
    CHECK(accepted.status == 0);
    CHECK(accepted.out.find("billing configuration accepted as number 2") == 0);
    CHECK(accepted.out.find("  coding-rules.toml sha256:") != std::string::npos);
    CHECK(
        c.run("billing.chen", {"export", "--from", "2026-03-01", "--to", "2026-03-31", "--out", out}, edited).status ==
        0);
    // The repository's folder is now the one refused.
    const auto old = c.run("admin", {"db", "check"});
    CHECK(old.out.find("differs from the accepted one (number 2)") != std::string::npos);
}
