#include "storage/audit_chain_walk.hpp"

namespace infusion::storage::detail {

void report_checkpoint_row(CheckReport& report, const ChainPoint& checkpoint,
                           const std::optional<std::string>& hash_now) {
    std::string text;
    if (!hash_now) {
        text = "audit row " + std::to_string(checkpoint.id) +
               ", where the last check stopped, is missing (removed from the log); run 'db check --full'";
    } else if (*hash_now != checkpoint.hash) {
        text = "audit row " + std::to_string(checkpoint.id) +
               " no longer has the hash the last check verified (the log was rewritten); run 'db check --full'";
    } else {
        return;
    }
    report.ok = false;
    report.audit_log_altered = true;
    report.findings.push_back(text);
}

ChainWalker::ChainWalker(CheckReport& report, const ChainPoint& after, const std::optional<std::string>& after_hash_now)
    : m_report(report), m_previous(after.id > 0 ? after.hash : genesis_hash), m_expected_id(after.id + 1) {
    if (after.id <= 0) return;
    // From a checkpoint: the row it names must still carry the hash that was verified then.
    report_checkpoint_row(report, after, after_hash_now);
    m_report.audit_rows = after.id;  // rows 1..after.id, each present and linked when the checkpoint was written
}

void ChainWalker::finding(const std::string& text) {
    m_report.ok = false;
    m_report.audit_log_altered = true;
    // At most 20 spelled out: a log cut in the middle would otherwise repeat one story a million times.
    if (++m_reported <= 20) m_report.findings.push_back(text);
}

void ChainWalker::row(const AuditEntry& e, const std::string& stored_previous) {
    ++m_report.audit_rows;
    if (e.id != m_expected_id) {
        finding("audit rows " + std::to_string(m_expected_id) + " to " + std::to_string(e.id - 1) +
                " are missing (removed from the log)");
    }
    if (stored_previous != m_previous) {
        finding("audit row " + std::to_string(e.id) +
                " does not follow the row before it (a row was removed, inserted or altered)");
    }
    if (chain_hash(stored_previous, e) != e.hash) {
        finding("audit row " + std::to_string(e.id) + " was altered after it was written");
    }
    m_previous = e.hash;
    m_expected_id = e.id + 1;
}

void ChainWalker::highest_id_ever(std::int64_t id) {
    if (id >= m_expected_id) {
        finding("the last audit rows (" + std::to_string(m_expected_id) + " to " + std::to_string(id) +
                ") were removed from the end of the log");
    }
}

}  // namespace infusion::storage::detail
