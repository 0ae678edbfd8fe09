#pragma once
// Backends for the storage contract tests: every VisitStore/AuditLog implementation must pass the
// same cases. A PostgreSQL backend adds itself to backends() and runs them unchanged.
#include "storage/database.hpp"
#include "support/test_support.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace infusion::test {

struct Backend {
    std::string name;
    std::function<std::unique_ptr<storage::Database>()> open;
};

// SQLite in memory, and SQLite in a real file in a fresh temporary folder.
std::vector<Backend> backends();

// A fresh, empty temporary folder, removed when the object goes.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

storage::Actor actor(const std::string& user = "rn.okafor", const std::string& at = "2026-03-02T15:00:00Z");
std::string file_bytes(const std::filesystem::path& file);

}  // namespace infusion::test
