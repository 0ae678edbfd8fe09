#include "support/test_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace infusion::test {

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    m_path = std::filesystem::temp_directory_path() /
             ("infusiondoc-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(m_path, std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(m_path, ec);
}

const settings::Config& repo_config() {
    static const settings::Config config = [] {
        auto loaded = settings::load_config(std::string(INFUSIONDOC_SOURCE_DIR) + "/config");
        if (!loaded) {
            std::cerr << "cannot load the repository config: " << loaded.error().describe() << "\n";
            std::abort();
        }
        return loaded.value();
    }();
    return config;
}

core::WallTime at(int year, unsigned month, unsigned day, int hour, int minute, int second) {
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    core::WallTime t;
    t.local = core::LocalSeconds{std::chrono::local_days{ymd}.time_since_epoch()} + std::chrono::hours{hour} +
              std::chrono::minutes{minute} + std::chrono::seconds{second};
    return t;
}

core::WallTime at_offset(int year, unsigned month, unsigned day, int hour, int minute, int offset_minutes) {
    auto t = at(year, month, day, hour, minute);
    t.utc_offset = std::chrono::minutes{offset_minutes};
    return t;
}

core::Visit sample_visit(int minutes) {
    core::Visit v;
    v.patient.id = "MRN-004211";
    v.patient.name = "Rivera, Ana";
    v.clinician = "rn.okafor";
    v.setting = core::Setting::office;
    v.time_zone = "America/New_York";
    v.diagnoses = {"D80.1"};
    core::Substance s;
    s.name = "Hizentra";
    s.dose = 8.0;
    s.unit = core::DoseUnit::g;
    s.ndc = "44206-0451-01";
    s.wasted = 0.0;
    v.substances.push_back(s);
    core::PumpSetup p;
    p.pump = "Freedom60";
    p.start = at(2026, 3, 2, 9, 10);
    p.stop = p.start;
    p.stop->local += std::chrono::minutes{minutes};
    for (const char* where : {"abdomen-left-lower", "abdomen-right-lower"}) {
        core::Site site;
        site.location = where;
        site.needle = "27G 9mm";
        site.prepped = true;
        site.aspiration = core::Aspiration::no_blood;
        site.secured = true;
        p.sites.push_back(site);
    }
    v.pump_setups.push_back(p);
    return v;
}

settings::Config edited_config(const std::filesystem::path& folder, const std::string& file, const std::string& from,
                               const std::string& to) {
    const auto dir = folder / "config";
    std::filesystem::create_directories(dir);
    std::filesystem::copy(std::string(INFUSIONDOC_SOURCE_DIR) + "/config", dir,
                          std::filesystem::copy_options::recursive);
    std::string text;
    {
        std::ifstream in(dir / file);
        std::stringstream s;
        s << in.rdbuf();
        text = s.str();
    }
    const auto at = text.find(from);
    if (at == std::string::npos) {
        std::cerr << "edited_config: '" << from << "' is not in " << (dir / file) << "\n";
        std::abort();
    }
    text.replace(at, from.size(), to);
    std::ofstream(dir / file, std::ios::trunc) << text;
    auto loaded = settings::load_config(dir);
    if (!loaded) {
        std::cerr << "edited_config: " << loaded.error().describe() << "\n";
        std::abort();
    }
    return loaded.value();
}

core::Coding derive(const core::Visit& visit) { return core::derive(visit, repo_config().context()); }

bool has_problem(const core::Coding& coding, const std::string& code) {
    return std::any_of(coding.problems.begin(), coding.problems.end(),
                       [&](const core::Problem& p) { return p.code == code; });
}

std::string summary(const std::vector<core::BillingLine>& lines) {
    std::string out;
    for (const auto& line : lines) {
        if (!out.empty()) out += " ";
        out += line.code + "x" + std::to_string(line.units);
        for (const auto& m : line.modifiers) out += ":" + m;
    }
    return out;
}

std::string data_path(const std::string& relative) { return std::string(INFUSIONDOC_TEST_DATA) + "/" + relative; }

}  // namespace infusion::test
