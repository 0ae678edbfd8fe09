#pragma once
// Internal to storage/: which database files this process holds open through SQLite.
//
// POSIX drops every lock a process holds on a file when the process closes *any* descriptor of that
// file. SQLite knows this and keeps its own descriptors open until its last connection closes; code of
// ours that opens the file with its own descriptor (to read its first bytes) must not, while a
// connection of this process holds it, or that connection silently loses its lock. The next program to
// close then deletes the write-ahead log under it, and what it writes afterwards is lost.
#include <sys/types.h>
#include <filesystem>
#include <optional>
#include <utility>

namespace infusion::storage::detail {

// Marks `file` as held open by a connection of this process until the mark is destroyed.
class OpenFileMark {
public:
    // Empty when the file cannot be looked at (it is then not marked).
    [[nodiscard]] static std::optional<OpenFileMark> of(const std::filesystem::path& file);
    ~OpenFileMark();
    OpenFileMark(OpenFileMark&& other) noexcept : m_key(std::exchange(other.m_key, std::nullopt)) {}
    OpenFileMark& operator=(OpenFileMark&& other) noexcept;
    OpenFileMark(const OpenFileMark&) = delete;
    OpenFileMark& operator=(const OpenFileMark&) = delete;

private:
    explicit OpenFileMark(std::pair<dev_t, ino_t> key) : m_key(key) {}
    std::optional<std::pair<dev_t, ino_t>> m_key;
};

// True while a connection of this process holds `file` (through any of its names): it is an SQLite
// database, and no descriptor of ours may be opened and closed on it.
[[nodiscard]] bool held_open_here(const std::filesystem::path& file);

}  // namespace infusion::storage::detail
