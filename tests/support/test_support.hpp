#pragma once
// Shared helpers for the tests: the repository's config, and a small builder for visits.
#include "core/derive.hpp"
#include "settings/config.hpp"

#include <filesystem>
#include <string>

namespace infusion::test {

// The repository's config/ folder, loaded once (aborts the test run if it does not load).
const settings::Config& repo_config();

// The repository's config/ folder copied into `folder`/config with `from` replaced by `to` in `file`
// ("coding-rules.toml"), and loaded: another workstation's folder. The run stops (abort) when it does not.
settings::Config edited_config(const std::filesystem::path& folder, const std::string& file, const std::string& from,
                               const std::string& to);

// A complete, billable visit in America/New_York: Hizentra 8 g, one Freedom60 set-up with two
// checked sites from 09:10 to 09:10 + `minutes` on 2026-03-02.
core::Visit sample_visit(int minutes = 75);

// Local wall time on a date (no offset), e.g. at(2026, 3, 2, 9, 10).
core::WallTime at(int year, unsigned month, unsigned day, int hour, int minute, int second = 0);
// The same with an explicit UTC offset in minutes.
core::WallTime at_offset(int year, unsigned month, unsigned day, int hour, int minute, int offset_minutes);

core::Coding derive(const core::Visit& visit);
bool has_problem(const core::Coding& coding, const std::string& code);
// Lines as "96369x1 96370x2 J1559x80:JZ" for compact assertions.
std::string summary(const std::vector<core::BillingLine>& lines);

// A fresh, empty temporary folder, removed when the object goes (every test binary links it).
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// Reads a file from tests/data.
std::string data_path(const std::string& relative);

}  // namespace infusion::test
