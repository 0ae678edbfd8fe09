#pragma once
// The clinic's configuration: config/clinic.toml, coding-rules.toml, substances.toml, sites.toml,
// read into core's plain structs. Errors name the file, line and column.
#include "core/catalog.hpp"
#include "core/coding_context.hpp"
#include "core/coding_rules.hpp"
#include "core/result.hpp"
#include "core/review_flags.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace infusion::settings {

// One part of the configuration that decides what a visit bills (settings/billing_parts.hpp): the file
// ("coding-rules.toml") and its values as toml++ writes them. The database pins their digests.
struct BillingPart {
    std::string name;
    std::string canonical;
};

struct Config {
    std::filesystem::path dir;
    core::ClinicSettings clinic;
    core::CodingRules rules;
    core::SubstanceCatalog substances;
    core::SiteCatalog sites;
    std::filesystem::path database;  // [storage] database in clinic.toml; empty: the default location
    // [storage] backend = "postgresql": the shared server of a clinic with several workstations, reached
    // with `url` (a libpq connection string or service name, never with a password in it).
    bool postgresql = false;
    std::string database_url;           // [storage] url
    double lock_after_minutes = 5.0;    // [session] lock_after_minutes: idle time before the screen locks
    std::string scanner_gs_substitute;  // [scanner] gs_substitute: typed for GS by scanners that cannot send it
    std::string paper = "letter";       // [print] paper: "letter" or "a4"
    // [sites] rest_days: choosing a site used within this many days warns (the clinic's rotation
    // policy, practice.md); 0 turns the warning off. A site with a recorded reaction always warns.
    int site_rest_days = 7;
    // [review] long_infusion_minutes: the supervisor's review flags a longer infusion (core/review_flags.hpp).
    core::ReviewSettings review;
    // clinic.toml's [clinic] and [codes], coding-rules.toml and substances.toml, read from the same
    // parse as the values above (load_config); empty for a configuration made in code (tests).
    std::vector<BillingPart> billing_parts;

    // The clinic's zone is resolved here, once per context: make one context for a batch of visits.
    [[nodiscard]] core::CodingContext context() const {
        return core::CodingContext{rules, substances, sites, clinic, std::nullopt, core::Zone::find(clinic.time_zone)};
    }
};

[[nodiscard]] core::Result<Config> load_config(const std::filesystem::path& dir);

// A libpq connection string that carries a password ("password=..." or "postgresql://user:secret@..."):
// refused wherever the program is given one (clinic.toml's url, db migrate's target).
[[nodiscard]] bool names_a_password(const std::string& url);

// Each file alone, for tests and tools.
[[nodiscard]] core::Result<core::ClinicSettings> load_clinic(const std::filesystem::path& file);
[[nodiscard]] core::Result<core::CodingRules> load_coding_rules(const std::filesystem::path& file);
[[nodiscard]] core::Result<core::SubstanceCatalog> load_substances(const std::filesystem::path& file);
[[nodiscard]] core::Result<core::SiteCatalog> load_sites(const std::filesystem::path& file);

// The same from text in memory (the fuzz targets, tests); `source_name` stands for the file in errors.
[[nodiscard]] core::Result<core::ClinicSettings> parse_clinic(std::string_view text, const std::string& source_name);
[[nodiscard]] core::Result<core::CodingRules> parse_coding_rules(std::string_view text, const std::string& source_name);
[[nodiscard]] core::Result<core::SubstanceCatalog> parse_substances(std::string_view text,
                                                                    const std::string& source_name);
[[nodiscard]] core::Result<core::SiteCatalog> parse_sites(std::string_view text, const std::string& source_name);

}  // namespace infusion::settings
