#pragma once
// Internal to storage/: keeps the audit chain's head file (chain_head_file.hpp) current on a connection
// that writes. Told of every appended audit row, it writes the file after the commit (SQLite's WAL
// hook) and forgets on rollback. Installed on a file database opened for writing.
//
// The file stays open between commits, because a signature is a few hundred microseconds of work and
// opening, reading and closing the file twice per commit was a sixth of it (issue 15): a commit costs
// one look (statx, without the times: chain_head_tracker.cpp says why) and one read before its first
// row and one in-place write after it.
#include "storage/chain_head_file.hpp"

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

struct sqlite3;

namespace infusion::storage::detail {

class Connection;

class ChainHeadTracker {
public:
    ChainHeadTracker(sqlite3* handle, std::filesystem::path head_file);
    ~ChainHeadTracker();
    ChainHeadTracker(const ChainHeadTracker&) = delete;
    ChainHeadTracker& operator=(const ChainHeadTracker&) = delete;

    // Inside the transaction, after the row is inserted; `previous` is the row it was chained to
    // (seq 0 for the first row), which the file nearly always names already.
    void appended(Connection& db, const ChainHead& row, const ChainHead& previous);

private:
    static int on_wal_commit(void* self, sqlite3* handle, const char* schema, int pages);
    static void on_rollback(void* self);

    // The head file as it is now, through the descriptor kept open, after making sure the name still
    // leads to that file (another process, or `db check --accept-head`, may have put a new file in its
    // place) and whether it may be written in place (owner-only, the record's size).
    core::Result<std::optional<ChainHead>> read_head();
    void write_head(const ChainHead& head);
    void close_file();

    sqlite3* m_handle;
    std::filesystem::path m_file;
    std::optional<ChainHead> m_pending;
    bool m_diverged = false;  // the file does not match this chain: leave it as it is
    int m_fd = -1;
    dev_t m_device = 0;
    ino_t m_inode = 0;
    bool m_in_place = false;  // an owner-only regular file of chain_head_record_size bytes, seen by the last look
};

}  // namespace infusion::storage::detail
