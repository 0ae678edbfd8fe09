// Attack 7 (issue 12): escape sequences in visit files never reach the terminal raw (`code`,
// `visits list`, `visits show`), and a patient id with control characters is refused.
#include "core/terminal_text.hpp"
#include "support/cli_run.hpp"
#include "support/test_support.hpp"

#include <nlohmann/json.hpp>

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace infusion;

namespace {

const std::string config_dir = std::string(INFUSIONDOC_SOURCE_DIR) + "/config";
const std::string example = std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml";

std::string example_text() {
    std::ifstream in(example);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

struct Folder {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("infusiondoc-terminal-" + std::to_string(::getpid()));
    Folder() {
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
    }
    ~Folder() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name) << text;
        return (dir / name).string();
    }
};

// TOML basic strings spell ESC as \u001b and CSI (C1) as \u009b: what an attacker writes into a file.
const std::string hostile_name = R"(Rivera\u001b]0;owned\u0007\u001b[2J, Ana\r\u009b31m)";

bool raw_control(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return true;
        if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F &&
            static_cast<unsigned char>(text[i + 1]) >= 0x80) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("code, visits list and visits show escape control characters from visit files") {
    Folder folder;
    const auto file = folder.write("hostile.toml", replaced(example_text(), "Rivera, Ana", hostile_name));
    const auto code = test::run_cli({"code", "--config", config_dir, file});
    CHECK_FALSE(raw_control(code.out + code.err));
    const auto db = (folder.dir / "clinic.db").string();
    const auto imported = test::run_cli({"import", "--config", config_dir, "--db", db, file});
    REQUIRE_MESSAGE(imported.status == 0, (imported.out + imported.err));
    const auto list = test::run_cli({"visits", "list", "--config", config_dir, "--db", db});
    CHECK_FALSE(raw_control(list.out + list.err));
    CHECK(list.out.find("Rivera\\x1b]0;owned\\x07") != std::string::npos);
    const auto show = test::run_cli({"visits", "show", "1", "--config", config_dir, "--db", db});
    CHECK_FALSE(raw_control(show.out + show.err));
    CHECK(show.out.find("\\x1b[2J, Ana\\x0d\\u009b31m") != std::string::npos);
    // JSON escapes them itself; the data is kept as it was given.
    const auto json = test::run_cli({"visits", "show", "1", "--format", "json", "--config", config_dir, "--db", db});
    CHECK_FALSE(raw_control(json.out));
}

TEST_CASE("a patient id with control characters is refused") {
    Folder folder;
    const auto file = folder.write("mrn.toml", replaced(example_text(), "MRN-004211", R"(MRN-0042\u001b[8m11)"));
    const auto code = test::run_cli({"code", "--config", config_dir, file});
    CHECK(code.status != 0);
    CHECK(code.out.find("patient.id-invalid") != std::string::npos);
    CHECK_FALSE(raw_control(code.out + code.err));
    const auto db = (folder.dir / "clinic.db").string();
    const auto imported = test::run_cli({"import", "--config", config_dir, "--db", db, file});
    CHECK(imported.status == 2);
    CHECK((imported.out + imported.err).find("control characters") != std::string::npos);
    CHECK_FALSE(raw_control(imported.out + imported.err));
}

namespace {

// How many characters (UTF-8 code points) into `line` `text` starts, or npos.
std::size_t column_of(const std::string& line, const std::string& text) {
    const auto at = line.find(text);
    if (at == std::string::npos) return std::string::npos;
    std::size_t characters = 0;
    for (std::size_t i = 0; i < at; ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xC0U) != 0x80U) ++characters;
    }
    return characters;
}

// Every byte sequence a well-formed UTF-8 character (no character cut in half).
bool whole_utf8(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0U) != 0x80U) return false;
        }
        i += length;
    }
    return true;
}

}  // namespace

TEST_CASE("visits list lines up names with accents and never cuts a character in half") {
    Folder folder;
    const auto db = (folder.dir / "clinic.db").string();
    // Two-byte letters throughout: cut at 23 bytes, the old list ended this name mid-character.
    const std::string long_name = "Łęczyńska-Żółkiewska, Małgorzata";
    int patient = 0;
    for (const std::string& name : {std::string("Rivera, Ana"), std::string("Wiśniewski, Jiří"), long_name}) {
        const auto file = folder.write("visit.toml", replaced(replaced(example_text(), "Rivera, Ana", name),
                                                              "MRN-004211", "MRN-00990" + std::to_string(++patient)));
        const auto imported = test::run_cli({"import", "--config", config_dir, "--db", db, file});
        REQUIRE_MESSAGE(imported.status == 0, (imported.out + imported.err));
    }
    const auto list = test::run_cli({"visits", "list", "--config", config_dir, "--db", db});
    REQUIRE(list.status == 0);
    CHECK(whole_utf8(list.out));
    std::istringstream lines(list.out);
    std::string header, line;
    std::getline(lines, header);
    const auto clinician = column_of(header, "clinician");
    REQUIRE(clinician != std::string::npos);
    int rows = 0;
    while (std::getline(lines, line)) {
        CAPTURE(line);
        CHECK(column_of(line, "rn.") == clinician);
        ++rows;
    }
    CHECK(rows == 3);
    CHECK(list.out.find("Łęczyńska-Żółkiewska, M") != std::string::npos);  // 23 characters of it
}

