// Malformed and hostile visit files: every one comes back as an Error that says what and where
// (file, line, column when the TOML has a position), never a crash, a hang or a half-read visit.
// Inputs are built here byte by byte; the documented example is the well-formed starting point.
#include "app/code_visits.hpp"
#include "settings/visit_file.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>

using namespace infusion;

namespace {

const std::string format_line = "format = \"infusiondoc-visit-1\"\n";

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// docs/examples/hizentra-two-sites.toml: billable, 45 lines (dose on line 16, the first site's
// location on line 29). Each case below changes one thing in it.
const std::string& example() {
    static const std::string text =
        read_all(std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml");
    return text;
}

// The example with the first `from` replaced by `to`.
std::string example_with(const std::string& from, const std::string& to) {
    std::string text = example();
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "the example no longer contains: " << from);
    return text.replace(at, from.size(), to);
}

core::Result<settings::VisitFile> parse(const std::string& text) {
    return settings::parse_visit(text, "hostile.toml", test::repo_config().sites);
}

// The error of a text that must not read; also checks the use case refuses it with exit status 2.
std::optional<core::Error> error_of(const std::string& text) {
    auto read = parse(text);
    CHECK_FALSE(read.ok());
    if (read.ok()) return std::nullopt;
    const auto coded = app::code_text(text, "hostile.toml", test::repo_config());
    CHECK_FALSE(coded.valid());
    CHECK(app::code_exit_status({coded}) == 2);
    CHECK(read.error().file == "hostile.toml");
    return read.error();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A fresh directory under the system temp dir, removed with its contents at the end of the test.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        static int counter = 0;
        path = std::filesystem::temp_directory_path() /
               ("infusiondoc-hostile-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] std::filesystem::path write(const std::string& name, const std::string& bytes) const {
        const auto file = path / name;
        std::ofstream out(file, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        REQUIRE(out.good());
        return file;
    }
};

struct Expected {
    const char* what;     // the case, for the report
    std::string text;     // the whole file
    std::string message;  // must appear in the error message
    int line;             // expected line
    int column;           // expected column; 0: any known column
};

void check_cases(const std::vector<Expected>& cases) {
    for (const auto& c : cases) {
        CAPTURE(c.what);
        const auto error = error_of(c.text);
        if (!error) continue;
        const core::Error& e = *error;
        CAPTURE(e.describe());
        CHECK(contains(e.message, c.message));
        CHECK(e.pos.line == c.line);
        if (c.column > 0) {
            CHECK(e.pos.column == c.column);
        } else {
            CHECK(e.pos.column > 0);
        }
        // describe() is what a user reads on stderr: FILE:LINE:COL: message.
        CHECK(e.describe() ==
              "hostile.toml:" + std::to_string(e.pos.line) + ":" + std::to_string(e.pos.column) + ": " + e.message);
    }
}

}  // namespace

TEST_CASE("the unchanged example reads: the cases below fail because of their one change") {
    auto read = parse(example());
    REQUIRE_MESSAGE(read.ok(), read.error().describe());
    CHECK(read.value().visit.substances.at(0).dose == 8.0);
    CHECK(read.value().notices.empty());
}

TEST_CASE("TOML syntax errors name the line and column") {
    check_cases({
        {"unclosed table header", example_with("[patient]", "[patient"), "expected ']'", 3, 0},
        {"unterminated string", example_with("name = \"Rivera, Ana\"", "name = \"Rivera, Ana"), "string", 5, 0},
        {"key without a value", example_with("dose = 8.0", "dose ="), "", 16, 0},
        {"the same key twice", example_with("lot = \"P100234\"", "lot = \"P100234\"\nlot = \"P100235\""), "lot", 20, 0},
        {"garbage line", example_with("unit = \"g\"", "unit = \"g\"\n@@@ ???"), "", 18, 1},
        {"a value after the value", example_with("dose = 8.0", "dose = 8.0 g"), "", 16, 0},
    });
}

TEST_CASE("a TOML syntax error names the field it stands in, as the readers name it") {
    // toml++ says what and where ("expected minute between 0 and 59", line 26) but not which field;
    // a nurse fixing a file by hand looks for the field.
    check_cases({
        {"a minute of 75 in the stop", example_with("stop = 2026-03-02T10:25:00", "stop = 2026-03-02T10:75:00"),
         "pump_setups[0].stop: ", 26, 0},
        {"a month of 13 in the birth date", example_with("birth_date = 1961-07-14", "birth_date = 1961-13-14"),
         "patient.birth_date: ", 6, 0},
        {"the second site of the set-up", example_with("location = \"abdomen-right-lower\"", "location = \"abdomen"),
         "pump_setups[0].sites[1].location: ", 36, 0},
        {"a dotted key under a table", example_with("birth_date = 1961-07-14", "birth.date = 1961-07-32"),
         "patient.birth.date: ", 6, 0},
        {"a table header", example_with("[patient]", "[patient"), "patient: ", 3, 0},
        {"the second site's header: its index",
         example_with("  [[pump_setups.sites]]\n  location = \"abdomen-right",
                      "  [[pump_setups.sites]] x\n  location = \"abdomen-right"),
         "pump_setups[0].sites[1]: ", 35, 0},
        {"a quoted key, named without its quotes", example_with("name = \"Rivera, Ana\"", "\"name\" = Rivera"),
         "patient.name: ", 5, 0},
        {"inside an inline table: its own key",
         example_with("birth_date = 1961-07-14", "birth = { year = 1961, date = 1961-13-14 }"),
         "patient.birth.date: ", 6, 0},
        {"inside an array's inline table: the element and its key",
         example_with("birth_date = 1961-07-14",
                      "births = [ { date = 1961-07-14 }, { note = \"a, b\", date = 1961-07-32 } ]"),
         "patient.births[1].date: ", 6, 0},
        {"in an array's third element",
         example_with("birth_date = 1961-07-14", "dates = [ 1961-07-14, [1, 2], 1961-02-30 ]"), "patient.dates[2]: ", 6,
         0},
        {"an inline table's key not yet ended: the table only",
         example_with("birth_date = 1961-07-14", "birth = { year = 1961, da#te = 1 }"), "patient.birth: ", 6, 0},
        {"an inline table inside an array that starts a line is no header",
         example_with("[visit]\nclinician = \"rn.okafor\"", "[visit]\nmatrix = [\n[ {a = 1} ],\n]\nclinician = rn"),
         "visit.clinician: ", 12, 0},
    });
}

TEST_CASE("a syntax error on a key of NUL bytes keeps its message: the field is escaped") {
    // The field name went into the message raw; the message is a runtime_error's what(), which ends at
    // the first NUL: it read as empty (found by the fuzzer on a fresh machine).
    constexpr char text[] = "\0\0format = \"x\"\n";
    const auto error = error_of(std::string(text, sizeof text - 1));
    REQUIRE(error);
    CHECK(error->message.find("\\x00\\x00format: ") == 0);
    CHECK(error->message.find("Error while parsing") != std::string::npos);
}

TEST_CASE("a syntax error at the end of a large file names its field") {
    // The field's table was looked up line by line from the start for every table: an error at the end
    // of a 1 MB file with 20,000 notes took 15 s, one of 4 MiB minutes (now 0.7 s and 2 s under the
    // sanitizers: measured by hand, not asserted here).
    std::string text = example();
    for (int i = 0; i < 20000; ++i) {
        text += "\n[[notes]]\nat = 2026-03-02T09:45:00\ntext = \"Sites checked: no redness or swelling.\"\n";
    }
    text += "\n[[notes]]\nat = 2026-03-02T09:45:99\n";
    const auto error = error_of(text);
    REQUIRE(error);
    CHECK(error->message.find("notes[20001].at: ") == 0);
}

TEST_CASE("a syntax error inside a value spanning lines keeps toml++'s message without a guessed field") {
    const auto error = error_of(example_with("unit = \"g\"", "unit = \"g\"\nextra = [\n  1,\n  2 3,\n]"));
    REQUIRE(error);
    CAPTURE(error->describe());
    CHECK(error->pos.line == 20);
    CHECK(error->message.find("extra") == std::string::npos);
    CHECK(error->message.find(": Error") == std::string::npos);
}

TEST_CASE("a syntax error in a file on disk is reported with that file's path, line and column") {
    const std::string file = test::data_path("invalid/syntax-error.toml");
    const auto read = settings::read_visit_file(file, test::repo_config().sites);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().file == file);
    CHECK(read.error().pos.line == 5);
    CHECK(read.error().pos.column > 0);
    CHECK(contains(read.error().describe(), file + ":5:"));
    const auto coded = app::code_file(file, test::repo_config());
    CHECK_FALSE(coded.valid());
    CHECK(app::code_exit_status({coded}) == 2);
}

