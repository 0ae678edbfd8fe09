#include "app/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace infusion::app {
namespace {

core::Error io_error(const std::string& what, const std::filesystem::path& path) {
    return core::Error{what + ": " + std::strerror(errno), path.string(), {}};
}

}  // namespace

core::Result<AtomicFile> AtomicFile::create(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        return core::Error{"the file already exists; choose a new name (nothing was overwritten)", path.string(), {}};
    }
    std::filesystem::path partial = path;
    partial += ".partial";
    const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return io_error("cannot create the file", partial);
    ::fchmod(fd, 0600);  // owner-only even when the umask is generous: the file holds patient data
    return AtomicFile(path, partial, fd);
}

AtomicFile::AtomicFile(std::filesystem::path path, std::filesystem::path partial, int fd)
    : m_path(std::move(path)), m_partial(std::move(partial)), m_fd(fd) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_partial(std::move(other.m_partial)),
      m_fd(other.m_fd),
      m_published(other.m_published) {
    other.m_fd = -1;
    other.m_published = true;  // the moved-from object owns nothing to clean up
}

AtomicFile::~AtomicFile() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_published) {
        std::error_code ec;
        std::filesystem::remove(m_partial, ec);
    }
}

core::Status AtomicFile::write(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(m_fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return io_error("cannot write the file", m_partial);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return core::Done{};
}

core::Status AtomicFile::sync() {
    if (::fsync(m_fd) != 0) return io_error("cannot flush the file to disk", m_partial);
    if (::close(m_fd) != 0) {
        m_fd = -1;
        return io_error("cannot close the file", m_partial);
    }
    m_fd = -1;
    return core::Done{};
}

core::Status AtomicFile::publish() {
    if (m_fd >= 0) {
        if (auto synced = sync(); !synced) return synced;
    }
    if (::rename(m_partial.c_str(), m_path.c_str()) != 0) return io_error("cannot rename the finished file", m_path);
    m_published = true;
    const auto folder = m_path.has_parent_path() ? m_path.parent_path() : std::filesystem::path(".");
    const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);  // the rename itself survives a power cut
        ::close(dir);
    }
    return core::Done{};
}

}  // namespace infusion::app
