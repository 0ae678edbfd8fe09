#pragma once
// A file written whole or not at all. Its bytes go to a file without a name in PATH's folder
// (O_TMPFILE, owner-only), are flushed to disk (fsync), and only then get PATH as their name (linkat):
// a file never appears half-written, and a program killed at any moment (kill -9, a power cut) leaves
// nothing behind, because a file without a name is gone when its last descriptor closes. On a file
// system without O_TMPFILE (some network shares) the bytes go to PATH.partial instead and are renamed;
// dropping the object without publish() then removes the partial file, but a killed program leaves it.
// A file that replaces an older one is named PATH.partial for the moment between its link and the
// rename over PATH.
#include "core/result.hpp"

#include <filesystem>
#include <string_view>

namespace infusion::app {

class AtomicFile {
public:
    // Refuses to replace an existing PATH: an earlier export is never overwritten by accident.
    // `unnamed_first` false: PATH.partial even where a file without a name is possible (tests of the
    // network share's way).
    [[nodiscard]] static core::Result<AtomicFile> create(const std::filesystem::path& path, bool unnamed_first = true);
    // The same, but publish() replaces an existing PATH, in one step: the old file or the new one, whole
    // (a printed record saved again under its name). Only a regular file that begins with
    // `replaceable_start` ("%PDF-") is replaced: any other file at PATH (a database, an export, a device)
    // is refused, and nothing is written.
    [[nodiscard]] static core::Result<AtomicFile> create_replacing(const std::filesystem::path& path,
                                                                   std::string_view replaceable_start);
    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&&) = delete;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    [[nodiscard]] core::Status write(std::string_view bytes);
    // Flushes the bytes to disk; the file is not under PATH yet.
    [[nodiscard]] core::Status sync();
    // Gives the flushed file its name PATH and syncs the folder. A file made by create() never takes the
    // place of one that took the name meanwhile (but on the PATH.partial way, whose rename would).
    [[nodiscard]] core::Status publish();

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    // Whether the bytes are in a file without a name (false: in PATH.partial).
    [[nodiscard]] bool unnamed() const { return m_partial.empty(); }

private:
    AtomicFile(std::filesystem::path path, std::filesystem::path partial, int fd);
    [[nodiscard]] static core::Result<AtomicFile> open_new(const std::filesystem::path& path, bool unnamed_first,
                                                           bool replacing);
    [[nodiscard]] core::Status put_in_place();
    // The file a message names: PATH while the bytes have no name, else PATH.partial.
    [[nodiscard]] const std::filesystem::path& where() const { return unnamed() ? m_path : m_partial; }
    std::filesystem::path m_path;
    std::filesystem::path m_partial;  // empty while the bytes are in a file without a name
    int m_fd = -1;
    bool m_replace = false;
    bool m_synced = false;
    bool m_published = false;
};

}  // namespace infusion::app
