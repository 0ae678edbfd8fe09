// A broken config/ file stops load_config() with an Error that names that file and the line, so
// whoever edited it can find the mistake. Each case copies the repository's config/ to a temp dir
// and breaks one thing in one file.
#include "settings/config.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

using namespace infusion;

namespace {

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    REQUIRE(out.good());
}

// A copy of the repository's config/ in a fresh temp dir, removed at the end of the test.
struct ConfigCopy {
    std::filesystem::path dir;
    ConfigCopy() {
        static int counter = 0;
        dir = std::filesystem::temp_directory_path() /
              ("infusiondoc-config-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        for (const auto& entry : std::filesystem::directory_iterator(std::string(INFUSIONDOC_SOURCE_DIR) + "/config")) {
            std::filesystem::copy_file(entry.path(), dir / entry.path().filename());
        }
    }
    ~ConfigCopy() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    ConfigCopy(const ConfigCopy&) = delete;
    ConfigCopy& operator=(const ConfigCopy&) = delete;

    // Replaces the first `from` in `file` by `to`; returns the line on which `to` begins.
    int replace(const std::string& file, const std::string& from, const std::string& to) const {
        std::string text = read_all(dir / file);
        const auto at = text.find(from);
        REQUIRE_MESSAGE(at != std::string::npos, file << " no longer contains: " << from);
        text.replace(at, from.size(), to);
        write_all(dir / file, text);
        return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    }
};

// load_config() must fail on `file`, at `line`, with `words` in the message.
void check_fails_at(const ConfigCopy& copy, const std::string& file, int line, const std::string& words) {
    const auto loaded = settings::load_config(copy.dir);
    REQUIRE_FALSE(loaded.ok());
    const core::Error& e = loaded.error();
    CAPTURE(e.describe());
    CHECK(e.file == (copy.dir / file).string());
    CHECK(e.pos.line == line);
    CHECK(e.pos.column > 0);
    CHECK(e.message.find(words) != std::string::npos);
    CHECK(e.describe().rfind((copy.dir / file).string() + ":" + std::to_string(line) + ":", 0) == 0);
}

}  // namespace

TEST_CASE("an unchanged copy of config/ loads: each failure below comes from its one change") {
    const ConfigCopy copy;
    const auto loaded = settings::load_config(copy.dir);
    REQUIRE_MESSAGE(loaded.ok(), loaded.error().describe());
    CHECK(loaded.value().sites.sites.size() == test::repo_config().sites.sites.size());
}

TEST_CASE("clinic.toml: an unknown key is an error (a typo), not a warning") {
    const ConfigCopy copy;
    const int line = copy.replace("clinic.toml", "tax_id = ", "tax_ld = ");
    check_fails_at(copy, "clinic.toml", line, "clinic.tax_ld: unknown key");
}

TEST_CASE("clinic.toml: an unknown table is an error") {
    const ConfigCopy copy;
    const int line = copy.replace("clinic.toml", "[codes]", "[code]");
    check_fails_at(copy, "clinic.toml", line, "code: unknown key");
}

TEST_CASE("clinic.toml: an unknown time zone is an error at the time_zone line") {
    const ConfigCopy copy;
    const int line = copy.replace("clinic.toml", "\"America/New_York\"", "\"America/Springfield\"");
    check_fails_at(copy, "clinic.toml", line, "clinic.time_zone: unknown time zone 'America/Springfield'");
}

TEST_CASE("clinic.toml: a setting that is not office or facility is an error") {
    const ConfigCopy copy;
    const int line = copy.replace("clinic.toml", "setting = \"office\"", "setting = \"home\"");
    check_fails_at(copy, "clinic.toml", line, "clinic.setting: 'home' is not one of \"office\", \"facility\"");
}

