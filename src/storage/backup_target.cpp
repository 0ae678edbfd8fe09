#include "storage/backup_target.hpp"

#include "storage/chain_head_file.hpp"

#include <fstream>
#include <string>

namespace infusion::storage::detail {
namespace {

core::Error in_the_way(const std::string& why, const std::filesystem::path& target) {
    return core::Error{why, target.string(), {}, core::ErrorKind::conflict};
}

// symlink_status: a link to a missing file holds the name too (the rename would replace the link).
bool taken(const std::filesystem::path& path) {
    std::error_code ec;
    return std::filesystem::exists(std::filesystem::symlink_status(path, ec));
}

// Whether `partial` may be removed before a backup: missing, or left by one of ours that was stopped
// (an empty file, or the start of an SQLite copy). Not a database in use: not the file open here, and
// nothing beside it that an open or InfusionDoc database has (its write-ahead log, its head file).
bool stale_backup_partial(const std::filesystem::path& partial, const std::filesystem::path& open_file) {
    std::error_code ec;
    const auto status = std::filesystem::symlink_status(partial, ec);
    if (!std::filesystem::exists(status)) return true;
    if (!std::filesystem::is_regular_file(status)) return false;
    if (std::filesystem::equivalent(partial, open_file, ec)) return false;
    for (const char* beside : {"-wal", "-shm", "-head"}) {  // (a stopped backup leaves only a -journal)
        if (std::filesystem::exists(partial.string() + beside, ec)) return false;
    }
    std::ifstream in(partial, std::ios::binary);
    std::string start(16, '\0');
    in.read(start.data(), static_cast<std::streamsize>(start.size()));
    return in.gcount() == 0 || (in && start == std::string("SQLite format 3\0", 16));
}

}  // namespace

std::filesystem::path backup_partial_path(const std::filesystem::path& target) { return target.string() + ".partial"; }

std::optional<core::Error> backup_target_problem(const std::filesystem::path& target,
                                                 const std::filesystem::path& open_file) {
    if (taken(target))
        return in_the_way("the backup file already exists; choose a new name (nothing was overwritten)", target);
    const auto manifest = chain_head_path(target);
    if (taken(manifest)) {
        return in_the_way("a backup's manifest " + manifest.filename().string() +
                              " is already there without its backup; choose a new name (nothing was overwritten)",
                          target);
    }
    const auto partial = backup_partial_path(target);
    if (!stale_backup_partial(partial, open_file)) {
        return in_the_way("a file " + partial.filename().string() +
                              " is in the way, and it is not a backup this program stopped writing (it may be "
                              "another database); move it away or choose a new name (nothing was written)",
                          target);
    }
    return std::nullopt;
}

}  // namespace infusion::storage::detail