TEST_CASE("a field of the wrong type names the field, what it expected and what it found") {
    check_cases({
        {"dose as a string", example_with("dose = 8.0", "dose = \"8\""),
         "substances[0].dose: expected a number, found a string", 16, 8},
        {"dose as a boolean", example_with("dose = 8.0", "dose = true"),
         "substances[0].dose: expected a number, found a boolean", 16, 8},
        {"start as a string", example_with("start = 2026-03-02T09:10:00", "start = \"2026-03-02T09:10:00\""),
         "pump_setups[0].start: expected a date-time such as 2026-03-02T09:10:00, found a string", 25, 9},
        {"start as a date only", example_with("start = 2026-03-02T09:10:00", "start = 2026-03-02"),
         "pump_setups[0].start: expected a date-time such as 2026-03-02T09:10:00, found a date", 25, 9},
        {"start as a time only", example_with("start = 2026-03-02T09:10:00", "start = 09:10:00"),
         "pump_setups[0].start: expected a date-time such as 2026-03-02T09:10:00, found a time", 25, 9},
        {"stop as an integer", example_with("stop = 2026-03-02T10:25:00", "stop = 1025"),
         "pump_setups[0].stop: expected a date-time", 26, 8},
        {"prepped as a string", example_with("  prepped = true", "  prepped = \"yes\""),
         "pump_setups[0].sites[0].prepped: expected true or false, found a string", 31, 13},
        {"secured as an integer", example_with("  secured = true", "  secured = 1"),
         "pump_setups[0].sites[0].secured: expected true or false, found an integer", 33, 13},
        {"diagnoses not an array", example_with("diagnoses = [\"D80.1\"]", "diagnoses = \"D80.1\""),
         "visit.diagnoses: expected an array of strings, found a string", 12, 13},
        {"a diagnosis that is not a string", example_with("diagnoses = [\"D80.1\"]", "diagnoses = [\"D80.1\", 3]"),
         "visit.diagnoses[1]: expected a string, found an integer", 12, 23},
        {"birth date as a string", example_with("birth_date = 1961-07-14", "birth_date = \"1961-07-14\""),
         "patient.birth_date: expected a date such as 1961-07-14, found a string", 6, 14},
        {"birth date with a time", example_with("birth_date = 1961-07-14", "birth_date = 1961-07-14T00:00:00"),
         "patient.birth_date: expected a date such as 1961-07-14, found a date-time", 6, 14},
        {"note text as an array",
         example_with("text = \"Sites checked at 35 min: no redness or swelling.\"", "text = [\"Sites\"]"),
         "notes[0].text: expected a string, found an array", 45, 8},
        {"note kind as an integer", example_with("kind = \"monitoring\"", "kind = 3"),
         "notes[0].kind: expected a string, found an integer", 44, 8},
        {"format as an integer", example_with("format = \"infusiondoc-visit-1\"", "format = 1"),
         "format: expected a string, found an integer", 1, 10},
        {"patient as a string", format_line + "patient = \"Rivera, Ana\"\n",
         "patient: expected a table, found a string", 2, 11},
        {"visit as an array", format_line + "visit = [1]\n", "visit: expected a table, found an array", 2, 9},
        {"substances as one table", format_line + "[substances]\nname = \"Hizentra\"\n",
         "substances: expected an array of tables, found a table", 2, 0},
        {"sites as a string", format_line + "[[pump_setups]]\nsites = \"abdomen-left-lower\"\n",
         "pump_setups[0].sites: expected an array of tables, found a string", 3, 9},
        {"sites as an array of strings", format_line + "[[pump_setups]]\nsites = [\"abdomen-left-lower\"]\n",
         "pump_setups[0].sites[0]: expected a table, found a string", 3, 10},
        {"sites as one inline table", format_line + "[[pump_setups]]\nsites = { location = \"arm-left\" }\n",
         "pump_setups[0].sites: expected an array of tables, found a table", 3, 9},
        {"pauses as an array of integers", format_line + "[[pump_setups]]\npauses = [5]\n",
         "pump_setups[0].pauses[0]: expected a table, found an integer", 3, 11},
        {"notes as an integer", format_line + "notes = 3\n", "notes: expected an array of tables, found an integer", 2,
         9},
    });
}