TEST_CASE("a patient name or a clinician with control characters holds the claim: both go on every CSV line") {
    // RFC 4180 allows no control character in a field; a NUL in the name went into the export raw.
    Folder folder;
    for (const auto& [what, from, to, problem] : std::vector<std::array<std::string, 4>>{
             {"name", "Rivera, Ana", R"(Rivera, Ana\u0000)", "patient.name-invalid"},
             {"name with a line break", "Rivera, Ana", R"(Rivera,\nAna)", "patient.name-invalid"},
             {"clinician", "clinician = \"rn.okafor\"", R"(clinician = "rn.okafor\u001b[8m")",
              "visit.clinician-invalid"}}) {
        CAPTURE(what);
        const auto file = folder.write("held.toml", replaced(example_text(), from, to));
        const auto code = test::run_cli({"code", "--config", config_dir, file});
        CAPTURE(code.out);
        CHECK(code.status == 1);
        CHECK(code.out.find(problem) != std::string::npos);
        CHECK(code.out.find("billable") == std::string::npos);
        CHECK_FALSE(raw_control(code.out + code.err));
    }
}

TEST_CASE("code --format json stays JSON when a text holds DEL: escaped as \\u007f, not \\x7f") {
    Folder folder;
    const auto file =
        folder.write("del.toml", replaced(example_text(), "name = \"Hizentra\"", R"(name = "Hizentra\u007f")"));
    const auto code = test::run_cli({"code", "--format", "json", "--config", config_dir, file});
    CAPTURE(code.out);
    CHECK_FALSE(raw_control(code.out));
    const auto parsed = nlohmann::json::parse(code.out, nullptr, /*allow_exceptions=*/false);
    REQUIRE_FALSE(parsed.is_discarded());
    CHECK(parsed.dump().find("Hizentra\x7f") != std::string::npos);  // read back as the DEL it was
}

TEST_CASE("import --sign escapes a clinician's control characters in why a visit was not imported") {
    Folder folder;
    const auto file = folder.write(
        "esc.toml", replaced(example_text(), "clinician = \"rn.okafor\"", R"(clinician = "rn.okafor\u001b[31m")"));
    const auto db = (folder.dir / "clinic.db").string();
    auto args = test::demo_nurse(config_dir, db);
    args.insert(args.end(), {"import", "--sign", "--config", config_dir, "--db", db, file});
    const auto imported = test::run_cli(args);
    CAPTURE(imported.out + imported.err);
    // No nurse account has that name: the file is not imported, and says so with the name escaped.
    CHECK((imported.out + imported.err).find("visit.clinician: 'rn.okafor\\x1b[31m' is not a nurse") !=
          std::string::npos);
    CHECK_FALSE(raw_control(imported.out + imported.err));
}

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::size_t lines_starting(const std::string& text, const std::string& start) {
    std::size_t count = 0;
    for (const auto& line : lines_of(text)) count += line.rfind(start, 0) == 0 ? 1U : 0U;
    return count;
}

}  // namespace

TEST_CASE("a line break inside a value never starts a line of a text report: no forged 'ready' or 'billable'") {
    Folder folder;
    // A name and a substance that carry a made-up line of the report, and a note of two lines.
    auto text = replaced(example_text(), "\"Rivera, Ana\"", R"("Rivera, Ana\nBilling (rules 2): ready")");
    text = replaced(text, "name = \"Hizentra\"", R"(name = "Hizentra\nx.toml: billable")");
    text = replaced(text, "text = \"", R"(text = "first line\nBilling (rules 2): ready\n)");
    const auto file = folder.write("forged.toml", text);

    const auto code = test::run_cli({"code", "--config", config_dir, file});
    CHECK(code.status != 0);
    CHECK(lines_starting(code.out, "x.toml") == 0);
    CHECK(code.out.find("Hizentra\\nx.toml: billable") != std::string::npos);
    CHECK(lines_starting(code.out, file + ": BLOCKED") == 1);

    const auto db = (folder.dir / "clinic.db").string();
    const auto imported = test::run_cli({"import", "--config", config_dir, "--db", db, file});
    REQUIRE_MESSAGE(imported.status == 0, (imported.out + imported.err));
    const auto list = test::run_cli({"visits", "list", "--config", config_dir, "--db", db});
    REQUIRE(list.status == 0);
    CHECK(lines_of(list.out).size() == 2);  // the heading and the one visit
    CHECK(list.out.find("Rivera, Ana\\nBilling") != std::string::npos);
    const auto show = test::run_cli({"visits", "show", "1", "--config", config_dir, "--db", db});
    REQUIRE(show.status == 0);
    // A draft shows no billing of its own, so no line may begin with "Billing".
    CHECK(lines_starting(show.out, "Billing") == 0);
    CHECK(show.out.find("Patient   MRN-004211  Rivera, Ana\\nBilling (rules 2): ready") != std::string::npos);
    CHECK(show.out.find("Substance Hizentra\\nx.toml: billable") != std::string::npos);
    // The note keeps its lines, each indented under it.
    CHECK(show.out.find("] first line\n     Billing (rules 2): ready\n     ") != std::string::npos);

    // import --sign quotes the name and the substance in why the visit is held or not signed: each of its
    // lines is still the file's line or one of its indented ones (found from outside: a raw line break).
    const auto signed_db = (folder.dir / "signed.db").string();
    auto args = test::demo_nurse(config_dir, signed_db);
    args.insert(args.end(), {"import", "--sign", "--config", config_dir, "--db", signed_db, file});
    const auto signing = test::run_cli(args);
    CAPTURE(signing.out + signing.err);
    const auto report = lines_of(signing.out);
    REQUIRE(report.size() > 2);
    CHECK(report.back() == "1 imported, 0 not imported, 1 left as drafts");
    for (std::size_t n = 0; n + 1 < report.size(); ++n) {
        CAPTURE(report[n]);
        CHECK((report[n].rfind(file + ": ", 0) == 0 || report[n].rfind("  ", 0) == 0));
    }
    CHECK(signing.out.find("\\n") != std::string::npos);  // the break, written as "\n"
}

TEST_CASE("import's refusal of a name unlike the record's keeps the name's line break on its one line") {
    // Found from outside: "... is Rivera, Ana on record, not Rivera," and "Anna: check the patient id"
    // came out as two lines, the second passing for a line of its own.
    Folder folder;
    const auto db = (folder.dir / "clinic.db").string();
    const auto first = folder.write("first.toml", example_text());
    REQUIRE(test::run_cli({"import", "--config", config_dir, "--db", db, first}).status == 0);
    auto renamed = replaced(example_text(), "\"Rivera, Ana\"", R"("Rivera,\nAnna")");
    renamed = replaced(replaced(renamed, "09:10", "13:10"), "10:25", "14:25");  // another infusion
    const auto second = folder.write("second.toml", renamed);
    const auto refused = test::run_cli({"import", "--config", config_dir, "--db", db, second});
    CAPTURE(refused.err);
    CHECK(refused.status == 2);
    const auto lines = lines_of(refused.err);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].find("on record, not Rivera,\\nAnna: check the patient id") != std::string::npos);
}

