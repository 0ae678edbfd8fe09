#include "storage/sqlite_backup.hpp"

#include "storage/backup_target.hpp"
#include "storage/chain_head_file.hpp"
#include "storage/sha256.hpp"
#include "storage/sqlite_support.hpp"

#include <SQLiteCpp/Backup.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

namespace infusion::storage::detail {

// Creates an empty file readable by its owner only, before SQLite opens it: SQLite gives the -wal,
// -shm and -journal files the database file's mode, so they are owner-only from their first byte too,
// whatever the umask.
bool create_owner_only(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return false;
    const bool ok = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;
    ::close(fd);
    return ok;
}

core::Status write_backup(SQLite::Database& source, const std::filesystem::path& source_file,
                          const std::filesystem::path& target) {
    const std::string name = target.string();
    std::error_code ec;
    // Nothing of anyone else's is removed or replaced (backup_target.hpp).
    if (auto in_the_way = backup_target_problem(target, source_file)) return *in_the_way;
    const std::filesystem::path partial = backup_partial_path(target);
    remove_stopped_backup(target);  // what a stopped backup left: ours, by the test above
    if (!create_owner_only(partial)) {
        return core::Error{std::string("cannot create the backup file: ") + std::strerror(errno),
                           partial.string(),
                           {},
                           core::ErrorKind::io};
    }
    ChainHead head;
    try {
        SQLite::Database out(partial.string(), SQLite::OPEN_READWRITE);
        SQLite::Backup backup(out, source);
        backup.executeStep(-1);                    // all pages in one step: a consistent snapshot
        out.exec("PRAGMA journal_mode = DELETE");  // a backup is one self-contained file
        Connection copy(out);
        head = current_chain_head(copy);
    } catch (const std::exception& e) {
        remove_stopped_backup(target);
        return sqlite_error("cannot write the backup", e, name);
    }
    // The manifest: the backup's chain head (so a later cut of the live log shows against it) and the
    // file's SHA-256. Restoring copies both: PATH to the database, PATH-head to its head file. Written
    // before the copy takes its name, so a backup stopped at any moment leaves PATH with its manifest, or no
    // PATH at all (PATH stood without its manifest after a kill, and then read as a cut log; found from
    // outside).
    Sha256 sha;
    {
        std::ifstream in(partial, std::ios::binary);
        std::string buffer(1 << 16, '\0');
        while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
            sha.update(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
        }
    }
    if (auto written =
            write_owner_only_file(chain_head_path(target), chain_head_text(head, "file-sha256 " + sha.hex() + "\n"));
        !written) {
        remove_stopped_backup(target);
        return core::Error{
            "the backup's manifest could not be written: " + written.error().message + "; nothing was kept",
            name,
            {},
            core::ErrorKind::io};
    }
    std::filesystem::rename(partial, target, ec);
    if (ec) {
        remove_stopped_backup(target);
        return core::Error{
            "cannot give the backup its name: " + ec.message() + "; nothing was kept", name, {}, core::ErrorKind::io};
    }
    return core::Done{};
}

}  // namespace infusion::storage::detail