TEST_CASE("a value format 1 does not allow is an error that lists what is allowed") {
    check_cases({
        {"unit kg", example_with("unit = \"g\"", "unit = \"kg\""),
         "substances[0].unit: 'kg' is not allowed: use \"g\", \"mg\", \"mL\" or \"units\"", 17, 8},
        {"aspiration maybe", example_with("  aspiration = \"no-blood\"", "  aspiration = \"maybe\""),
         "pump_setups[0].sites[0].aspiration: 'maybe' is not allowed", 32, 16},
        {"setting home", example_with("setting = \"office\"", "setting = \"home\""),
         "visit.setting: 'home' is not allowed: use \"office\" or \"facility\"", 10, 11},
        {"note kind gossip", example_with("kind = \"monitoring\"", "kind = \"gossip\""),
         "notes[0].kind: 'gossip' is not allowed", 44, 8},
        {"unknown time zone", example_with("America/New_York", "Mars/Olympus_Mons"),
         "visit.time_zone: unknown time zone 'Mars/Olympus_Mons'", 11, 13},
        {"a path for a time zone", example_with("America/New_York", "../../../etc/passwd"),
         "visit.time_zone: unknown time zone", 11, 13},
        {"unknown site", example_with("abdomen-right-lower", "forehead"),
         "pump_setups[0].sites[1].location: unknown site 'forehead'", 36, 14},
        {"a site id in another case", example_with("abdomen-left-lower", "Abdomen-Left-Lower"),
         "unknown site 'Abdomen-Left-Lower'", 29, 14},
        {"format 2", example_with("infusiondoc-visit-1", "infusiondoc-visit-2"),
         "format: 'infusiondoc-visit-2' is not a visit format this program reads", 1, 10},
        {"empty format", example_with("infusiondoc-visit-1", ""), "format: '' is not a visit format", 1, 10},
        {"no format", example_with(format_line, "# format forgotten\n"), "format: missing", 1, 1},
    });
    // The unknown site's message helps the nurse: it lists the ids that exist.
    const auto e = error_of(example_with("abdomen-right-lower", "forehead"));
    REQUIRE(e);
    CHECK(contains(e->message, "abdomen-left-lower"));
    CHECK(contains(e->message, "thigh-left"));
}

