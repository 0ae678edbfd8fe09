#pragma once
// Internal to storage/: the audit chain's walk without the SQL, shared by every backend. A backend reads
// the audit rows in id order and hands each to a ChainWalker, which recomputes the chain and reports what
// was removed, inserted or altered, in the same words whatever holds the rows (docs/storage.md).
#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace infusion::storage::detail {

inline const std::string genesis_hash(64, '0');

// SHA-256 (storage/sha256.hpp) of the previous row's hash and every field of the row, each length-prefixed
// (audit_chain.cpp).
[[nodiscard]] std::string chain_hash(const std::string& previous, const AuditEntry& entry);

// A row of the chain and its hash: where a walk starts (a checkpoint of an earlier check) or ended.
struct ChainPoint {
    std::int64_t id = 0;
    std::string hash = genesis_hash;
};

// The finding when a checkpoint's row is gone or no longer carries `checkpoint.hash`; nothing otherwise.
void report_checkpoint_row(CheckReport& report, const ChainPoint& checkpoint,
                           const std::optional<std::string>& hash_now);

class ChainWalker {
public:
    // From the first row, or from `after` (a checkpoint): then `after_hash_now` is the hash the checkpoint's
    // row carries today (empty when that row is gone), which must still be the one verified then.
    ChainWalker(CheckReport& report, const ChainPoint& after = {},
                const std::optional<std::string>& after_hash_now = {});

    // The next row in id order, with the prev_hash it stores.
    void row(const AuditEntry& entry, const std::string& stored_previous);
    // The highest id the log has ever handed out (a sequence that remembers rows cut from the end), when
    // the backend knows it; then reports those rows as removed from the end.
    void highest_id_ever(std::int64_t id);
    // The last row walked and its hash: where the next check can start when nothing was found.
    [[nodiscard]] ChainPoint end() const { return ChainPoint{m_expected_id - 1, m_previous}; }

private:
    void finding(const std::string& text);

    CheckReport& m_report;
    std::string m_previous;
    std::int64_t m_expected_id = 1;
    int m_reported = 0;
};

}  // namespace infusion::storage::detail
