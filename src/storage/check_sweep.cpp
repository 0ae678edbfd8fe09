// The quick check's sweep of the older record (check_sweep.hpp).
#include "storage/check_sweep.hpp"

#include "storage/record_check.hpp"

namespace infusion::storage::detail {

SweepCursors sweep_older_record(Connection& connection, CheckReport& report, SweepCursors from,
                                std::int64_t checkpoint) {
    const auto deadline = std::chrono::steady_clock::now() + sweep_budget;
    const std::int64_t visits = connection.raw().execAndGet("SELECT coalesce(max(id), 0) FROM visits").getInt64();
    CheckReport::Swept swept;
    SweepCursors next = from;
    bool visits_done = visits == 0, audit_done = checkpoint <= 0;
    // One chunk of a kind: verified, noted in `first`..`last`, the cursor moved; true once the end is reached
    // (the next check starts at the first again).
    const auto step = [&](std::int64_t& cursor, std::int64_t highest, std::int64_t size, std::int64_t& first,
                          std::int64_t& last, const auto& verify) {
        const auto chunk = sweep_chunk(cursor, highest, size);
        verify(chunk.first, chunk.last);
        if (first > last) first = chunk.first;
        last = chunk.last;
        cursor = sweep_cursor_after(chunk, highest);
        return cursor == 1;
    };
    bool first_chunk = true;
    // A chunk of each in turn, at least one of each: the seals of visits, then the chain of audit rows.
    while (!(visits_done && audit_done) && (first_chunk || std::chrono::steady_clock::now() < deadline)) {
        if (!visits_done) {
            visits_done =
                step(next.visit, visits, sweep_visit_chunk, swept.first_visit, swept.last_visit,
                     [&](std::int64_t a, std::int64_t b) { verify_seals_of_visits(connection, report, a, b); });
        }
        if (!audit_done) {
            audit_done = step(next.audit, checkpoint, sweep_audit_chunk, swept.first_audit, swept.last_audit,
                              [&](std::int64_t a, std::int64_t b) { verify_chain_rows(connection, report, a, b); });
        }
        first_chunk = false;
    }
    report.swept = swept;
    return next;
}

}  // namespace infusion::storage::detail