TEST_CASE("clinic.toml: an NPI, place of service or revenue code that cannot be one is an error at its line") {
    // Found from outside: npi = "12" went out as MSH-4 on every HL7 message, "1X" into PV1-3.
    struct Case {
        const char* from;
        const char* to;
        const char* words;
    };
    for (const Case& c : {Case{"npi = \"1234567893\"", "npi = \"12\"", "clinic.npi: '12' is not an NPI"},
                          Case{"npi = \"1234567893\"", "npi = \"1234567890\"", "Luhn check digit"},
                          Case{"place_of_service_office = \"11\"", "place_of_service_office = \"1X\"",
                               "codes.place_of_service_office: '1X' is not a place of service code (2 digits)"},
                          Case{"revenue_code = \"0510\"", "revenue_code = \"ABCDEFG\"",
                               "codes.revenue_code: 'ABCDEFG' is not a revenue code (4 digits)"}}) {
        CAPTURE(c.to);
        const ConfigCopy copy;
        const int line = copy.replace("clinic.toml", c.from, c.to);
        check_fails_at(copy, "clinic.toml", line, c.words);
    }
}

namespace {

// The message of loading a copy of config/ with `substance` added at the end of substances.toml.
std::string load_error_with(const std::string& substance) {
    const ConfigCopy copy;
    write_all(copy.dir / "substances.toml", read_all(copy.dir / "substances.toml") + substance);
    const auto loaded = settings::load_config(copy.dir);
    REQUIRE_FALSE(loaded.ok());
    return loaded.error().message;
}

}  // namespace

TEST_CASE("substances.toml: an id, name or alias that names two substances is an error at its line") {
    // Found from outside: a second [[substance]] with id "hizentra" (J9999) was read, and the first won.
    const ConfigCopy copy;
    std::string text = read_all(copy.dir / "substances.toml");
    text += "\n[[substance]]\nid = \"HIZENTRA\"\nname = \"Look-alike\"\nhcpcs = \"\"\n";
    write_all(copy.dir / "substances.toml", text);
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n')) - 3;
    check_fails_at(copy, "substances.toml", line, "'HIZENTRA' names substance[0] (Hizentra) already");

    // One package NDC under two products (found from outside: a visit giving it was billed as the first).
    CHECK(load_error_with("\n[[substance]]\nid = \"other-ig\"\nname = \"Other IG\"\nhcpcs = \"\"\nndcs = "
                          "[\"44206-451-01\"]\n")
              .find("'44206-451-01' is listed by substance[0] (Hizentra) already") != std::string::npos);
    CHECK(load_error_with("\n[[substance]]\nid = \"other\"\nname = \"Other\"\naliases = [\"igpro20\"]\nhcpcs = \"\"\n")
              .find("'igpro20' names substance[0] (Hizentra) already") != std::string::npos);
}

TEST_CASE("coding-rules.toml: two MUE rows for one code, setting and date are an error, dated ones are not") {
    const ConfigCopy copy;
    std::string text = read_all(copy.dir / "coding-rules.toml");
    text +=
        "\n[[mue]]\ncode = \"96369\"\nsetting = \"office\"\nunits = 2\nindicator = 3\n"
        "effective_from = 2026-01-01\n";
    write_all(copy.dir / "coding-rules.toml", text);
    const auto loaded = settings::load_config(copy.dir);
    REQUIRE_FALSE(loaded.ok());
    CAPTURE(loaded.error().describe());
    CHECK(loaded.error().message.find("limits 96369 in the same setting on some of the same dates") !=
          std::string::npos);

    // A facility row for the same code, or an office row that begins after the other ends, is fine.
    const ConfigCopy dated;
    std::string later = read_all(dated.dir / "coding-rules.toml");
    later +=
        "\n[[mue]]\ncode = \"J1559\"\nsetting = \"office\"\nunits = 300\nindicator = 3\n"
        "effective_from = 2020-01-01\neffective_to = 2025-12-31\n"
        "\n[[mue]]\ncode = \"J1559\"\nsetting = \"office\"\nunits = 400\nindicator = 3\n"
        "effective_from = 2026-01-01\n";
    write_all(dated.dir / "coding-rules.toml", later);
    const auto ok = settings::load_config(dated.dir);
    CHECK_MESSAGE(ok.ok(), (ok.ok() ? std::string() : ok.error().describe()));
}