TEST_CASE("dates and times that do not exist are syntax errors at their place") {
    check_cases({
        {"30 February", example_with("start = 2026-03-02T09:10:00", "start = 2026-02-30T09:10:00"), "day", 25, 0},
        {"29 February of a common year", example_with("birth_date = 1961-07-14", "birth_date = 1961-02-29"), "day", 6,
         0},
        {"month 13", example_with("birth_date = 1961-07-14", "birth_date = 1961-13-14"), "month", 6, 0},
        {"hour 24", example_with("stop = 2026-03-02T10:25:00", "stop = 2026-03-02T24:00:00"), "hour between 0 and 23",
         26, 0},
        {"second 60", example_with("stop = 2026-03-02T10:25:00", "stop = 2026-03-02T10:25:60"), "second", 26, 0},
        {"offset +24:00", example_with("stop = 2026-03-02T10:25:00", "stop = 2026-03-02T10:25:00+24:00"), "hour", 26,
         0},
    });
}

TEST_CASE("huge and non-finite numbers are errors, not wrapped, clamped or infinite doses") {
    check_cases({
        {"integer overflow", example_with("dose = 8.0", "dose = 99999999999999999999"), "not representable", 16, 0},
        {"negative integer overflow", example_with("dose = 8.0", "dose = -99999999999999999999"), "", 16, 0},
        {"float overflow 1e400", example_with("dose = 8.0", "dose = 1e400"), "1e400", 16, 0},
        {"dose = inf", example_with("dose = 8.0", "dose = inf"), "substances[0].dose: must be a finite number", 16, 8},
        {"dose = -inf", example_with("dose = 8.0", "dose = -inf"), "substances[0].dose: must be a finite number", 16,
         8},
        {"dose = nan", example_with("dose = 8.0", "dose = nan"), "substances[0].dose: must be a finite number", 16, 8},
        {"dose = -nan", example_with("dose = 8.0", "dose = -nan"), "substances[0].dose: must be a finite number", 16,
         8},
        {"wasted = +inf", example_with("wasted = 0.0", "wasted = +inf"),
         "substances[0].wasted: must be a finite number", 20, 10},
    });
}

