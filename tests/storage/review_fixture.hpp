#pragma once
// Visits for the review store's tests: one per review flag, signed through the store, and the queue read
// back by visit id.
#include "app/visit_service.hpp"
#include "storage/store_fixture.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

namespace infusion::test::review {

namespace flag = core::review_flag;

inline constexpr std::chrono::year_month_day today{std::chrono::year{2026}, std::chrono::month{3},
                                                   std::chrono::day{20}};

// Signs through the store (no signing policy): a visit with gaps in its checklist is exactly what
// review is for, and the flags must not depend on the policy of the day.
inline storage::VisitId signed_visit(storage::Database& db, const core::Visit& v, bool billable = true) {
    auto coding = app::signed_coding(v, test::repo_config());
    coding.billable = billable;
    // The review flags follow what is signed, as app::signed_coding computes them.
    coding.review->flags = core::review_flags(v, {billable, coding.infusion_minutes}, coding.review->settings);
    const auto id = db.visits().create_draft(v, test::actor()).value();
    REQUIRE(db.visits().sign(id, db.visits().load(id).value().version, coding, test::actor()).ok());
    return id;
}

inline core::Visit with_note(core::Visit v, core::NoteKind kind) {
    v.notes.push_back({test::at(2026, 3, 2, 9, 40), kind, "hives at the left site"});
    return v;
}

// The visits of the flag table, by name.
inline std::map<std::string, storage::VisitId> flagged_visits(storage::Database& db) {
    std::map<std::string, storage::VisitId> ids;
    ids["plain"] = signed_visit(db, test::sample_visit(75));
    core::Visit blood = test::sample_visit(75);
    blood.pump_setups[0].sites[1].aspiration = core::Aspiration::blood;
    blood.pump_setups[0].sites[1].secured.reset();  // a removed needle is not secured: not a gap
    ids["blood"] = signed_visit(db, blood);
    ids["reaction"] = signed_visit(db, with_note(test::sample_visit(75), core::NoteKind::reaction));
    ids["site-condition"] = signed_visit(db, with_note(test::sample_visit(75), core::NoteKind::site_condition));
    core::Visit prep = test::sample_visit(75);
    prep.pump_setups[0].sites[0].prepped.reset();
    ids["prep"] = signed_visit(db, prep);
    core::Visit unchecked = test::sample_visit(75);
    unchecked.pump_setups[0].sites[0].aspiration = core::Aspiration::not_checked;
    ids["unchecked"] = signed_visit(db, unchecked);
    core::Visit unsecured = test::sample_visit(75);
    unsecured.pump_setups[0].sites[1].secured = false;
    ids["unsecured"] = signed_visit(db, unsecured);
    ids["long"] = signed_visit(db, test::sample_visit(300));
    ids["held"] = signed_visit(db, test::sample_visit(75), false);
    return ids;
}

inline storage::ReviewQueuePage queue(storage::Database& db, storage::ReviewQueueFilter filter = {}) {
    filter.today = today;
    auto page = db.reviews().review_queue(filter);
    REQUIRE_MESSAGE(page.ok(), (page.ok() ? "" : page.error().describe()));
    return page.value();
}

inline std::map<storage::VisitId, storage::ReviewQueueRow> rows_by_id(storage::Database& db) {
    storage::ReviewQueueFilter all;
    all.limit = 1000;
    std::map<storage::VisitId, storage::ReviewQueueRow> out;
    for (auto& row : queue(db, all).rows) out[row.id] = row;
    return out;
}

inline constexpr std::uint32_t stored_flags = ~flag::no_follow_up;

}  // namespace infusion::test::review