TEST_CASE("coding-rules.toml: a wrong type names the field, what it expected and what it found") {
    const ConfigCopy copy;
    const int line = copy.replace("coding-rules.toml", "injection_max_minutes = 15", "injection_max_minutes = \"15\"");
    check_fails_at(copy, "coding-rules.toml", line, "time.injection_max_minutes: expected an integer, found a string");
}

TEST_CASE("coding-rules.toml: a value out of range is an error") {
    const ConfigCopy copy;
    const int line = copy.replace("coding-rules.toml", "first_hour_minutes = 60", "first_hour_minutes = 0");
    check_fails_at(copy, "coding-rules.toml", line, "time.first_hour_minutes: must be between 1 and 240");
}

TEST_CASE("coding-rules.toml: a TOML syntax error") {
    const ConfigCopy copy;
    const int line = copy.replace("coding-rules.toml", "[hydration]", "[hydration");
    check_fails_at(copy, "coding-rules.toml", line, "expected ']'");
}

TEST_CASE("substances.toml: a bad NDC is an error at the ndcs line") {
    const ConfigCopy copy;
    const int line = copy.replace("substances.toml", "\"44206-0452-02\"", "\"44206-0452-0X\"");
    check_fails_at(copy, "substances.toml", line, "substance[0].ndcs: '44206-0452-0X' is not an NDC");
}

TEST_CASE("substances.toml: a billing unit that is not a unit is an error") {
    const ConfigCopy copy;
    const int line = copy.replace("substances.toml", "billing_unit = { amount = 500, unit = \"mg\" }",
                                  "billing_unit = { amount = 500, unit = \"kg\" }");
    check_fails_at(copy, "substances.toml", line, "substance[2].billing_unit.unit: 'kg' is not a unit");
}

TEST_CASE("sites.toml: a duplicate site id is an error at the second one") {
    const ConfigCopy copy;
    const int line = copy.replace("sites.toml", "id = \"abdomen-left-lower\"", "id = \"abdomen-left-upper\"");
    check_fails_at(copy, "sites.toml", line, "site[1].id: 'abdomen-left-upper' is listed twice");
}

TEST_CASE("sites.toml: a body-map position off the figure is an error") {
    const ConfigCopy copy;
    const int line = copy.replace("sites.toml", "x = 0.65", "x = 1.5");
    check_fails_at(copy, "sites.toml", line, "site[4].x: must be between 0 and 1");
}

TEST_CASE("sites.toml: an empty id or name, or two sites at one spot of a figure, is an error") {
    // Found from outside: id = "" was taken (its needles could not be told from a site left out), and a site
    // at another's spot shrank every target of the body map to a 4-pixel dot.
    {
        const ConfigCopy copy;
        const int line = copy.replace("sites.toml", "id = \"thigh-left\"", "id = \"  \"");
        check_fails_at(copy, "sites.toml", line, "site[4].id: is empty");
    }
    {
        const ConfigCopy copy;
        const int line = copy.replace("sites.toml", "name = \"Thigh, left lateral\"", "name = \"\"");
        check_fails_at(copy, "sites.toml", line, "site[4].name: is empty");
    }
    {
        const ConfigCopy copy;
        const int line = copy.replace("sites.toml", "x = 0.65\ny = 0.68", "x = 0.65\ny = 0.55");
        check_fails_at(copy, "sites.toml", line, "site[4].x: is at the spot of site[1] (Abdomen, left lower)");
    }
    {
        const ConfigCopy copy;  // the same spot on the other figure is another place
        (void)copy.replace("sites.toml", "view = \"front\"\nx = 0.65", "view = \"back\"\nx = 0.65");
        CHECK(settings::load_config(copy.dir));
    }
}

