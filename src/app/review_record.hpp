#pragma once
// What review has added to a visit: its site-care notes, its countersignature and its correction
// requests. The supervisor's screen and `visits show` read the same three, so neither leaves one out.
#include "storage/review_store.hpp"

#include <array>
#include <optional>
#include <vector>

namespace infusion::app {

// A site-care note's grade (storage::NewSiteCareNote), in words.
inline constexpr std::array<const char*, 4> site_care_grades{"none", "mild", "moderate", "severe"};

struct ReviewRecord {
    std::vector<storage::SiteCareNote> site_care;              // oldest first
    std::vector<storage::Countersignature> countersignatures;  // oldest first: one per revision countersigned
    std::vector<storage::CorrectionRequest> corrections;       // oldest first
};

// The countersignature that vouches for `revision` (the visit's current one), or null. One of an earlier
// revision vouches for what an amendment has since replaced: the visit waits for review again.
[[nodiscard]] const storage::Countersignature* countersignature_of(
    const std::vector<storage::Countersignature>& countersignatures, int revision);

// No role check and no audit row: the caller has checked who reads the visit.
[[nodiscard]] core::Result<ReviewRecord> read_review_record(storage::ReviewStore& reviews, storage::VisitId id);

}  // namespace infusion::app
