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
    bool first_chunk = true;
    // A chunk of each in turn, at least one of each: the seals of visits, then the chain of audit rows.
    while (!(visits_done && audit_done) && (first_chunk || std::chrono::steady_clock::now() < deadline)) {
        if (!visits_done) {
            const auto chunk = sweep_chunk(next.visit, visits, sweep_visit_chunk);
            verify_seals_of_visits(connection, report, chunk.first, chunk.last);
            if (swept.first_visit > swept.last_visit) swept.first_visit = chunk.first;
            swept.last_visit = chunk.last;
            next.visit = sweep_cursor_after(chunk, visits);
            visits_done = next.visit == 1;  // the end reached: the next check starts at the first again
        }
        if (!audit_done) {
            const auto chunk = sweep_chunk(next.audit, checkpoint, sweep_audit_chunk);
            verify_chain_rows(connection, report, chunk.first, chunk.last);
            if (swept.first_audit > swept.last_audit) swept.first_audit = chunk.first;
            swept.last_audit = chunk.last;
            next.audit = sweep_cursor_after(chunk, checkpoint);
            audit_done = next.audit == 1;
        }
        first_chunk = false;
    }
    report.swept = swept;
    return next;
}

}  // namespace infusion::storage::detail
