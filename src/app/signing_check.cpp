#include "app/signing_check.hpp"

#include "core/signing_policy.hpp"

namespace infusion::app {

std::optional<core::Instant> instant_of(const std::string& utc_iso) {
    const auto wall = core::parse_iso(utc_iso);
    if (!wall || !wall->utc_offset) return std::nullopt;
    return core::Instant{wall->local.time_since_epoch() - *wall->utc_offset};
}

std::optional<std::chrono::year_month_day> clinic_today(const settings::Config& config, core::Instant now) {
    return core::local_date_at(now, core::Zone::find(config.clinic.time_zone));
}

core::Coding code_at(const core::Visit& visit, const settings::Config& config, const std::string& now_iso,
                     const OtherVisits& others) {
    core::CodingContext context = config.context();
    if (const auto now = instant_of(now_iso)) context.today = clinic_today(config, *now);
    return derive_counting_other_visits(visit, context, others);
}

std::vector<core::Problem> signature_blockers(const core::Visit& visit, const core::Coding& coding,
                                              const settings::Config& config, const std::string& now_iso) {
    std::vector<core::Problem> out;
    for (const auto& p : coding.problems) {
        if (core::blocks_signing(p)) out.push_back(p);
    }
    const auto now = instant_of(now_iso);
    if (!now) {
        // The clock is ours; an unreadable reading would let a future stop through, so refuse instead.
        out.push_back(core::Problem{core::Severity::error, "sign.clock-unreadable", "",
                                    "the signature's clock reading '" + now_iso + "' is not a UTC time"});
        return out;
    }
    const auto future =
        core::future_time_problems(visit, core::effective_time_zone(visit, config.clinic), *now, config.rules);
    out.insert(out.end(), future.begin(), future.end());
    const auto empty = core::empty_note_problems(visit);
    out.insert(out.end(), empty.begin(), empty.end());
    return out;
}

std::optional<double> seconds_until_a_future_time_passes(const core::Visit& visit, const settings::Config& config,
                                                         const std::string& now_iso) {
    const auto now = instant_of(now_iso);
    if (!now) return std::nullopt;
    const auto passes =
        core::next_future_time_passes(visit, core::effective_time_zone(visit, config.clinic), *now, config.rules);
    if (!passes) return std::nullopt;
    return std::chrono::duration<double>(*passes - *now).count();
}

}  // namespace infusion::app
