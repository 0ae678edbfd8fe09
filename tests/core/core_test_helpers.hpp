#pragma once
// Small helpers shared by the core tests (header only: tests/CMakeLists.txt globs core/*.cpp).
// Builders for set-ups and sites, line summaries split by kind, and problem look-ups.
#include "support/test_support.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace infusion::coretest {

// A checked, prepped, secured needle at `location`; a leading '!' means the needle returned blood.
inline core::Site site(std::string_view spec) {
    core::Site s;
    const bool blood = !spec.empty() && spec.front() == '!';
    s.location = std::string(blood ? spec.substr(1) : spec);
    s.needle = "27G 9mm";
    s.prepped = true;
    s.aspiration = blood ? core::Aspiration::blood : core::Aspiration::no_blood;
    s.secured = true;
    return s;
}

inline core::WallTime plus(core::WallTime t, std::chrono::seconds d) {
    t.local += d;
    return t;
}

// A Freedom60 set-up from `start` to `stop` with the space-separated sites of `sites` (see site()).
inline core::PumpSetup setup(const core::WallTime& start, const core::WallTime& stop, std::string_view sites) {
    core::PumpSetup p;
    p.pump = "Freedom60";
    p.start = start;
    p.stop = stop;
    std::istringstream in{std::string(sites)};
    std::string word;
    while (in >> word) p.sites.push_back(site(word));
    return p;
}

// A set-up running from 09:00 + `from` to 09:00 + `to` minutes on 2026-03-02 (America/New_York, no DST).
inline core::PumpSetup setup_minutes(int from, int to, std::string_view sites) {
    const auto nine = test::at(2026, 3, 2, 9, 0);
    return setup(plus(nine, std::chrono::minutes{from}), plus(nine, std::chrono::minutes{to}), sites);
}

inline std::vector<core::BillingLine> of_kind(const std::vector<core::BillingLine>& lines, core::LineKind kind) {
    std::vector<core::BillingLine> out;
    std::copy_if(lines.begin(), lines.end(), std::back_inserter(out),
                 [&](const core::BillingLine& l) { return l.kind == kind; });
    return out;
}

inline std::string admin_summary(const std::vector<core::BillingLine>& lines) {
    return test::summary(of_kind(lines, core::LineKind::administration));
}

inline std::string drug_summary(const std::vector<core::BillingLine>& lines) {
    return test::summary(of_kind(lines, core::LineKind::drug));
}

inline const core::Problem* find_problem(const core::Coding& coding, std::string_view code) {
    const auto it = std::find_if(coding.problems.begin(), coding.problems.end(),
                                 [&](const core::Problem& p) { return p.code == code; });
    return it == coding.problems.end() ? nullptr : &*it;
}

inline const core::BillingLine* find_line(const std::vector<core::BillingLine>& lines, std::string_view code) {
    const auto it =
        std::find_if(lines.begin(), lines.end(), [&](const core::BillingLine& l) { return l.code == code; });
    return it == lines.end() ? nullptr : &*it;
}

inline int count_errors(const core::Coding& coding) {
    return static_cast<int>(std::count_if(coding.problems.begin(), coding.problems.end(),
                                          [](const core::Problem& p) { return p.severity == core::Severity::error; }));
}

// Codes of the problems whose code starts with `prefix`, space-separated, in order.
inline std::string problem_codes(const core::Coding& coding, std::string_view prefix) {
    std::string out;
    for (const auto& p : coding.problems) {
        if (p.code.rfind(prefix, 0) != 0) continue;
        if (!out.empty()) out += " ";
        out += p.code;
    }
    return out;
}

// All problems as "severity code @field" lines, for failure messages.
inline std::string describe(const core::Coding& coding) {
    std::string out;
    for (const auto& p : coding.problems) {
        out += std::string(core::to_string(p.severity)) + " " + p.code + " @" + p.field + "; ";
    }
    return out;
}

inline core::Coding derive_with(const core::Visit& visit, const settings::Config& config) {
    return core::derive(visit, config.context());
}

}  // namespace infusion::coretest
