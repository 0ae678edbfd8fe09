// Keys format 1 does not know are not errors: they are kept out of the visit and come back as
// warnings (file.unknown-key) with their field path and place, and the visit stays billable.
#include "app/code_visits.hpp"
#include "settings/visit_file.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace infusion;

namespace {

const std::string example_path = std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml";

std::vector<std::string> unknown_key_fields(const std::vector<core::Problem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems) {
        if (p.code == "file.unknown-key") out.push_back(p.field);
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("unknown keys at every level are warnings with their path and line, and the visit is billable") {
    const std::string file = test::data_path("visits/unknown-keys.toml");
    const auto coded = app::code_file(file, test::repo_config());
    REQUIRE_MESSAGE(coded.valid(), coded.error->describe());
    CHECK(coded.coding.billable);
    CHECK(test::summary(coded.coding.lines) == "96369x1 J1559x80:JZ");
    CHECK(app::code_exit_status({coded}) == 0);

    CHECK(unknown_key_fields(coded.coding.problems) ==
          std::vector<std::string>{"exported_by", "notes[0].author", "patient.room", "pump_setups[0].rate",
                                   "pump_setups[0].sites[0].colour", "signature", "substances[0].expiry"});
    struct Where {
        const char* field;
        int line;
        int column;
    };
    for (const Where w :
         {Where{"exported_by", 4, 1}, Where{"patient.room", 10, 1}, Where{"substances[0].expiry", 25, 1},
          Where{"pump_setups[0].rate", 32, 1}, Where{"pump_setups[0].sites[0].colour", 40, 3},
          Where{"notes[0].author", 53, 1}, Where{"signature", 55, 2}}) {
        CAPTURE(w.field);
        const auto it = std::find_if(coded.coding.problems.begin(), coded.coding.problems.end(),
                                     [&](const core::Problem& p) { return p.field == w.field; });
        REQUIRE(it != coded.coding.problems.end());
        CHECK(it->severity == core::Severity::warning);
        CHECK(it->code == "file.unknown-key");
        CHECK(it->message ==
              "Unknown key '" + std::string(w.field) + "' (line " + std::to_string(w.line) + ") was ignored");
        // Where `code` points the reader: the key itself, not its table or nothing.
        CHECK(coded.position(w.field).line == w.line);
        CHECK(coded.position(w.field).column == w.column);
    }
    // Only warnings: the file's own problems never block the claim.
    CHECK_FALSE(core::has_errors(coded.coding.problems));
}

TEST_CASE("unknown keys are kept out: the visit read is the documented example's visit") {
    const auto& sites = test::repo_config().sites;
    const auto with_extras = settings::read_visit_file(test::data_path("visits/unknown-keys.toml"), sites);
    const auto plain = settings::read_visit_file(example_path, sites);
    REQUIRE(with_extras.ok());
    REQUIRE(plain.ok());
    // write_visit writes every field format 1 has (the round-trip tests hold it to that), so equal
    // output means no unknown value leaked into a known field.
    CHECK(settings::write_visit(with_extras.value().visit) == settings::write_visit(plain.value().visit));
    CHECK(plain.value().notices.empty());
}

TEST_CASE("unknown keys in inline tables, dotted keys and arrays of tables are each reported once") {
    const std::string text = R"(format = "infusiondoc-visit-1"
future.version = 2
[patient]
id = "MRN-1"
name = "Tran, Minh"
[visit]
clinician = "rn.okafor"
time_zone = "America/New_York"
diagnoses = ["D80.1"]
[[substances]]
name = "Hizentra"
dose = 8.0
unit = "g"
[[pump_setups]]
start = 2026-03-02T09:10:00
stop = 2026-03-02T10:10:00
sites = [{ location = "thigh-left", prepped = true, aspiration = "no-blood", secured = true, depth_mm = 9 },
         { location = "thigh-right", prepped = true, aspiration = "no-blood", secured = true }]
  [[pump_setups.pauses]]
  start = 2026-03-02T09:30:00
  stop = 2026-03-02T09:32:00
  cause = "alarm"
[[pump_setups]]
start = 2026-03-02T09:15:00
stop = 2026-03-02T10:05:00
sites = [{ location = "arm-left", prepped = true, aspiration = "no-blood", secured = true }]
[[notes]]
text = "ok"
)";
    const auto coded = app::code_text(text, "inline.toml", test::repo_config());
    REQUIRE_MESSAGE(coded.valid(), coded.error->describe());
    CHECK(unknown_key_fields(coded.coding.problems) ==
          std::vector<std::string>{"future", "pump_setups[0].pauses[0].cause", "pump_setups[0].sites[0].depth_mm"});
    CHECK(coded.position("pump_setups[0].sites[0].depth_mm").line == 17);
    CHECK(coded.position("pump_setups[0].pauses[0].cause").line == 22);
    CHECK(coded.position("future").line == 2);
    // A key of the second set-up, even one it lacks, points at that set-up's [[pump_setups]] (line 23),
    // not at the first one's (line 14), where "pump_setups" itself stands.
    CHECK(coded.position("pump_setups[1].set_up_at").line == 23);
    CHECK(coded.position("pump_setups[0].set_up_at").line == 14);
    // The known parts still count: two set-ups, the second one's sites read, the pause kept.
    REQUIRE(coded.visit.visit.pump_setups.size() == 2);
    CHECK(coded.visit.visit.pump_setups[0].pauses.size() == 1);
    CHECK(coded.visit.visit.pump_setups[1].sites.at(0).location == "arm-left");
    CHECK(coded.coding.billable);
}

TEST_CASE("an unknown key does not excuse an error next to it") {
    const std::string text =
        "format = \"infusiondoc-visit-1\"\nwhatever = 1\n[[substances]]\nname = \"x\"\n"
        "dose = \"8\"\nnote = \"typo\"\n";
    const auto read = settings::parse_visit(text, "mixed.toml", test::repo_config().sites);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().describe() == "mixed.toml:5:8: substances[0].dose: expected a number, found a string");
}
