#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <atomic>
#include <fstream>
#include <sstream>

namespace infusion::test {

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    m_path = std::filesystem::temp_directory_path() /
             ("infusiondoc-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(m_path, std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(m_path, ec);
}

std::vector<Backend> backends() {
    auto dir = std::make_shared<TempDir>();
    return {
        {"sqlite-memory", [] { return std::move(storage::SqliteDatabase::open_in_memory().value()); }},
        {"sqlite-file",
         [dir] {
             static std::atomic<int> n{0};
             auto db = storage::SqliteDatabase::open(dir->path() / ("store-" + std::to_string(n++) + ".db"));
             REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().describe()));
             return std::move(db.value());
         }},
    };
}

storage::Actor actor(const std::string& user, const std::string& at) { return storage::Actor{user, at}; }

std::string file_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace infusion::test
