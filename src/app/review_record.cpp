#include "app/review_record.hpp"

namespace infusion::app {

core::Result<ReviewRecord> read_review_record(storage::ReviewStore& reviews, storage::VisitId id) {
    ReviewRecord out;
    auto notes = reviews.site_care_notes(id);
    if (!notes) return notes.error();
    out.site_care = std::move(notes.value());
    auto countersigned = reviews.countersignatures(id);
    if (!countersigned) return countersigned.error();
    out.countersignatures = std::move(countersigned.value());
    auto corrections = reviews.corrections(id);
    if (!corrections) return corrections.error();
    out.corrections = std::move(corrections.value());
    return out;
}

const storage::Countersignature* countersignature_of(const std::vector<storage::Countersignature>& countersignatures,
                                                     int revision) {
    if (countersignatures.empty() || countersignatures.back().revision != revision) return nullptr;
    return &countersignatures.back();
}

}  // namespace infusion::app