TEST_CASE("a config file that is missing is named") {
    const ConfigCopy copy;
    std::filesystem::remove(copy.dir / "sites.toml");
    const auto loaded = settings::load_config(copy.dir);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().describe() == (copy.dir / "sites.toml").string() + ": no such file");
}

TEST_CASE("a config file nested beyond reason is refused, not a crash") {
    const ConfigCopy copy;
    std::string key = "deep";
    for (int i = 0; i < 50000; ++i) key += ".a";
    const int line = copy.replace("sites.toml", "[[site]]", key + " = 1\n[[site]]");
    check_fails_at(copy, "sites.toml", line, "nested deeper than");
}

TEST_CASE("edition 2 settings: bad values are errors at their line") {
    struct Row {
        const char* file;
        const char* from;
        const char* to;
        const char* words;
    };
    const Row rows[] = {
        {"substances.toml", "ndc_unit = \"ML\"", "ndc_unit = \"LITRE\"", "is not an NDC unit of measure"},
        {"substances.toml", "concentration_units_per_ml = 150", "concentration_units_per_ml = 0", "must be positive"},
        {"substances.toml", "billing_unit = { amount = 100, unit = \"mg\" }\nconcentration_mg_per_ml = 200",
         "billing_unit = { amount = 0.000001, unit = \"mg\" }\nconcentration_mg_per_ml = 200",
         "must be between 0.0001 and 100000"},
        {"substances.toml", "hcpcs = \"J1559\"", "hcpcs = \"hello world; DROP\"",
         "'hello world; DROP' is not an HCPCS code"},
        {"substances.toml", "hcpcs = \"J1559\"", "hcpcs = \" \"", "' ' is not an HCPCS code"},
        {"substances.toml", "hcpcs = \"J1559\"", "hcpcs = \"\"", "is empty, yet the product has a billing_unit"},
        {"substances.toml", "hcpcs = \"J1559\"\n", "", "missing: the HCPCS code of its drug line"},
        {"substances.toml",
         "ndc_unit = \"ML\"                # a solution, 150 USP units/mL (1 mL single-dose vial)\n"
         "concentration_units_per_ml = 150",
         "ndc_unit = \"ML\"\n# none", "ML needs concentration_units_per_ml to turn a dose in units into millilitres"},
        {"substances.toml", "container = \"single-dose\"", "container = \"vial\"",
         "'vial' is not one of \"single-dose\", \"multi-dose\""},
        {"coding-rules.toml", "office_lines = \"visit\"", "office_lines = \"day\"",
         "'day' is not one of \"visit\", \"service-day\""},
        {"coding-rules.toml", "clock_skew_minutes = 2", "clock_skew_minutes = -1", "must be between 0 and 1440"},
        {"coding-rules.toml", "max_infusion_minutes = 1440", "max_infusion_minutes = 0", "must be between"},
        {"coding-rules.toml", "injection_max_minutes = 15", "injection_max_minutes = 90",
         "must be less than first_hour_minutes (60)"},
        {"coding-rules.toml", "add_on_more_than_minutes = 30", "add_on_more_than_minutes = 200",
         "must be less than additional_hour_minutes (60)"},
        {"coding-rules.toml", "published = false\neffective_from", "published = true\neffective_from",
         "a published MUE needs its units"},
    };
    for (const auto& row : rows) {
        const std::string change = row.to;
        CAPTURE(change);
        const ConfigCopy copy;
        const int line = copy.replace(row.file, row.from, row.to);
        const auto loaded = settings::load_config(copy.dir);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().file == (copy.dir / row.file).string());
        CHECK(loaded.error().message.find(row.words) != std::string::npos);
        // A key removed (change "") is reported at its table's first line.
        if (change.rfind("published", 0) != 0 && !change.empty()) CHECK(loaded.error().pos.line == line);
    }
}