TEST_CASE("deep nesting is refused with an error, not a stack overflow") {
    const auto nested = [](std::size_t depth, const std::string& open, const std::string& close) {
        std::string value;
        for (std::size_t i = 0; i < depth; ++i) value += open;
        value += "1";
        for (std::size_t i = 0; i < depth; ++i) value += close;
        return value;
    };
    std::string dotted_key = "deep";
    std::string header = "[deep";
    for (int i = 0; i < 100000; ++i) {
        dotted_key += ".a";
        header += ".a";
    }
    std::string dotted_in_inline = "deep = {";
    for (int i = 0; i < 100000; ++i) dotted_in_inline += "a.";
    dotted_in_inline += "b = 1}";
    check_cases({
        {"5000 nested arrays", format_line + "deep = " + nested(5000, "[", "]") + "\n", "nested", 2, 0},
        {"5000 nested inline tables", format_line + "deep = " + nested(5000, "{a = ", "}") + "\n", "nested", 2, 0},
        {"arrays and inline tables", format_line + "deep = " + nested(3000, "[{a = ", "}]") + "\n", "nested", 2, 0},
        // toml++ does not count these: without our own limit they overflowed the stack (SIGSEGV).
        {"a 100,000-level dotted key", format_line + dotted_key + " = 1\n", "nested", 2, 0},
        {"a 100,000-level table header", format_line + header + "]\n", "nested", 2, 0},
        {"a 100,000-level array-of-tables header", format_line + "[" + header + "]]\n", "nested", 2, 0},
        {"a 100,000-level key in an inline table", format_line + dotted_in_inline + "\n", "nested", 2, 0},
        {"deep header, then deep key",
         format_line + header.substr(0, 601) + "]\n" + dotted_key.substr(0, 604) + " = 1\n", "nested", 3, 0},
    });
    // Below the limits, such keys are merely unknown: a warning, and the visit still reads.
    const std::string moderate = example() + "\n[extension]\n" + dotted_key.substr(0, 4 + 2 * 100) +
                                 " = 1.5\nlist = " + nested(200, "[", "]") + "\n" + "\"quoted.dots.are.one.key\" = 1\n";
    auto read = parse(moderate);
    REQUIRE_MESSAGE(read.ok(), read.error().describe());
    REQUIRE(read.value().notices.size() == 1);
    CHECK(read.value().notices[0].field == "extension");
}

