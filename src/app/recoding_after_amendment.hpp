#pragma once
// An amendment can change what the patient's other signed visits near its date would bill. A visit whose
// 96369 was capped because this one billed the date's first hour keeps its 96370 hours; when this one is
// amended into held, or to another date, those hours would reach the payer without their primary (found
// from outside). A signed visit is never coded again by itself: each one whose lines would now change is
// asked to be amended (ReviewStore::ask_to_recode), which holds its lines not yet exported, puts it on its
// nurse's "to correct" list, and is answered by the amendment that codes it again.
#include "app/other_visits.hpp"
#include "storage/database.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace infusion::app {

// One of the patient's other signed, billing visits near the amended one, coded as it is before the
// amendment (counting the other visits, with today's rules).
struct NeighbourCoding {
    storage::VisitId id = 0;
    core::Visit content;
    std::vector<core::BillingLine> lines;
};

// A patient and a date of service of the amended visit: as stored, and as corrected.
struct PatientDate {
    std::string patient_id;
    std::chrono::year_month_day date{};
};

// Read before the amendment is written: the patients' other signed visits billing within a day of those
// dates.
[[nodiscard]] core::Result<std::vector<NeighbourCoding>> neighbours_before_amendment(
    storage::Database& db, const std::vector<PatientDate>& where, storage::VisitId amended,
    const core::CodingContext& context);

// A neighbour whose lines the amendment changed, and what it was asked.
struct RecodingAsked {
    storage::VisitId id = 0;
    std::string reason;  // as filed (or as it would have been, when a request was open already)
    bool filed = false;  // false: a correction request was open already; its amendment codes it again
};

// After the amendment (revision `revision` of visit `amended`): each neighbour coded again; those whose
// lines differ (code, units, modifiers, NDC quantity or date; not the reasons' wording) are asked to be
// amended. An error says which could not be asked; those asked before it stay asked.
[[nodiscard]] core::Result<std::vector<RecodingAsked>> ask_changed_neighbours_to_recode(
    storage::Database& db, const std::vector<NeighbourCoding>& before, storage::VisitId amended, int revision,
    const core::CodingContext& context, const storage::Actor& actor);

// What a nurse reads after the amendment: "Visit 24 of this patient (2026-11-30) was coded counting ...".
[[nodiscard]] std::string recoding_notice(const std::vector<RecodingAsked>& asked);

}  // namespace infusion::app