TEST_CASE("edition 2 settings: the shipped values") {
    const auto& rules = test::repo_config().rules;
    CHECK(rules.version == "2026.2");
    CHECK(rules.pause_threshold_minutes == 0);
    CHECK(rules.max_infusion_minutes == 24 * 60);
    CHECK(rules.max_years_in_past == 2);
    CHECK(rules.clock_skew_seconds == 120);
    CHECK(rules.office_line_dates == core::LineDateRule::visit_date);
    CHECK(rules.facility_line_dates == core::LineDateRule::service_day);
    const auto* mue = rules.find_mue("96370", core::Setting::office, std::chrono::year{2026} / 11 / 30);
    REQUIRE(mue != nullptr);
    CHECK_FALSE(mue->published);
}

TEST_CASE("clinic.toml [review]: the long-infusion threshold is read, and a bad one is an error at its line") {
    CHECK(test::repo_config().review.long_infusion_minutes == 240);
    {
        const ConfigCopy copy;
        (void)copy.replace("clinic.toml", "long_infusion_minutes = 240", "long_infusion_minutes = 180");
        const auto loaded = settings::load_config(copy.dir);
        REQUIRE_MESSAGE(loaded.ok(), loaded.error().describe());
        CHECK(loaded.value().review.long_infusion_minutes == 180);
    }
    for (const char* bad : {"long_infusion_minutes = 0", "long_infusion_minutes = 90.5",
                            "long_infusion_minutes = \"4h\"", "long_infusion_minutes = 20000"}) {
        CAPTURE(bad);
        const ConfigCopy copy;
        const int line = copy.replace("clinic.toml", "long_infusion_minutes = 240", bad);
        check_fails_at(copy, "clinic.toml", line, "review.long_infusion_minutes");
    }
}

TEST_CASE("clinic.toml [storage]: a PostgreSQL server is named by url, never with a password in it") {
    {
        const ConfigCopy copy;
        (void)copy.replace("clinic.toml", "backend = \"sqlite\"",
                           "backend = \"postgresql\"\nurl = \"service=infusiondoc\"");
        const auto loaded = settings::load_config(copy.dir);
        REQUIRE_MESSAGE(loaded.ok(), loaded.error().describe());
        CHECK(loaded.value().postgresql);
        CHECK(loaded.value().database_url == "service=infusiondoc");
    }
    CHECK_FALSE(test::repo_config().postgresql);
    for (const char* url : {"host=db1 dbname=clinic user=infusiondoc_app password=hunter2",
                            "postgresql://infusiondoc_app:hunter2@db1/clinic", "host=db1 PassWord=x",
                            "host=db1 dbname=clinic password = 'hunter2'"}) {
        CAPTURE(url);
        const ConfigCopy copy;
        const int line = copy.replace("clinic.toml", "backend = \"sqlite\"",
                                      "backend = \"postgresql\"\nurl = \"" + std::string(url) + "\"");
        check_fails_at(copy, "clinic.toml", line + 1, "a password never goes in clinic.toml");
    }
    {
        const ConfigCopy copy;
        const int line = copy.replace("clinic.toml", "backend = \"sqlite\"", "backend = \"mysql\"");
        check_fails_at(copy, "clinic.toml", line, "storage.backend: 'mysql' is not one of");
    }
    {
        const ConfigCopy copy;
        (void)copy.replace("clinic.toml", "backend = \"sqlite\"", "backend = \"postgresql\"");
        const auto loaded = settings::load_config(copy.dir);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().message.find("needs url") != std::string::npos);
    }
    {
        const ConfigCopy copy;
        const int line =
            copy.replace("clinic.toml", "backend = \"sqlite\"", "backend = \"sqlite\"\nurl = \"service=x\"");
        check_fails_at(copy, "clinic.toml", line + 1, "url is for backend = \"postgresql\"");
    }
}

