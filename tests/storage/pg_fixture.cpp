#include "storage/pg_fixture.hpp"

#include "storage/postgres/pg_connection.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

namespace infusion::test {
namespace {

std::string read_state(const std::string& state) {
    std::ifstream in(state);
    std::string dir;
    std::getline(in, dir);
    return dir;
}

// A server this process started itself (no CTest fixture): stopped when the process exits.
struct OwnServer {
    std::string state;
    std::string dir;
    OwnServer() {
        state =
            (std::filesystem::temp_directory_path() / ("infusiondoc-pg-state-" + std::to_string(::getpid()))).string();
        const std::string command = std::string(INFUSIONDOC_PG_CLUSTER_SCRIPT) + " start " + state;
        if (std::system(command.c_str()) != 0) {
            FAIL(
                "could not start the throwaway PostgreSQL server (tests/support/pg_cluster.sh); "
                "scripts/install-deps installs postgresql-15");
        }
        dir = read_state(state);
    }
    ~OwnServer() {
        const std::string command = std::string(INFUSIONDOC_PG_CLUSTER_SCRIPT) + " stop " + state;
        [[maybe_unused]] const int status = std::system(command.c_str());
    }
    OwnServer(const OwnServer&) = delete;
    OwnServer& operator=(const OwnServer&) = delete;
};

std::string quote_name(const std::string& name) { return "\"" + name + "\""; }

}  // namespace

const std::string& pg_socket_dir() {
    static const std::string dir = [] {
        if (const char* state = std::getenv("INFUSIONDOC_TEST_PG_STATE")) {
            const std::string found = read_state(state);
            REQUIRE_MESSAGE(!found.empty(), "the PostgreSQL test server did not start (fixture "
                                                << state << " is empty; see the storage.postgres_server_start test)");
            return found;
        }
        static OwnServer server;
        return server.dir;
    }();
    return dir;
}

PgTestDatabase::PgTestDatabase(const std::string& create_options) {
    static std::atomic<int> counter{0};
    m_name = "infusiondoc_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    storage::pg::PgConnection admin("host=" + pg_socket_dir() + " dbname=postgres user=infusiondoc_test_admin");
    admin.exec("CREATE DATABASE " + quote_name(m_name) + " OWNER infusiondoc_owner " + create_options);
    // As on a clinic's server: nobody but the roles granted it may connect (docs/storage.md).
    admin.exec("REVOKE ALL ON DATABASE " + quote_name(m_name) + " FROM PUBLIC");
    admin.exec("GRANT CONNECT ON DATABASE " + quote_name(m_name) + " TO infusiondoc_app");
}

PgTestDatabase::~PgTestDatabase() {
    try {
        storage::pg::PgConnection admin("host=" + pg_socket_dir() + " dbname=postgres user=infusiondoc_test_admin");
        admin.exec("DROP DATABASE IF EXISTS " + quote_name(m_name) + " WITH (FORCE)");
    } catch (const std::exception&) {
        // The server is going away with the whole cluster at the end of the run.
    }
}

std::string PgTestDatabase::url(const std::string& role) const {
    return "host=" + pg_socket_dir() + " dbname=" + m_name + " user=" + role;
}

std::string PgTestDatabase::exec(const std::string& sql, const std::string& role) const {
    try {
        storage::pg::PgConnection conn(url(role));
        conn.exec_script("SET search_path = infusiondoc, pg_temp; " + sql);
        return "";
    } catch (const storage::pg::PgError& e) {
        return e.sqlstate() + " " + e.what();
    }
}

std::unique_ptr<storage::PostgresDatabase> open_pg(const std::string& url, storage::OpenOptions options) {
    auto db = storage::PostgresDatabase::open(url, options);
    REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().describe()));
    return std::move(db).value();
}

}  // namespace infusion::test
