// The audit chain's head outside the database (chain_head_file.hpp says why).
// Sections: 1. the file  2. checking (keeping it current: chain_head_tracker.cpp)
#include "storage/chain_head_file.hpp"

#include "storage/audit_chain.hpp"
#include "storage/sqlite_support.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

namespace infusion::storage::detail {
namespace {

constexpr const char* magic = "InfusionDoc audit chain head";
constexpr const char* checkpoint_magic = "InfusionDoc db check checkpoint";

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

// A number that is the whole of `digits`; none otherwise.
std::optional<std::int64_t> whole_number(std::string_view digits) {
    std::int64_t out = 0;
    const auto [rest, failed] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    if (failed != std::errc{} || rest != digits.data() + digits.size() || digits.empty()) return std::nullopt;
    return out;
}

// What follows `prefix` on the first line of `text` that starts with it; none when no line does.
std::optional<std::string_view> line_value(std::string_view text, std::string_view prefix) {
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    }
    return std::nullopt;
}

// The whole file; none when it does not exist. Anything but a regular file (a FIFO put in its place
// made every check wait for ever, found from outside; a device never ends) is refused unread.
core::Result<std::optional<std::string>> read_whole_file(const std::filesystem::path& file) {
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (ec || status.type() == std::filesystem::file_type::not_found) return std::optional<std::string>{};
    if (status.type() != std::filesystem::file_type::regular) {
        return core::Error{
            "not a regular file (a FIFO, a device or a folder stands where the audit chain's file "
            "belongs): it was not read",
            file.string(),
            {},
            core::ErrorKind::corrupt};
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return core::Error{"cannot read the audit chain head file", file.string(), {}, core::ErrorKind::io};
    std::ostringstream text;
    text << in.rdbuf();
    return std::optional<std::string>{text.str()};
}

core::Result<std::optional<ChainHead>> parse_head_text(std::string_view text, std::string_view first,
                                                       const std::filesystem::path& file) {
    const auto corrupt = [&](const char* what) {
        return core::Error{what, file.string(), {}, core::ErrorKind::corrupt};
    };
    ChainHead head;
    bool seq = false, hash = false, first_line = true;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (first_line) {
            if (line != first) return corrupt("not an audit chain head file (first line differs)");
            first_line = false;
        } else if (line.rfind("seq ", 0) == 0) {
            const auto number = whole_number(line.substr(4));
            if (!number) return corrupt("the audit chain head file has a bad 'seq' line");
            head.seq = *number;
            seq = true;
        } else if (line.rfind("hash ", 0) == 0) {
            head.hash = std::string(line.substr(5));
            hash = head.hash.size() == 64;
        }
    }
    if (first_line) return corrupt("not an audit chain head file (first line differs)");
    if (!seq || !hash) return corrupt("the audit chain head file lacks its seq or hash");
    return std::optional<ChainHead>{head};
}

core::Result<std::optional<ChainHead>> read_head_file(const std::filesystem::path& file, std::string_view first) {
    auto text = read_whole_file(file);
    if (!text) return text.error();
    if (!text.value()) return std::optional<ChainHead>{};
    return parse_head_text(*text.value(), first, file);
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

std::optional<CheckCheckpoint> read_check_checkpoint(const std::filesystem::path& file) {
    // Missing or unreadable: the check starts from the first row, which is always correct.
    const auto text = read_whole_file(file);
    if (!text || !text.value()) return std::nullopt;
    const auto head = parse_head_text(*text.value(), checkpoint_magic, file);
    if (!head || !head.value()) return std::nullopt;
    CheckCheckpoint out{*head.value(), std::nullopt, 1, 1};
    // A cookie that does not read counts as a moved one: the walk from the first row.
    if (const auto cookie = line_value(*text.value(), "schema_version ")) {
        out.schema_cookie = whole_number(*cookie).value_or(-1);
    }
    // A sweep cursor that does not read (or none, before the sweep was kept) starts again at the first.
    if (const auto visit = line_value(*text.value(), "sweep_visit "))
        out.sweep_visit = whole_number(*visit).value_or(1);
    if (const auto audit = line_value(*text.value(), "sweep_audit "))
        out.sweep_audit = whole_number(*audit).value_or(1);
    return out;
}

core::Status write_check_checkpoint(const std::filesystem::path& file, const CheckCheckpoint& point) {
    std::string text =
        std::string(checkpoint_magic) + "\nseq " + std::to_string(point.head.seq) + "\nhash " + point.head.hash + "\n";
    if (point.schema_cookie) text += "schema_version " + std::to_string(*point.schema_cookie) + "\n";
    text += "sweep_visit " + std::to_string(point.sweep_visit) + "\nsweep_audit " + std::to_string(point.sweep_audit) +
            "\n";
    return write_owner_only_file(file, text);
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

std::string chain_head_record(const ChainHead& head) {
    // The text padded with newlines (parsing skips blank lines): a shorter head never leaves the tail of
    // a longer one, and one write that small lies in one disk sector, so it is never half on disk. The
    // text itself is under 140 bytes.
    std::string text = chain_head_text(head);
    if (text.size() < chain_head_record_size) text.resize(chain_head_record_size, '\n');
    return text;
}

core::Result<std::optional<ChainHead>> parse_chain_head(std::string_view text, const std::filesystem::path& file) {
    return parse_head_text(text, magic, file);
}

ChainHead current_chain_head(Connection& db) {
    auto s_use = db.prepare("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
    SQLite::Statement& s = *s_use;
    if (s.executeStep()) return ChainHead{s.getColumn(0).getInt64(), s.getColumn(1).getString()};
    return ChainHead{0, genesis_hash};
}

// ---- 2. checking -------------------------------------------------------------------------------
std::optional<std::string> chain_end_changed(Connection& db, const std::filesystem::path& head_file) {
    auto read = read_chain_head(head_file);
    if (!read || !read.value()) return std::nullopt;
    const ChainHead recorded = *read.value();
    if (recorded.seq == 0) return std::nullopt;  // recorded before the first row: every chain extends it
    auto s_use = db.prepare("SELECT hash FROM audit WHERE id = ?");
    SQLite::Statement& s = *s_use;
    s.bind(1, recorded.seq);
    if (!s.executeStep()) {
        // Rows written after the cut take ids after the highest ever used: the log may end past the head.
        const ChainHead now = current_chain_head(db);
        return "the audit log has no row " + std::to_string(recorded.seq) + ", the last one written before (" +
               head_file.string() + "): audit rows were cut from the end (the log now ends at row " +
               std::to_string(now.seq) + ")";
    }
    if (s.getColumn(0).getString() != recorded.hash) {
        return "audit row " + std::to_string(recorded.seq) +
               " is not the row that was written (its hash differs from the one kept in " + head_file.string() +
               "): the end of the log was cut and rewritten";
    }
    return std::nullopt;
}

void verify_chain_head(Connection& db, const std::filesystem::path& head_file, CheckReport& report) {
    const auto finding = [&](const std::string& text) {
        report.ok = false;
        report.audit_log_altered = true;
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
    if (auto changed = chain_end_changed(db, head_file)) finding(*changed);
}

}  // namespace infusion::storage::detail