TEST_CASE("substances.toml: a TOML syntax error in a value names the field it stands in") {
    // toml++ alone said "Error while parsing string: ..." with a line: the second [[substance]]'s
    // name must be named as the readers name it.
    const ConfigCopy copy;
    const int line = copy.replace("substances.toml", "name = \"HyQvia\"", "name = \"HyQvia");
    check_fails_at(copy, "substances.toml", line, "substance[1].name: ");
}

TEST_CASE("an empty or cut-off clinic.toml is refused: the clinic's name, zone and NPI have no default") {
    // Found from outside: a 0-byte clinic.toml (a failed copy, a full disk) loaded without a word, an
    // administrator accepted it, and the HL7 export went out with no billing provider in MSH-4 and PID-3.
    const auto fails = [](const ConfigCopy& copy, const std::string& words) {
        const auto loaded = settings::load_config(copy.dir);
        REQUIRE_FALSE(loaded.ok());
        CAPTURE(loaded.error().describe());
        CHECK(loaded.error().file == (copy.dir / "clinic.toml").string());
        CHECK(loaded.error().message.find(words) != std::string::npos);
    };
    {
        const ConfigCopy copy;
        write_all(copy.dir / "clinic.toml", "");
        fails(copy, "clinic: missing (required)");
    }
    {
        const ConfigCopy copy;
        write_all(copy.dir / "clinic.toml", "[clinic]\n# only a comment\n");
        fails(copy, "clinic.name: missing (required)");
    }
    {
        const ConfigCopy copy;
        copy.replace("clinic.toml", "npi = \"1234567893\"", "# npi removed");
        fails(copy, "clinic.npi: missing (required)");
    }
    {
        const ConfigCopy copy;
        copy.replace("clinic.toml", "time_zone = \"America/New_York\"", "# zone removed");
        fails(copy, "clinic.time_zone: missing (required)");
    }
    {
        const ConfigCopy copy;
        const int line = copy.replace("clinic.toml", "npi = \"1234567893\"", "npi = \"\"");
        check_fails_at(copy, "clinic.toml", line, "clinic.npi: '' is not an NPI");
    }
}

TEST_CASE("an empty substances.toml or sites.toml is refused, and so is a concentration that is not positive") {
    // Found from outside: an emptied catalog loaded silently; accepted, it billed no drug line on any
    // visit. An empty sites.toml left the body map without a site. A negative concentration held every
    // visit of the product with a message about the visit, not the catalog's line.
    {
        const ConfigCopy copy;
        write_all(copy.dir / "substances.toml", "# emptied\n");
        const auto loaded = settings::load_config(copy.dir);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().file == (copy.dir / "substances.toml").string());
        CHECK(loaded.error().message.find("substance: none listed") != std::string::npos);
    }
    {
        const ConfigCopy copy;
        write_all(copy.dir / "sites.toml", "");
        const auto loaded = settings::load_config(copy.dir);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.error().file == (copy.dir / "sites.toml").string());
        CHECK(loaded.error().message.find("site: none listed") != std::string::npos);
    }
    {
        const ConfigCopy copy;
        const int line =
            copy.replace("substances.toml", "concentration_mg_per_ml = 200", "concentration_mg_per_ml = -200");
        check_fails_at(copy, "substances.toml", line, "concentration_mg_per_ml: must be positive");
    }
}

TEST_CASE("a config file that is a symlink to itself says so, not 'no such file'") {
    // Found from outside: `ln -s clinic.toml clinic.toml` was reported as "no such file" beside a name ls shows.
    const ConfigCopy copy;
    std::filesystem::remove(copy.dir / "clinic.toml");
    std::filesystem::create_symlink("clinic.toml", copy.dir / "clinic.toml");
    const auto loaded = settings::load_config(copy.dir);
    REQUIRE_FALSE(loaded.ok());
    CAPTURE(loaded.error().describe());
    CHECK(loaded.error().describe().find("no such file") == std::string::npos);
    CHECK(loaded.error().describe().find("symbolic links") != std::string::npos);
}
