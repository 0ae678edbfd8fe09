#include "app/hold_reasons.hpp"

#include "core/time_entry.hpp"

namespace infusion::app {

std::string request_hold_text(const storage::WorklistRow& row, const storage::RequestHold& hold,
                              std::string_view zone) {
    // A request on another date (the one an amendment moved this visit from) is named by its date: "of the same
    // patient and date" was wrong there.
    const bool other_date = hold.date && row.date_of_service && *hold.date != *row.date_of_service;
    const std::string which =
        hold.visit == row.id ? std::string("correction requested")
        : other_date
            ? "visit " + std::to_string(hold.visit) + " of the same patient on " + core::format_date(*hold.date) +
                  ", the date this visit's lines were sent under before its amendment: correction requested"
            : "visit " + std::to_string(hold.visit) + " of the same patient and date: correction requested";
    return which + " by " + hold.requested_by + " at " + core::format_stamp(hold.at, zone) + ": " + hold.reason +
           (other_date ? " (the reversal of this visit's lines sent for that date, and its new lines, wait for the "
                         "amendment that answers it)"
                       : " (the patient's lines of that date wait for the amendment that answers it)");
}

std::vector<std::string> hold_reasons(const storage::WorklistRow& row, std::string_view zone) {
    if (row.state != storage::WorklistState::held) return {};
    std::vector<std::string> out = row.hold_reasons;
    for (const auto& hold : row.request_holds) out.push_back(request_hold_text(row, hold, zone));
    return out;
}

}  // namespace infusion::app
