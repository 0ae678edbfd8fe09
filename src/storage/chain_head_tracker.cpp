// Keeping the audit chain's head file current (chain_head_tracker.hpp says how and why).
#include "storage/chain_head_tracker.hpp"

#include "storage/sqlite_support.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace infusion::storage::detail {
namespace {

constexpr int wal_autocheckpoint_pages = 1000;  // SQLite's default, which a WAL hook replaces

core::Error io_error(const std::string& what, const std::filesystem::path& file) {
    return core::Error{what + ": " + std::strerror(errno), file.string(), {}, core::ErrorKind::io};
}

// What a commit needs to know of the file behind the name: which file it is, its type, mode and size,
// and not its times. Since Linux 6.13 a look that asks for a file's times (stat, lstat and fstat always
// do) makes the file's next write stamp it with a fine-grained time, so every in-place write of the
// head after such a look changed its inode too, and a signature's commit, and the next commit of another
// file on the same disk, took longer: signing went from 1.79 x to 1.69 x a bare insert with this change
// alone (docs/performance-investigations.md, "The head file's look", issue 15). statx asked for no times leaves the
// timestamps coarse, as a write without a look does.
struct Identity {
    bool known = false;  // the file system answered all four (local ones always do)
    dev_t device = 0;
    ino_t inode = 0;
    bool in_place = false;  // an owner-only regular file of chain_head_record_size bytes
};

constexpr unsigned identity_mask = STATX_TYPE | STATX_MODE | STATX_INO | STATX_SIZE;

Identity identity_of(const struct statx& x) {
    const bool known = (x.stx_mask & identity_mask) == identity_mask;
    return Identity{known, makedev(x.stx_dev_major, x.stx_dev_minor), static_cast<ino_t>(x.stx_ino),
                    known && S_ISREG(x.stx_mode) && (x.stx_mode & 077) == 0 && x.stx_size == chain_head_record_size};
}

}  // namespace

ChainHeadTracker::ChainHeadTracker(sqlite3* handle, std::filesystem::path head_file)
    : m_handle(handle), m_file(std::move(head_file)) {
    sqlite3_wal_hook(m_handle, &ChainHeadTracker::on_wal_commit, this);
    sqlite3_rollback_hook(m_handle, &ChainHeadTracker::on_rollback, this);
}

ChainHeadTracker::~ChainHeadTracker() {
    sqlite3_wal_hook(m_handle, nullptr, nullptr);
    sqlite3_rollback_hook(m_handle, nullptr, nullptr);
    sqlite3_wal_autocheckpoint(m_handle, wal_autocheckpoint_pages);
    close_file();
}

void ChainHeadTracker::close_file() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    m_in_place = false;
}

core::Result<std::optional<ChainHead>> ChainHeadTracker::read_head() {
    struct statx named {};
    if (::statx(AT_FDCWD, m_file.c_str(), AT_SYMLINK_NOFOLLOW, identity_mask, &named) != 0) {
        close_file();
        if (errno == ENOENT) return std::optional<ChainHead>{};
        return io_error("cannot read the audit chain head file", m_file);
    }
    Identity seen = identity_of(named);
    if (m_fd < 0 || !seen.known || seen.device != m_device || seen.inode != m_inode) {
        close_file();
        m_fd = ::open(m_file.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
        if (m_fd < 0) return read_chain_head(m_file);  // not ours to write (a symlink, no access): as before
        struct statx opened {};
        if (::statx(m_fd, "", AT_EMPTY_PATH, identity_mask, &opened) != 0) {
            close_file();
            return io_error("cannot read the audit chain head file", m_file);
        }
        seen = identity_of(opened);
        m_device = seen.device;
        m_inode = seen.inode;
    }
    m_in_place = seen.in_place;
    // Another workstation process may be overwriting the file in place at this very moment: a read that
    // does not parse is tried once more before it counts.
    core::Result<std::optional<ChainHead>> out = std::optional<ChainHead>{};
    for (int attempt = 0; attempt < 2; ++attempt) {
        std::array<char, 4096> buffer{};
        const ssize_t n = ::pread(m_fd, buffer.data(), buffer.size(), 0);
        if (n < 0) return io_error("cannot read the audit chain head file", m_file);
        out = parse_chain_head(std::string_view(buffer.data(), static_cast<std::size_t>(n)), m_file);
        if (out || out.error().kind != core::ErrorKind::corrupt) break;
    }
    return out;
}

// After every commit that appended audit rows, so it costs next to nothing beside the commit: the head
// written over the owner-only head file in place, as one fixed-size write (no new file, no rename, no
// fsync). After a power cut the file may still hold the head of an earlier commit: behind the log, which
// db check accepts and the next change corrects.
void ChainHeadTracker::write_head(const ChainHead& head) {
    const std::string record = chain_head_record(head);
    if (m_fd >= 0 && m_in_place && record.size() == chain_head_record_size &&
        ::pwrite(m_fd, record.data(), record.size(), 0) == static_cast<ssize_t>(record.size())) {
        return;
    }
    // Missing, loosened, of another size or not writable here: written whole, under a new inode, which
    // the next transaction's look finds and opens.
    close_file();
    (void)write_owner_only_file(m_file, record);
}

void ChainHeadTracker::appended(Connection& db, const ChainHead& row, const ChainHead& previous) {
    if (!m_pending && !m_diverged) {
        // First row of this transaction: does the file still describe an ancestor of this chain?
        auto read = read_head();
        if (!read || !read.value()) {
            m_diverged = true;  // unreadable or removed: keep the evidence for db check
        } else if (const ChainHead& named = *read.value(); named.seq > 0 && named.seq == previous.seq) {
            m_diverged = named.hash != previous.hash;  // the row just chained to: its hash is at hand
        } else if (named.seq > 0) {
            auto s_use = db.prepare("SELECT hash FROM audit WHERE id = ?");
            SQLite::Statement& s = *s_use;
            s.bind(1, named.seq);
            m_diverged = !s.executeStep() || s.getColumn(0).getString() != named.hash;
        }
    }
    m_pending = row;
}

int ChainHeadTracker::on_wal_commit(void* self, sqlite3* handle, const char* schema, int pages) {
    auto* tracker = static_cast<ChainHeadTracker*>(self);
    if (tracker->m_pending && !tracker->m_diverged) {
        // Written without reading the file first. The commit is durable already; what the file must never
        // do is name a row that is not in the log, and this row is. Another process on this database
        // could, in the instant between this commit releasing the write lock and this write, have
        // committed and written a later head, which this write would then put one change behind: db check
        // accepts a head behind the log (the rows after it chain from it), and the next change corrects it.
        // A failed write shows the same way. Reading first did not close that window either, and cost a
        // system call per signature (issue 15).
        tracker->write_head(*tracker->m_pending);
    }
    tracker->m_pending.reset();
    if (pages >= wal_autocheckpoint_pages)
        sqlite3_wal_checkpoint_v2(handle, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
}

void ChainHeadTracker::on_rollback(void* self) { static_cast<ChainHeadTracker*>(self)->m_pending.reset(); }

}  // namespace infusion::storage::detail
