#include "storage/import_lock_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace infusion::storage::detail {
namespace {

// Closing the descriptor releases the flock.
class FlockedFile final : public ImportLock {
public:
    explicit FlockedFile(int fd) : m_fd(fd) {}
    ~FlockedFile() override { ::close(m_fd); }

private:
    int m_fd;
};

}  // namespace

core::Result<std::unique_ptr<ImportLock>> lock_file_exclusively(const std::filesystem::path& lock_file) {
    const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        return core::Error{
            std::string("cannot open the import lock: ") + std::strerror(errno) + "; nothing was imported",
            lock_file.string(),
            {},
            core::ErrorKind::io};
    }
    int rc = 0;
    do {
        rc = ::flock(fd, LOCK_EX);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        const int err = errno;
        ::close(fd);
        return core::Error{std::string("cannot take the import lock: ") + std::strerror(err) + "; nothing was imported",
                           lock_file.string(),
                           {},
                           core::ErrorKind::io};
    }
    return std::unique_ptr<ImportLock>(std::make_unique<FlockedFile>(fd));
}

}  // namespace infusion::storage::detail
