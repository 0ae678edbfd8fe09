#include "app/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <utility>

namespace infusion::app {
namespace {

core::Error io_error(const std::string& what, const std::filesystem::path& path) {
    return core::Error{what + ": " + std::strerror(errno), path.string(), {}};
}

std::filesystem::path folder_of(const std::filesystem::path& path) {
    return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

// "cannot create the file", naming a folder that does not exist: "No such file or directory" alone
// read as if the file were missing (found from outside). `path` is the file asked for.
core::Error create_error(const std::filesystem::path& path) {
    const int saved = errno;
    std::error_code ec;
    const auto folder = folder_of(path);
    if (saved == ENOENT && !std::filesystem::is_directory(folder, ec)) {
        return core::Error{
            "cannot create the file: the folder " + folder.string() + " does not exist", path.string(), {}};
    }
    errno = saved;
    return io_error("cannot create the file", path);
}

// A file without a name in `folder`, or -1 with errno set. EOPNOTSUPP, EISDIR or EINVAL: the file
// system or the kernel has no O_TMPFILE.
int open_unnamed(const std::filesystem::path& folder) {
    return ::open(folder.c_str(), O_WRONLY | O_TMPFILE | O_CLOEXEC, 0600);
}

bool no_unnamed_files_here(int error) { return error == EOPNOTSUPP || error == EISDIR || error == EINVAL; }

// Names the open file `fd` (one without a name) `target`; fails with EEXIST when the name is taken.
// Through /proc, as any user may; AT_EMPTY_PATH, which needs a privilege, only when /proc is missing.
int link_unnamed(int fd, const std::filesystem::path& target) {
    const std::string self = "/proc/self/fd/" + std::to_string(fd);
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, target.c_str(), AT_SYMLINK_FOLLOW) == 0) return 0;
    if (errno != ENOENT) return -1;
    return ::linkat(fd, "", AT_FDCWD, target.c_str(), AT_EMPTY_PATH);
}

// A name the folder cannot hold is said before anything is written: an export found it only at the
// link, after its batch was recorded, and the batch then stayed undelivered. `suffix` is what the name
// must still hold for the moment before it replaces a file (".partial").
std::optional<core::Error> too_long(const std::filesystem::path& path, std::string_view suffix) {
    const long most = ::pathconf(folder_of(path).c_str(), _PC_NAME_MAX);
    const std::size_t length = path.filename().native().size() + suffix.size();
    if (most <= 0 || length <= static_cast<std::size_t>(most)) return std::nullopt;
    return core::Error{"the file name is too long for its folder (" + std::to_string(length - suffix.size()) +
                           " bytes; at most " + std::to_string(static_cast<std::size_t>(most) - suffix.size()) +
                           " here): choose a shorter name (nothing was written)",
                       path.string(),
                       {}};
}

}  // namespace

core::Result<AtomicFile> AtomicFile::open_new(const std::filesystem::path& path, bool unnamed_first, bool replacing) {
    // A replacing file, and one written where there are no files without a name, goes by PATH.partial.
    if (auto error = too_long(path, ".partial")) {
        if (replacing || !unnamed_first) return *error;
        if (auto whole = too_long(path, {})) return *whole;
    }
    if (unnamed_first) {
        if (const int fd = open_unnamed(folder_of(path)); fd >= 0) {
            ::fchmod(fd, 0600);  // owner-only even when the umask is generous: the file holds patient data
            return AtomicFile(path, {}, fd);
        }
        if (!no_unnamed_files_here(errno)) return create_error(path);
    }
    std::filesystem::path partial = path;
    partial += ".partial";
    const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return create_error(path);
    ::fchmod(fd, 0600);
    return AtomicFile(path, partial, fd);
}

core::Result<AtomicFile> AtomicFile::create(const std::filesystem::path& path, bool unnamed_first) {
    std::error_code ec;
    // symlink_status: a link whose target is missing still holds the name (linkat would refuse it after
    // the whole file was written, and an export's batch would be recorded undelivered for nothing).
    const auto status = std::filesystem::symlink_status(path, ec);
    if (std::filesystem::is_symlink(status) && !std::filesystem::exists(path, ec)) {
        return core::Error{
            "a link to a missing file has this name; choose a new name (nothing was written)", path.string(), {}};
    }
    if (std::filesystem::is_directory(status)) {
        return core::Error{"a folder has this name; choose a file name in it (nothing was written)", path.string(), {}};
    }
    if (std::filesystem::exists(status)) {
        return core::Error{"the file already exists; choose a new name (nothing was overwritten)", path.string(), {}};
    }
    return open_new(path, unnamed_first, false);
}

