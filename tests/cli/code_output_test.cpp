// `infusiondoc code`, in-process: what a user or a script reads (text table, one JSON object per file
// per line, FILE:LINE:COL on stderr) and the exit status (0 billable, 1 held, 2 invalid input or usage).
#include "cli/cli.hpp"
#include "support/test_support.hpp"

#include "support/cli_run.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

using namespace infusion;
using nlohmann::json;

namespace {

using Run = test::CliRun;

Run run(std::vector<std::string> args) { return test::run_cli(std::move(args)); }

const std::string config_dir = std::string(INFUSIONDOC_SOURCE_DIR) + "/config";
const std::string example = std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml";
const std::string unknown_keys = test::data_path("visits/unknown-keys.toml");
const std::string blocked = test::data_path("visits/blocked-no-stop.toml");
const std::string dose_as_string = test::data_path("invalid/dose-as-string.toml");

Run code(const std::vector<std::string>& files, const std::string& format = "text") {
    std::vector<std::string> args{"code", "--config", config_dir, "--format", format};
    args.insert(args.end(), files.begin(), files.end());
    return run(args);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// stdout of --format json: exactly one line per file, each a JSON object with the documented keys.
std::vector<json> json_reports(const Run& r, std::size_t files) {
    CHECK(std::count(r.out.begin(), r.out.end(), '\n') == static_cast<std::ptrdiff_t>(files));
    CHECK((r.out.empty() || r.out.back() == '\n'));
    std::vector<json> out;
    for (const auto& line : lines_of(r.out)) {
        CAPTURE(line);
        json j = json::parse(line, nullptr, false);
        REQUIRE_FALSE(j.is_discarded());
        REQUIRE(j.is_object());
        CHECK(j.at("file").is_string());
        CHECK(j.at("billable").is_boolean());
        CHECK((j.at("infusion_minutes").is_number_integer() || j.at("infusion_minutes").is_null()));
        REQUIRE(j.at("lines").is_array());
        for (const auto& l : j.at("lines")) {
            CHECK(l.at("code").is_string());
            CHECK(l.at("units").is_number_integer());
            REQUIRE(l.at("modifiers").is_array());
            for (const auto& m : l.at("modifiers")) CHECK(m.is_string());
            CHECK(l.at("reason").is_string());
            CHECK_FALSE(l.at("reason").get<std::string>().empty());
        }
        REQUIRE(j.at("problems").is_array());
        for (const auto& p : j.at("problems")) {
            CHECK(std::set<std::string>{"error", "warning"}.count(p.at("severity").get<std::string>()) == 1);
            CHECK_FALSE(p.at("code").get<std::string>().empty());
            CHECK(p.at("field").is_string());
            CHECK_FALSE(p.at("message").get<std::string>().empty());
        }
        out.push_back(std::move(j));
    }
    REQUIRE(out.size() == files);
    return out;
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        static int counter = 0;
        path = std::filesystem::temp_directory_path() /
               ("infusiondoc-cli-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] std::string write(const std::string& name, const std::string& bytes) const {
        const auto file = path / name;
        std::ofstream out(file, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        REQUIRE(out.good());
        return file.string();
    }
};

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("text: a billable visit shows its lines with units, modifiers and reasons, and exits 0") {
    const auto r = code({example});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() >= 4);
    CHECK(lines[0] == example + ": billable | patient MRN-004211 | SC infusion 75 min | 2026-03-02 | office (POS 11)");
    CHECK(lines[1] == "  code    units  modifiers  reason");
    CHECK(lines[2].rfind("  96369   1                 SC infusion 75 min: 96369, first hour", 0) == 0);
    CHECK(lines[3].rfind("  J1559   80     JZ         Hizentra 8 g = 80 x 100 mg", 0) == 0);
    CHECK(contains(lines[3], "[NDC 44206-0451-01 ML 40]"));  // edition 2: the package's unit
}

TEST_CASE("text: units wider than their column still leave a blank before the modifiers") {
    // A dose typed as 1000000 g gave "10000000JZ": a reader (or awk) saw one column.
    TempDir dir;
    std::string visit = read_all(example);
    const auto at = visit.find("dose = 8");
    REQUIRE(at != std::string::npos);
    // The most units a drug line may carry (more hold the claim without a line: substance.units-implausible).
    visit.replace(at, 8, "dose = 9999");  // 9999.0 g
    const auto r = code({dir.write("huge-dose.toml", visit)});
    const auto lines = lines_of(r.out);
    // Held (substance.dose-implausible: 50 litres), its lines still listed as the ones it would support.
    CHECK(std::any_of(lines.begin(), lines.end(), [](const std::string& line) {
        return line.rfind("  J1559   99990  JZ         Hizentra", 0) == 0;
    }));
    CHECK(contains(r.out, "substance.dose-implausible"));
}

TEST_CASE("text: problems are listed with FILE:LINE:COL, severity, code, message and field") {
    SUBCASE("unknown keys: warnings at the key itself, the visit still billable") {
        const auto r = code({unknown_keys});
        CHECK(r.status == 0);
        CHECK(contains(r.out, unknown_keys + ": billable"));
        CHECK(contains(r.out, "  " + unknown_keys +
                                  ":40:3: warning file.unknown-key: Unknown key 'pump_setups[0].sites[0].colour' "
                                  "(line 40) was ignored [pump_setups[0].sites[0].colour]\n"));
        CHECK(contains(r.out, "  " + unknown_keys +
                                  ":4:1: warning file.unknown-key: Unknown key 'exported_by' (line 4) was ignored "
                                  "[exported_by]\n"));
    }
    SUBCASE("a blocked visit: the error points at its set-up, the held lines are shown as such, exit 1") {
        const auto r = code({blocked});
        CHECK(r.status == 1);
        CHECK(contains(r.out, blocked + ": BLOCKED, the claim is held"));
        CHECK(contains(r.out, "lines the documentation would support once the errors are fixed:"));
        CHECK(contains(r.out, "  " + blocked + ":17:1: error time.stop-missing: "));
        CHECK(contains(r.out, "[pump_setups[0].stop]\n"));
    }
}

TEST_CASE("text: an invalid file is reported on stderr as FILE:LINE:COL and exits 2") {
    const auto r = code({dose_as_string});
    CHECK(r.status == 2);
    CHECK(r.err == dose_as_string + ":13:8: substances[0].dose: expected a number, found a string\n");
    CHECK(contains(r.out, dose_as_string + ": NOT A VALID VISIT FILE: "));
}

TEST_CASE("json: one object per file per line with file, billable, minutes, lines and problems") {
    const auto r = code({example, unknown_keys, blocked}, "json");
    CHECK(r.status == 1);  // one visit is held
    CHECK(r.err.empty());
    const auto reports = json_reports(r, 3);

    const json& first = reports[0];
    CHECK(first["file"] == example);
    CHECK(first["billable"] == true);
    CHECK(first["infusion_minutes"] == 75);
    REQUIRE(first["lines"].size() == 2);
    CHECK(first["lines"][0]["code"] == "96369");
    CHECK(first["lines"][0]["units"] == 1);
    CHECK(first["lines"][0]["modifiers"] == json::array());
    CHECK(first["lines"][1]["code"] == "J1559");
    CHECK(first["lines"][1]["units"] == 80);
    CHECK(first["lines"][1]["modifiers"] == json::array({"JZ"}));
    CHECK(first["problems"] == json::array());

    const json& second = reports[1];
    CHECK(second["billable"] == true);
    CHECK(second["lines"].size() == 2);
    REQUIRE(second["problems"].size() == 7);
    std::set<std::string> fields;
    for (const auto& p : second["problems"]) {
        CHECK(p["severity"] == "warning");
        CHECK(p["code"] == "file.unknown-key");
        fields.insert(p["field"].get<std::string>());
        if (p["field"] == "patient.room") {
            CHECK(p["line"] == 10);
            CHECK(p["column"] == 1);
        }
    }
    CHECK(fields.count("pump_setups[0].sites[0].colour") == 1);
    CHECK(fields.count("signature") == 1);

    const json& third = reports[2];
    CHECK(third["file"] == blocked);
    CHECK(third["billable"] == false);
    CHECK(third["infusion_minutes"].is_null());
    CHECK(third["lines"] == json::array());
    bool stop_missing = false;
    for (const auto& p : third["problems"]) {
        if (p["code"] == "time.stop-missing") {
            stop_missing = true;
            CHECK(p["severity"] == "error");
            CHECK(p["field"] == "pump_setups[0].stop");
        }
    }
    CHECK(stop_missing);
}

TEST_CASE("json: an invalid file still gets its object, FILE:LINE:COL goes to stderr, and the run exits 2") {
    SUBCASE("invalid, then fine") {
        const auto r = code({dose_as_string, example}, "json");
        CHECK(r.status == 2);
        CHECK(r.err == dose_as_string + ":13:8: substances[0].dose: expected a number, found a string\n");
        const auto reports = json_reports(r, 2);
        CHECK(reports[0]["file"] == dose_as_string);
        CHECK(reports[0]["billable"] == false);
        CHECK(reports[0]["infusion_minutes"].is_null());
        CHECK(reports[0]["lines"] == json::array());
        REQUIRE(reports[0]["problems"].size() == 1);
        const json& p = reports[0]["problems"][0];
        CHECK(p["severity"] == "error");
        CHECK(p["code"] == "file.invalid");
        CHECK(p["message"] == "substances[0].dose: expected a number, found a string");
        CHECK(p["field"] == "substances[0].dose");  // it was "" (found from outside)
        CHECK(p["line"] == 13);
        CHECK(p["column"] == 8);
        CHECK(reports[1]["billable"] == true);
    }
    SUBCASE("fine, blocked, then missing: 2 wins over 1") {
        const std::string missing = test::data_path("visits/no-such-visit.toml");
        const auto r = code({example, blocked, missing}, "json");
        CHECK(r.status == 2);
        CHECK(r.err == missing + ": no such file\n");
        const auto reports = json_reports(r, 3);
        CHECK(reports[2]["file"] == missing);
        CHECK(reports[2]["problems"][0]["message"] == "no such file");
        CHECK_FALSE(reports[2]["problems"][0].contains("line"));
    }
    SUBCASE("a directory and a hostile file") {
        TempDir dir;
        std::string deep = "format = \"infusiondoc-visit-1\"\nx";
        for (int i = 0; i < 100000; ++i) deep += ".a";
        const std::string hostile = dir.write("deep.toml", deep + " = 1\n");
        const auto r = code({dir.path.string(), hostile, example}, "json");
        CHECK(r.status == 2);
        const auto err = lines_of(r.err);
        REQUIRE(err.size() == 2);
        CHECK(err[0] == dir.path.string() + ": not a regular file");
        CHECK(err[1].rfind(hostile + ":2:", 0) == 0);
        const auto reports = json_reports(r, 3);
        CHECK(reports[1]["problems"][0]["line"] == 2);
        CHECK(reports[2]["billable"] == true);
    }
}

TEST_CASE("json: a file name with a newline and a byte that is not UTF-8 still gives one line of JSON") {
    TempDir dir;
    const std::string odd = dir.write("visit\nnext \xFF.toml", read_all(example));
    const std::string odd_invalid = dir.write("bad\n\xC3.toml", read_all(dose_as_string));
    const auto r = code({odd, odd_invalid}, "json");
    CHECK(r.status == 2);
    const auto reports = json_reports(r, 2);
    CHECK(reports[0]["billable"] == true);
    CHECK(contains(reports[0]["file"].get<std::string>(), "visit\nnext "));
    CHECK(reports[1]["problems"][0]["code"] == "file.invalid");
}

TEST_CASE("json: an invalid file's error names no field when its message begins with none") {
    const std::string missing = test::data_path("visits/no-such-visit.toml");
    const auto r = code({missing}, "json");
    const auto reports = json_reports(r, 1);
    CHECK(reports[0]["problems"][0]["field"] == "");
}

TEST_CASE("configuration: a missing, empty or broken --config dir exits 2 and says why") {
    SUBCASE("a folder that does not exist") {
        const auto r = run({"code", "--config", "/nonexistent/infusiondoc-config", "--format", "json", example});
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK(contains(r.err, "/nonexistent/infusiondoc-config"));
    }
    SUBCASE("a folder without the config files") {
        TempDir dir;
        const auto r = run({"--config", dir.path.string(), "code", example});
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK(contains(r.err, "no configuration found"));
        CHECK(contains(r.err, dir.path.string()));
    }
    SUBCASE("a config file with an error names it with line and column") {
        TempDir dir;
        for (const auto& entry : std::filesystem::directory_iterator(config_dir)) {
            std::filesystem::copy_file(entry.path(), dir.path / entry.path().filename());
        }
        std::string rules = read_all((dir.path / "coding-rules.toml").string());
        const auto at = rules.find("overlap = \"union\"");
        REQUIRE(at != std::string::npos);
        rules.replace(at, 17, "overlap = \"most\"");
        const int line =
            1 + static_cast<int>(std::count(rules.begin(), rules.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
        (void)dir.write("coding-rules.toml", rules);
        const auto r = run({"code", "--config", dir.path.string(), "--format", "json", example});
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK(r.err.rfind((dir.path / "coding-rules.toml").string() + ":" + std::to_string(line) + ":", 0) == 0);
        CHECK(contains(r.err, "time.overlap: 'most' is not one of \"union\", \"sum\""));
    }
}

TEST_CASE("usage: --help exits 0, mistakes in the command line exit 2") {
    const auto help = run({"--help"});
    CHECK(help.status == 0);
    CHECK(contains(help.out, "code"));
    const auto code_help = run({"code", "--help"});
    CHECK(code_help.status == 0);
    CHECK(contains(code_help.out, "--format"));
    const auto version = run({"--version"});
    CHECK(version.status == 0);
    CHECK(contains(version.out, "infusiondoc"));

    CHECK(run({}).status == 2);                                // no subcommand
    CHECK(run({"bill", example}).status == 2);                 // unknown subcommand
    CHECK(run({"code", "--config", config_dir}).status == 2);  // no file
    CHECK(run({"code", "--config", config_dir, "--format", "xml", example}).status == 2);
    CHECK(run({"code", "--config", config_dir, "--colour", example}).status == 2);
}
