#include "app/recoding_after_amendment.hpp"

#include "core/wall_time.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace infusion::app {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// What reaches the payer from a line: a reason's wording ("visit 23 (signed) bills ...") changes with the
// other visit's status and is not a different claim.
auto claim_key(const core::BillingLine& line) {
    return std::tie(line.code, line.units, line.modifiers, line.ndc, line.ndc_quantity, line.service_date);
}

bool same_claim(const std::vector<core::BillingLine>& a, const std::vector<core::BillingLine>& b) {
    return std::equal(
        a.begin(), a.end(), b.begin(), b.end(),
        [](const core::BillingLine& x, const core::BillingLine& y) { return claim_key(x) == claim_key(y); });
}

// "96369 × 1, 96370 × 2, J1559-JZ × 80", or "nothing".
std::string lines_text(const std::vector<core::BillingLine>& lines) {
    std::string out;
    for (const core::BillingLine& line : lines) {
        if (line.units == 0) continue;  // capped to nothing: not billed
        if (!out.empty()) out += ", ";
        out += core::code_with_modifiers(line) + " × " + std::to_string(line.units);
    }
    return out.empty() ? "nothing" : out;
}

std::vector<core::BillingLine> coded_now(storage::Database& db, const NeighbourCoding& n,
                                         const core::CodingContext& context) {
    return derive_with_other_visits(n.content, context, OtherVisits{&db.reviews(), n.id}).coding.lines;
}

}  // namespace

core::Result<std::vector<NeighbourCoding>> neighbours_before_amendment(storage::Database& db,
                                                                       const std::vector<PatientDate>& where,
                                                                       storage::VisitId amended,
                                                                       const core::CodingContext& context) {
    // A visit counts the amended one when their dates of service are a day apart or less (other_visits.hpp).
    std::set<storage::VisitId> ids;
    for (const PatientDate& at : where) {
        const auto billed = db.reviews().billed_elsewhere(at.patient_id, year_month_day{sys_days{at.date} - days{1}},
                                                          year_month_day{sys_days{at.date} + days{1}}, amended);
        if (!billed) return billed.error();
        for (const core::BilledElsewhere& line : billed.value()) ids.insert(line.visit_id);
    }
    std::vector<NeighbourCoding> out;
    for (const storage::VisitId id : ids) {
        auto stored = db.visits().load(id);
        if (!stored) return stored.error();
        NeighbourCoding n{id, stored.value().current().content, {}};
        n.lines = coded_now(db, n, context);
        out.push_back(std::move(n));
    }
    return out;
}

core::Result<std::vector<RecodingAsked>> ask_changed_neighbours_to_recode(storage::Database& db,
                                                                          const std::vector<NeighbourCoding>& before,
                                                                          storage::VisitId amended, int revision,
                                                                          const core::CodingContext& context,
                                                                          const storage::Actor& actor) {
    std::vector<RecodingAsked> out;
    for (const NeighbourCoding& n : before) {
        const std::vector<core::BillingLine> now = coded_now(db, n, context);
        if (same_claim(now, n.lines)) continue;
        RecodingAsked asked{
            n.id,
            ("visit " + std::to_string(amended)) + " of the same patient was amended (revision " +
                std::to_string(revision) + "). This visit's lines were coded counting what " +
                ("visit " + std::to_string(amended)) + " billed on the date of service; coded again now they are " +
                lines_text(now) + " (signed: " + lines_text(n.lines) +
                "). Amend this visit so that it is coded again; its documentation may stay as it "
                "is. Until then the patient's lines of its date of service that were not yet exported (charges and "
                "reversals, of every visit of that date) wait.",
            false};
        const auto filed = db.reviews().ask_to_recode(n.id, asked.reason, actor);
        if (!filed) {
            core::Error e = filed.error();
            e.message = "the amendment is signed, but " + ("visit " + std::to_string(n.id)) +
                        ", whose lines it changes, could not be held for a new coding: " + e.message;
            return e;
        }
        asked.filed = filed.value() != 0;
        out.push_back(std::move(asked));
    }
    return out;
}

std::string recoding_notice(const std::vector<RecodingAsked>& asked) {
    std::string out;
    for (const RecodingAsked& a : asked) {
        if (!out.empty()) out += "\n";
        out += "Visit " + std::to_string(a.id) +
               " of this patient was coded counting this visit's lines, which changed: the patient's lines of "
               "its date not yet exported wait until its nurse amends it (it is on their list to correct).";
    }
    return out;
}

}  // namespace infusion::app
