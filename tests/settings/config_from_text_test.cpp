// The configuration readers over text in memory (settings::parse_clinic ... parse_sites), as the config
// fuzz target uses them: the same rules as the files, errors naming the given source and line.
#include "settings/config.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

using namespace infusion;

namespace {

std::string repo_file(const std::string& name) {
    std::ifstream in(std::string(INFUSIONDOC_SOURCE_DIR) + "/config/" + name, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("the shipped configuration reads the same from text as from its files") {
    const auto dir = std::filesystem::path(INFUSIONDOC_SOURCE_DIR) / "config";
    const auto rules = settings::parse_coding_rules(repo_file("coding-rules.toml"), "coding-rules.toml");
    REQUIRE(rules.ok());
    CHECK(rules.value().version == settings::load_coding_rules(dir / "coding-rules.toml").value().version);
    const auto substances = settings::parse_substances(repo_file("substances.toml"), "substances.toml");
    REQUIRE(substances.ok());
    CHECK(substances.value().substances.size() ==
          settings::load_substances(dir / "substances.toml").value().substances.size());
    const auto sites = settings::parse_sites(repo_file("sites.toml"), "sites.toml");
    REQUIRE(sites.ok());
    CHECK(sites.value().sites.size() == settings::load_sites(dir / "sites.toml").value().sites.size());
    const auto clinic = settings::parse_clinic(repo_file("clinic.toml"), "clinic.toml");
    REQUIRE(clinic.ok());
    CHECK(clinic.value().time_zone == settings::load_clinic(dir / "clinic.toml").value().time_zone);
}

TEST_CASE("a configuration error read from text names the source, line and field") {
    const auto read = settings::parse_coding_rules("version = \"2\"\n[time]\nfirst_hour_minutes = 0\n", "pasted");
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().file == "pasted");
    CHECK(read.error().pos.line == 3);
    CHECK(read.error().message == "time.first_hour_minutes: must be between 1 and 240");

    const auto typo =
        settings::parse_sites("[[site]]\nid = \"thigh-left\"\nname = \"Left thigh\"\nregoin = \"leg\"\n", "sites.toml");
    REQUIRE_FALSE(typo.ok());
    CHECK(typo.error().describe().find("sites.toml:4") == 0);
    CHECK(typo.error().message == "site[0].regoin: unknown key");
}
