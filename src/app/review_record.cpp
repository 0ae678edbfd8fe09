#include "app/review_record.hpp"

namespace infusion::app {

core::Result<ReviewRecord> read_review_record(storage::ReviewStore& reviews, storage::VisitId id) {
    ReviewRecord out;
    auto notes = reviews.site_care_notes(id);
    if (!notes) return notes.error();
    out.site_care = std::move(notes.value());
    auto countersigned = reviews.countersignature(id);
    if (!countersigned) return countersigned.error();
    out.countersignature = countersigned.value();
    auto corrections = reviews.corrections(id);
    if (!corrections) return corrections.error();
    out.corrections = std::move(corrections.value());
    return out;
}

}  // namespace infusion::app