TEST_CASE("the README's `code` example is what `code` prints for the example visit") {
    // The README showed "[NDC 44206-0451-01 GR 8]" long after the program printed "ML 40" (found from outside).
    std::ifstream in(std::string(INFUSIONDOC_SOURCE_DIR) + "/README.md");
    std::ostringstream readme;
    readme << in.rdbuf();
    const std::string text = readme.str();
    const auto heading = text.find("`code` example:");
    REQUIRE(heading != std::string::npos);
    const auto open = text.find("```\n", heading);
    const auto close = text.find("```", open + 4);
    REQUIRE(close != std::string::npos);
    const std::string shown = text.substr(open + 4, close - open - 4);
    const auto coded = test::run_cli({"code", "--config", config_dir, example});
    REQUIRE(coded.status == 0);
    // The README names the file from the source folder; the test gives its whole path.
    std::string expected = coded.out;
    expected.replace(0, example.size(), "docs/examples/hizentra-two-sites.toml");
    CHECK(shown + "\n" == expected);
}

TEST_CASE("an export file name with ESC and a line break is escaped in the summary and in export batches") {
    // Found from outside: the name went raw into the export's summary and split a row of `export batches`.
    Folder folder;
    const auto db = (folder.dir / "clinic.db").string();
    auto nurse = test::demo_nurse(config_dir, db);
    nurse.insert(nurse.end(), {"import", "--sign", "--config", config_dir, "--db", db, example});
    const auto imported = test::run_cli(nurse);
    REQUIRE_MESSAGE(imported.status == 0, (imported.out + imported.err));
    const std::string password_file = db + ".billing.chen.pw";
    std::ofstream(password_file) << "biller-demo-1\n";
    ::chmod(password_file.c_str(), 0600);
    const std::vector<std::string> biller{"--config",     config_dir,        "--db",       db, "--user",
                                          "billing.chen", "--password-file", password_file};
    const std::string out = (folder.dir / "evil\x1b[31mred\nline.csv").string();
    auto args = biller;
    args.insert(args.end(), {"export", "--from", "2026-01-01", "--to", "2026-12-31", "--out", out});
    const auto exported = test::run_cli(args);
    CAPTURE(exported.out + exported.err);
    REQUIRE(exported.status == 0);
    CHECK(std::filesystem::exists(out));  // the name is the biller's to choose; only its printing is escaped
    CHECK_FALSE(raw_control(exported.out + exported.err));
    CHECK(exported.out.find("evil\\x1b[31mred\\nline.csv") != std::string::npos);
    args = biller;
    args.insert(args.end(), {"export", "batches"});
    const auto batches = test::run_cli(args);
    CAPTURE(batches.out + batches.err);
    CHECK_FALSE(raw_control(batches.out + batches.err));
    CHECK(lines_of(batches.out).size() == 2);                                // the header and the batch's one row
    CHECK(batches.out.find("2026-01-01..2026-12-31") != std::string::npos);  // the dates it covered
    CHECK(batches.out.find("evil\\x1b[31mred\\nline.csv") != std::string::npos);
}