core::Result<AtomicFile> AtomicFile::create_replacing(const std::filesystem::path& path,
                                                      std::string_view replaceable_start) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return core::Error{"a folder has this name; choose a file name", path.string(), {}};
    }
    // What may be saved over is an earlier file of the same kind, nothing else: a mistyped name must
    // not turn the clinic's database, a billing export or /dev/null into a PDF.
    const auto status = std::filesystem::symlink_status(path, ec);
    if (std::filesystem::exists(status) || std::filesystem::is_symlink(status)) {
        if (!std::filesystem::is_regular_file(status)) {
            return core::Error{
                "something other than a file has this name (a link, a device or a pipe); choose a "
                "file name (nothing was overwritten)",
                path.string(),
                {}};
        }
        std::ifstream in(path, std::ios::binary);
        std::string start(replaceable_start.size(), '\0');
        in.read(start.data(), static_cast<std::streamsize>(start.size()));
        if (!in || start != replaceable_start) {
            return core::Error{
                "a file of another kind has this name; choose a new name (nothing was overwritten)", path.string(), {}};
        }
    }
    auto file = open_new(path, true, true);
    if (file) file.value().m_replace = true;
    return file;
}

AtomicFile::AtomicFile(std::filesystem::path path, std::filesystem::path partial, int fd)
    : m_path(std::move(path)), m_partial(std::move(partial)), m_fd(fd) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_partial(std::move(other.m_partial)),
      m_fd(other.m_fd),
      m_replace(other.m_replace),
      m_synced(other.m_synced),
      m_published(other.m_published) {
    other.m_fd = -1;
    other.m_partial.clear();
    other.m_published = true;  // the moved-from object owns nothing to clean up
}

AtomicFile::~AtomicFile() {
    if (m_fd >= 0) ::close(m_fd);  // a file without a name is gone with it
    if (!m_published && !m_partial.empty()) {
        std::error_code ec;
        std::filesystem::remove(m_partial, ec);
    }
}

core::Status AtomicFile::write(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(m_fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return io_error("cannot write the file", where());
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return core::Done{};
}

core::Status AtomicFile::sync() {
    if (::fsync(m_fd) != 0) return io_error("cannot flush the file to disk", where());
    m_synced = true;
    return core::Done{};
}

core::Status AtomicFile::put_in_place() {
    if (unnamed() && !m_replace) {
        if (link_unnamed(m_fd, m_path) == 0) return core::Done{};
        if (errno == EEXIST) {
            return core::Error{
                "another file took this name while this one was written; it was left untouched", m_path.string(), {}};
        }
        return io_error("cannot put the finished file in place", m_path);
    }
    if (unnamed()) {
        // linkat cannot replace a name: the file gets PATH.partial first (a name left by an earlier run
        // stopped at this very point is ours by its name), then replaces PATH in one rename. From here on
        // it is a partial file like any other: the destructor removes it if the rename fails.
        std::filesystem::path linked = m_path;
        linked += ".partial";
        ::unlink(linked.c_str());
        if (link_unnamed(m_fd, linked) != 0) return io_error("cannot put the finished file in place", m_path);
        m_partial = std::move(linked);
    }
    if (::rename(m_partial.c_str(), m_path.c_str()) != 0) return io_error("cannot rename the finished file", m_path);
    return core::Done{};
}

core::Status AtomicFile::publish() {
    if (!m_synced) {
        if (auto synced = sync(); !synced) return synced;
    }
    // A named partial file is closed first: a network share reports a failed write at close. A file
    // without a name needs its descriptor until it has its name.
    if (!unnamed()) {
        const int closing = std::exchange(m_fd, -1);
        if (::close(closing) != 0) return io_error("cannot close the file", m_partial);
    }
    if (auto placed = put_in_place(); !placed) return placed;
    m_published = true;
    if (m_fd >= 0) ::close(std::exchange(m_fd, -1));
    const int dir = ::open(folder_of(m_path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);  // the new name itself survives a power cut
        ::close(dir);
    }
    return core::Done{};
}

}  // namespace infusion::app
