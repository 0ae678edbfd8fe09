// The audit chain's head outside the database (chain_head_file.hpp says why).
// Sections: 1. the file  2. checking  3. keeping it current
#include "storage/chain_head_file.hpp"

#include "storage/audit_chain.hpp"
#include "storage/sqlite_support.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace infusion::storage::detail {
namespace {

constexpr const char* magic = "InfusionDoc audit chain head";
constexpr const char* checkpoint_magic = "InfusionDoc db check checkpoint";
constexpr int wal_autocheckpoint_pages = 1000;  // SQLite's default, which a WAL hook replaces

core::Error io_error(const std::string& what, const std::filesystem::path& file) {
    return core::Error{what + ": " + std::strerror(errno), file.string(), {}, core::ErrorKind::io};
}

bool write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

// ---- 1. the file -------------------------------------------------------------------------------
std::filesystem::path chain_head_path(const std::filesystem::path& database) {
    std::filesystem::path out = database;
    out += "-head";
    return out;
}

std::string chain_head_text(const ChainHead& head, const std::string& extra) {
    return std::string(magic) + "\nseq " + std::to_string(head.seq) + "\nhash " + head.hash + "\n" + extra;
}

namespace {

core::Result<std::optional<ChainHead>> read_head_file(const std::filesystem::path& file, std::string_view first) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return std::optional<ChainHead>{};
    std::ifstream in(file);
    if (!in) return core::Error{"cannot read the audit chain head file", file.string(), {}, core::ErrorKind::io};
    std::string line;
    ChainHead head;
    bool seq = false, hash = false;
    if (!std::getline(in, line) || line != first) {
        return core::Error{
            "not an audit chain head file (first line differs)", file.string(), {}, core::ErrorKind::corrupt};
    }
    while (std::getline(in, line)) {
        if (line.rfind("seq ", 0) == 0) {
            try {
                head.seq = std::stoll(line.substr(4));
                seq = true;
            } catch (const std::exception&) {
                return core::Error{
                    "the audit chain head file has a bad 'seq' line", file.string(), {}, core::ErrorKind::corrupt};
            }
        } else if (line.rfind("hash ", 0) == 0) {
            head.hash = line.substr(5);
            hash = head.hash.size() == 64;
        }
    }
    if (!seq || !hash)
        return core::Error{
            "the audit chain head file lacks its seq or hash", file.string(), {}, core::ErrorKind::corrupt};
    return std::optional<ChainHead>{head};
}

}  // namespace

core::Result<std::optional<ChainHead>> read_chain_head(const std::filesystem::path& file) {
    auto read = read_head_file(file, magic);
    // Another workstation process may be overwriting the file in place at this very moment: a read
    // that does not parse is tried once more before it counts.
    if (!read && read.error().kind == core::ErrorKind::corrupt) read = read_head_file(file, magic);
    return read;
}

std::filesystem::path check_checkpoint_path(const std::filesystem::path& database) {
    std::filesystem::path out = database;
    out += "-checked";
    return out;
}

std::optional<ChainHead> read_check_checkpoint(const std::filesystem::path& file) {
    auto read = read_head_file(file, checkpoint_magic);
    // Missing or unreadable: the check starts from the first row, which is always correct.
    return read ? read.value() : std::nullopt;
}

core::Status write_check_checkpoint(const std::filesystem::path& file, const ChainHead& head) {
    return write_owner_only_file(
        file, std::string(checkpoint_magic) + "\nseq " + std::to_string(head.seq) + "\nhash " + head.hash + "\n");
}

core::Status write_owner_only_file(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::path tmp = file;
    tmp += ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return io_error("cannot create the file", tmp);
    // An earlier, looser temporary keeps its mode through O_CREAT: set it explicitly.
    const bool ok = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0 && write_all(fd, text) && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!ok) {
        errno = saved;
        auto error = io_error("cannot write the file", tmp);
        ::unlink(tmp.c_str());
        return error;
    }
    if (::rename(tmp.c_str(), file.c_str()) != 0) {
        auto error = io_error("cannot put the file in place", file);
        ::unlink(tmp.c_str());
        return error;
    }
    const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);  // the rename itself survives a power cut
        ::close(dfd);
    }
    return core::Done{};
}

core::Status overwrite_chain_head(const std::filesystem::path& file, const ChainHead& head) {
    // 256 bytes, the text padded with newlines (read_chain_head skips blank lines): a shorter head never
    // leaves the tail of a longer one, and one write that small lies in one disk sector, so it is never
    // half on disk. The text itself is under 140 bytes.
    constexpr std::size_t size = 256;
    std::string text = chain_head_text(head);
    if (text.size() >= size) return write_owner_only_file(file, text);
    text.resize(size, '\n');
    const int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return write_owner_only_file(file, text);
    struct stat st {};
    const bool fits = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) == 0 &&
                      st.st_size == static_cast<off_t>(size);
    const bool ok = fits && ::pwrite(fd, text.data(), size, 0) == static_cast<ssize_t>(size);
    const int saved = errno;
    ::close(fd);
    if (ok) return core::Done{};
    if (!fits) return write_owner_only_file(file, text);
    errno = saved;
    return io_error("cannot write the audit chain head", file);
}

