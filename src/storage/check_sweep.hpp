#pragma once
// Internal to storage/: the default `db check`'s sweep of the older record. The quick check verifies what was
// written since its checkpoint; rows older than that, edited through a connection with its triggers switched off
// (the sqlite3 shell's `.dbconfig enable_trigger off`), change neither a hash after the checkpoint nor the schema
// cookie, and only `db check --full` found them (found from outside). So each default check also verifies the
// older record again for a while (sweep_budget), from where the last one stopped: the seals of the next visits
// and the chain of the next audit rows, starting at the first again once it reaches the end. A small clinic's
// record is swept whole by every check; at a million visits, in a couple of dozen checks.
#include "storage/records.hpp"
#include "storage/sqlite_support.hpp"

#include <chrono>
#include <cstdint>

namespace infusion::storage::detail {

// How long a quick check sweeps, beyond its own work: well within its 5 s target (docs/performance.md).
inline constexpr std::chrono::milliseconds sweep_budget{1500};
// The ids verified at a time: a page of visits, a run of audit rows.
inline constexpr std::int64_t sweep_visit_chunk = 1000, sweep_audit_chunk = 5000;

// Ids first..last (inclusive); empty when first > last.
struct SweepRange {
    std::int64_t first = 1;
    std::int64_t last = 0;
    [[nodiscard]] bool empty() const { return first > last; }
};

// The next `chunk` ids of 1..highest from `cursor` (a cursor past the end, or below 1, starts at 1 again).
[[nodiscard]] inline SweepRange sweep_chunk(std::int64_t cursor, std::int64_t highest, std::int64_t chunk) {
    if (highest <= 0) return {};
    if (cursor < 1 || cursor > highest) cursor = 1;
    const std::int64_t last = cursor + chunk - 1;
    return {cursor, last < highest ? last : highest};
}

// Where the next check goes on: after `range`, or the first id again once it reached `highest`.
[[nodiscard]] inline std::int64_t sweep_cursor_after(const SweepRange& range, std::int64_t highest) {
    return range.empty() || range.last >= highest ? 1 : range.last + 1;
}

struct SweepCursors {
    std::int64_t visit = 1;
    std::int64_t audit = 1;
};

// Verifies the older record again from `from` (visits, and audit rows up to the checkpoint's row `checkpoint`)
// until the budget is spent or both reached their end; says what in report.swept; returns where the next
// check goes on.
SweepCursors sweep_older_record(Connection& connection, CheckReport& report, SweepCursors from,
                                std::int64_t checkpoint);

}  // namespace infusion::storage::detail