TEST_CASE("invalid UTF-8 and NUL bytes are errors at their place") {
    check_cases({
        {"0xFF in a string", example_with("Rivera, Ana", "Rivera, Ana\xFF"), "utf-8", 5, 0},
        {"a broken sequence in a key", example_with("lot = ", "l\xC3\x28t = "), "utf-8", 19, 0},
        {"an overlong slash in a string",
         example_with("27G 9mm",
                      "27G\xC0\xAF"
                      "9mm"),
         "utf-8", 30, 0},
        {"an encoded surrogate", example_with("Rivera, Ana", "Rivera\xED\xA0\x80"), "utf-8", 5, 0},
        {"a truncated sequence at the end", example() + "# \xE2\x82", "utf-8", 46, 0},
        {"a lone continuation byte in a comment", example_with("[visit]", "[visit] # \x80"), "utf-8", 8, 0},
        {"NUL in a string", example_with("Rivera, Ana", std::string("Rivera,\0Ana", 11)), "control", 5, 0},
        {"NUL between keys", example_with("[visit]\n", std::string("[visit]\n\0", 9)), "", 9, 1},
        {"NUL as the first byte", std::string(1, '\0') + example(), "", 1, 1},
        {"escaped surrogate", example_with("Rivera, Ana", "Rivera\\uD800"), "surrogate", 5, 0},
        {"escape above U+10FFFF", example_with("Rivera, Ana", "Rivera\\U00110000"), "", 5, 0},
    });
}

TEST_CASE("an empty or blank file says the format line is missing, at 1:1") {
    for (const std::string& text :
         {std::string(), std::string("\n\n\n"), std::string("# only a comment\n"), std::string("\xEF\xBB\xBF")}) {
        CAPTURE(text);
        const auto e = error_of(text);
        REQUIRE(e);
        CHECK(contains(e->message, "format: missing"));
        CHECK(e->describe() == "hostile.toml:1:1: " + e->message);
    }
}

TEST_CASE("files from other systems read: a byte order mark and CRLF line ends") {
    std::string crlf;
    for (char c : example()) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    for (const std::string& text : {"\xEF\xBB\xBF" + example(), crlf}) {
        const auto coded = app::code_text(text, "windows.toml", test::repo_config());
        REQUIRE(coded.valid());
        CHECK(coded.coding.billable);
        CHECK(test::summary(coded.coding.lines) == "96369x1 J1559x80:JZ");
    }
}

TEST_CASE("what is not a readable file is an error naming the path") {
    TempDir dir;
    const auto& sites = test::repo_config().sites;

    SUBCASE("a directory") {
        const auto read = settings::read_visit_file(dir.path, sites);
        REQUIRE_FALSE(read.ok());
        CHECK(read.error().describe() == dir.path.string() + ": not a regular file");
        CHECK(app::code_exit_status({app::code_file(dir.path, test::repo_config())}) == 2);
    }
    SUBCASE("a missing file") {
        const auto missing = dir.path / "no-such-visit.toml";
        const auto read = settings::read_visit_file(missing, sites);
        REQUIRE_FALSE(read.ok());
        CHECK(read.error().describe() == missing.string() + ": no such file");
        CHECK(app::code_exit_status({app::code_file(missing, test::repo_config())}) == 2);
    }
    SUBCASE("a device that never ends") {
        if (std::filesystem::exists("/dev/zero")) {
            const auto read = settings::read_visit_file("/dev/zero", sites);
            REQUIRE_FALSE(read.ok());
            CHECK(read.error().describe() == "/dev/zero: not a regular file");
        }
    }
    SUBCASE("an empty file") {
        const auto file = dir.write("empty.toml", "");
        const auto read = settings::read_visit_file(file, sites);
        REQUIRE_FALSE(read.ok());
        CHECK(read.error().describe() == file.string() +
                                             ":1:1: format: missing: a visit file starts with format = "
                                             "\"infusiondoc-visit-1\"");
    }
    SUBCASE("a file with a NUL byte") {
        const auto file = dir.write("nul.toml", example_with("[visit]\n", std::string("[visit]\n\0", 9)));
        const auto read = settings::read_visit_file(file, sites);
        REQUIRE_FALSE(read.ok());
        CHECK(read.error().file == file.string());
        CHECK(read.error().pos.line == 9);
        CHECK(read.error().pos.column == 1);
    }
}

