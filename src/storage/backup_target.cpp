#include "storage/backup_target.hpp"

#include "storage/chain_head_file.hpp"
#include "storage/schema.hpp"

#include <cstdint>
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

// Whether `partial` may be removed before a backup: missing, or left by one of ours that was stopped. Not a
// database in use: not the file open here, and no head file beside it (every InfusionDoc database has one).
// Ours is empty, or a copy whose first page SQLite has not written yet (zeros), or the start of an SQLite
// copy. A stopped copy may have a rollback journal, or (the source's WAL mode came with its first page) a
// -wal and -shm beside it: then its header must name an InfusionDoc database, so another program's database
// in use under that name is never taken for ours. Both were refused, and the next backup with them (found
// from outside, with kill -9).
bool stale_backup_partial(const std::filesystem::path& partial, const std::filesystem::path& open_file) {
    std::error_code ec;
    const auto status = std::filesystem::symlink_status(partial, ec);
    if (!std::filesystem::exists(status)) return true;
    if (!std::filesystem::is_regular_file(status)) return false;
    if (std::filesystem::equivalent(partial, open_file, ec)) return false;
    if (std::filesystem::exists(partial.string() + "-head", ec)) return false;
    const bool in_wal_mode = std::filesystem::exists(partial.string() + "-wal", ec) ||
                             std::filesystem::exists(partial.string() + "-shm", ec);
    std::ifstream in(partial, std::ios::binary);
    std::string start(100, '\0');  // the SQLite header: its magic, and the application id at offset 68
    in.read(start.data(), static_cast<std::streamsize>(start.size()));
    if (in.gcount() == 0) return true;
    if (in.gcount() < 16) return false;
    if (start.compare(0, 16, std::string(16, '\0')) == 0) return true;
    if (start.compare(0, 16, std::string("SQLite format 3\0", 16)) != 0) return false;
    if (!in_wal_mode) return true;
    if (in.gcount() < 72) return false;
    std::uint32_t id = 0;
    for (int i = 68; i < 72; ++i) id = (id << 8) | static_cast<unsigned char>(start[static_cast<std::size_t>(i)]);
    return id == static_cast<std::uint32_t>(schema::application_id);
}

}  // namespace

std::filesystem::path backup_partial_path(const std::filesystem::path& target) { return target.string() + ".partial"; }

void remove_stopped_backup(const std::filesystem::path& target) {
    std::error_code ec;
    const std::string partial = backup_partial_path(target).string();
    // Its journal first: a hot journal left beside the next copy would be rolled back into it.
    for (const char* beside : {"-journal", "-wal", "-shm", ""}) std::filesystem::remove(partial + beside, ec);
    std::filesystem::remove(chain_head_path(target), ec);
}

std::optional<core::Error> backup_target_problem(const std::filesystem::path& target,
                                                 const std::filesystem::path& open_file) {
    // Said as the export says them: "already exists" for a folder, and the ".partial" file named for a
    // folder that does not exist, sent the IT person looking for the wrong thing (found from outside).
    std::error_code ec;
    if (std::filesystem::is_directory(target, ec)) {
        return in_the_way("a folder has this name; choose a file name in it (nothing was written)", target);
    }
    if (const auto folder = target.parent_path(); !folder.empty() && !std::filesystem::exists(folder, ec)) {
        return in_the_way("the folder " + folder.string() + " does not exist (nothing was written)", target);
    }
    if (taken(target))
        return in_the_way("the backup file already exists; choose a new name (nothing was overwritten)", target);
    const auto partial = backup_partial_path(target);
    if (!stale_backup_partial(partial, open_file)) {
        return in_the_way("a file " + partial.filename().string() +
                              " is in the way, and it is not a backup this program stopped writing (it may be "
                              "another database); move it away or choose a new name (nothing was written)",
                          target);
    }
    // The manifest is written before the copy takes its name: one beside a stopped copy of ours is that
    // backup's, removed with it (remove_stopped_backup); one alone is someone else's.
    const auto manifest = chain_head_path(target);
    if (taken(manifest) && !taken(partial)) {
        return in_the_way("a backup's manifest " + manifest.filename().string() +
                              " is already there without its backup; choose a new name (nothing was overwritten)",
                          target);
    }
    return std::nullopt;
}

}  // namespace infusion::storage::detail
