#pragma once
// A file written whole or not at all: bytes go to PATH.partial (owner-only, 0600), are flushed to
// disk (fsync), then renamed over PATH; a file never appears half-written. Dropping the object
// without commit() removes the partial file.
#include "core/result.hpp"

#include <filesystem>
#include <string_view>

namespace infusion::app {

class AtomicFile {
public:
    // Refuses to replace an existing PATH: an earlier export is never overwritten by accident.
    [[nodiscard]] static core::Result<AtomicFile> create(const std::filesystem::path& path);
    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&&) = delete;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    [[nodiscard]] core::Status write(std::string_view bytes);
    // fsync and close the partial file (it stays PATH.partial until publish()).
    [[nodiscard]] core::Status sync();
    // Renames PATH.partial to PATH and syncs the folder.
    [[nodiscard]] core::Status publish();

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    AtomicFile(std::filesystem::path path, std::filesystem::path partial, int fd);
    std::filesystem::path m_path;
    std::filesystem::path m_partial;
    int m_fd = -1;
    bool m_published = false;
};

}  // namespace infusion::app