TEST_CASE("the 4 MiB limit: a visit file of exactly 4 MiB reads, one byte more does not") {
    TempDir dir;
    const auto& sites = test::repo_config().sites;
    std::string text = example() + "# padding ";
    text.resize(settings::max_visit_file_bytes - 1, 'x');
    text += '\n';
    REQUIRE(text.size() == settings::max_visit_file_bytes);

    const auto at_limit = dir.write("at-limit.toml", text);
    const auto coded = app::code_file(at_limit, test::repo_config());
    REQUIRE_MESSAGE(coded.valid(), coded.error->describe());
    CHECK(coded.coding.billable);

    text.insert(text.end() - 1, 'x');
    const auto over = dir.write("over-limit.toml", text);
    const auto read = settings::read_visit_file(over, sites);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().file == over.string());
    CHECK(contains(read.error().message, "larger than 4096 KiB"));
    CHECK_FALSE(read.error().pos.known());
    CHECK(app::code_exit_status({app::code_file(over, test::repo_config())}) == 2);

    // A file much larger than the limit is refused without reading it all.
    const auto huge = dir.path / "huge.toml";
    std::filesystem::copy_file(over, huge);
    std::filesystem::resize_file(huge, 64U * 1024U * 1024U);
    CHECK_FALSE(settings::read_visit_file(huge, sites).ok());

    // The same limit holds for text handed over in memory.
    const auto in_memory = settings::parse_visit(text, "pasted.toml", sites);
    REQUIRE_FALSE(in_memory.ok());
    CHECK(in_memory.error().describe() == "pasted.toml: the file is too large to be a visit file");
}

TEST_CASE("a very long line is read when valid and located when not") {
    const std::string long_name(3'000'000, 'n');
    auto read = parse(example_with("Rivera, Ana", long_name));
    REQUIRE(read.ok());
    CHECK(read.value().visit.patient.name == long_name);

    const auto e = error_of(example_with("[visit]", "[visit]\n" + std::string(3'000'000, 'k')));
    REQUIRE(e);
    CHECK(e->pos.line == 9);
    CHECK(e->pos.column > 0);
}

TEST_CASE("a file of the dose-as-string example in tests/data is refused with its place") {
    const std::string file = test::data_path("invalid/dose-as-string.toml");
    const auto coded = app::code_file(file, test::repo_config());
    REQUIRE_FALSE(coded.valid());
    CHECK(coded.error->describe() == file + ":13:8: substances[0].dose: expected a number, found a string");
    CHECK(app::code_exit_status({coded}) == 2);
}

TEST_CASE("blanks around a patient id in a visit file are no part of it") {
    // Found from outside: " MRN-7 " and "MRN-7" followed by a no-break space were new patients, each
    // billing the first hour again on the date.
    for (const char* spelled : {" MRN-004211 ", "MRN-004211\u00a0", "\u3000MRN-004211\t"}) {
        CAPTURE(spelled);
        auto read = parse(example_with("id = \"MRN-004211\"", std::string("id = \"") + spelled + "\""));
        REQUIRE(read.ok());
        CHECK(read.value().visit.patient.id == "MRN-004211");
    }
}