TEST_CASE("a name's line separator and right-to-left override reach the terminal escaped, never raw") {
    // Found from outside: U+2028 and U+202E went raw onto the import's lines: the first breaks the line in many
    // viewers and log tools, the second shows the rest of the line reversed.
    Folder folder;
    const auto name_line = example_text().substr(example_text().find("name = \""));
    const std::string name = name_line.substr(0, name_line.find('\n'));
    const auto file =
        folder.write("bidi.toml", replaced(example_text(), name, R"(name = "Rivera\u2028, Ana\u202e ,x")"));
    const auto db = (folder.dir / "clinic.db").string();
    auto args = test::demo_nurse(config_dir, db);
    args.insert(args.end(), {"import", "--sign", "--config", config_dir, "--db", db, file});
    const auto imported = test::run_cli(args);
    const std::string all = imported.out + imported.err;
    CAPTURE(all);
    CHECK(all.find("not signed: The patient's name 'Rivera\\u2028, Ana\\u202e ,x'") != std::string::npos);
    CHECK(all.find("\xe2\x80\xa8") == std::string::npos);
    CHECK(all.find("\xe2\x80\xae") == std::string::npos);
    CHECK(core::terminal_safe("a\u2028b\u202ec\u2066d\u200fe") == "a\\u2028b\\u202ec\\u2066d\\u200fe");
    // The Arabic letter mark and the byte-order mark too (raw in visits show, found from outside); letters of every
    // script stay as they are.
    CHECK(core::terminal_safe("a\u061Cb\uFEFFc \u0639\u0631\u0628\u064A \u00e9") ==
          "a\\u061cb\\ufeffc \u0639\u0631\u0628\u064A \u00e9");
    CHECK(core::terminal_safe("Nguy\u1ec5n, L\u00ea") == "Nguy\u1ec5n, L\u00ea");  // letters are letters
}

TEST_CASE("import refuses a patient id holding a character that shows as nothing or passes for another") {
    // Found from outside: "MRN-900005\u202E" was saved as a new look-alike patient (its visit held), and stood in
    // later "also on record under" messages.
    Folder folder;
    const auto id_line = example_text().substr(example_text().find("id = \""));
    const std::string id = id_line.substr(0, id_line.find('\n'));
    const auto file = folder.write("lookalike.toml", replaced(example_text(), id, R"(id = "MRN-900005\u202e")"));
    const auto db = (folder.dir / "clinic.db").string();
    const auto imported = test::run_cli({"import", "--config", config_dir, "--db", db, file});
    const std::string all = imported.out + imported.err;
    CAPTURE(all);
    CHECK(imported.status == 2);
    CHECK(all.find("patient.id: the patient id 'MRN-900005\\u202e' holds U+202E") != std::string::npos);
    CHECK(all.find("nothing was saved") != std::string::npos);
    const auto list = test::run_cli({"visits", "list", "--config", config_dir, "--db", db});
    CHECK(list.out.find("MRN-900005") == std::string::npos);
}