ChainHead current_chain_head(Connection& db) {
    auto s_use = db.prepare("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
    SQLite::Statement& s = *s_use;
    if (s.executeStep()) return ChainHead{s.getColumn(0).getInt64(), s.getColumn(1).getString()};
    return ChainHead{0, genesis_hash};
}

// ---- 2. checking -------------------------------------------------------------------------------
void verify_chain_head(Connection& db, const std::filesystem::path& head_file, CheckReport& report) {
    const auto finding = [&](const std::string& text) {
        report.ok = false;
        report.findings.push_back(text);
    };
    auto read = read_chain_head(head_file);
    if (!read) return finding(read.error().describe());
    if (!read.value()) {
        return finding("the audit chain head file " + head_file.string() +
                       " is missing: the end of the audit log cannot be confirmed (rows may have been cut "
                       "from the end); restore it from where it was, or after investigating run "
                       "'infusiondoc db check --accept-head'");
    }
    const ChainHead recorded = *read.value();
    const ChainHead now = current_chain_head(db);
    if (recorded.seq == 0) return;  // recorded before the first row: every chain extends it
    auto s_use = db.prepare("SELECT hash FROM audit WHERE id = ?");
    SQLite::Statement& s = *s_use;
    s.bind(1, recorded.seq);
    if (!s.executeStep()) {
        return finding("the audit log ends at row " + std::to_string(now.seq) + " but row " +
                       std::to_string(recorded.seq) + " was written (" + head_file.string() +
                       "): the last audit rows were cut from the end");
    }
    if (s.getColumn(0).getString() != recorded.hash) {
        finding("audit row " + std::to_string(recorded.seq) +
                " is not the row that was written (its hash differs "
                "from the one kept in " +
                head_file.string() + "): the end of the log was cut and rewritten");
    }
}

// ---- 3. keeping it current ---------------------------------------------------------------------
ChainHeadTracker::ChainHeadTracker(sqlite3* handle, std::filesystem::path head_file)
    : m_handle(handle), m_file(std::move(head_file)) {
    sqlite3_wal_hook(m_handle, &ChainHeadTracker::on_wal_commit, this);
    sqlite3_rollback_hook(m_handle, &ChainHeadTracker::on_rollback, this);
}

ChainHeadTracker::~ChainHeadTracker() {
    sqlite3_wal_hook(m_handle, nullptr, nullptr);
    sqlite3_rollback_hook(m_handle, nullptr, nullptr);
    sqlite3_wal_autocheckpoint(m_handle, wal_autocheckpoint_pages);
}

void ChainHeadTracker::appended(Connection& db, std::int64_t seq, const std::string& hash) {
    if (!m_pending && !m_diverged) {
        // First row of this transaction: does the file still describe an ancestor of this chain?
        auto read = read_chain_head(m_file);
        if (!read || !read.value()) {
            m_diverged = true;  // unreadable or removed: keep the evidence for db check
        } else if (read.value()->seq > 0) {
            auto s_use = db.prepare("SELECT hash FROM audit WHERE id = ?");
            SQLite::Statement& s = *s_use;
            s.bind(1, read.value()->seq);
            m_diverged = !s.executeStep() || s.getColumn(0).getString() != read.value()->hash;
        }
    }
    m_pending = ChainHead{seq, hash};
}

int ChainHeadTracker::on_wal_commit(void* self, sqlite3* handle, const char* schema, int pages) {
    auto* tracker = static_cast<ChainHeadTracker*>(self);
    if (tracker->m_pending && !tracker->m_diverged) {
        // A commit by another process may have written a later head already: never go back.
        auto existing = read_chain_head(tracker->m_file);
        if (existing && existing.value() && existing.value()->seq < tracker->m_pending->seq) {
            // The commit is durable already; a failed head write shows as a head behind the log, which
            // db check accepts, and is repaired by the next change.
            (void)overwrite_chain_head(tracker->m_file, *tracker->m_pending);
        }
    }
    tracker->m_pending.reset();
    if (pages >= wal_autocheckpoint_pages)
        sqlite3_wal_checkpoint_v2(handle, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
}

void ChainHeadTracker::on_rollback(void* self) { static_cast<ChainHeadTracker*>(self)->m_pending.reset(); }

}  // namespace infusion::storage::detail
