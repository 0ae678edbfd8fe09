#pragma once
// The throwaway PostgreSQL 15 server of the storage tests (tests/support/pg_cluster.sh) and a fresh
// database on it per test. Under CTest the server is a fixture started once for the run
// (INFUSIONDOC_TEST_PG_STATE names the file holding its socket folder); a test binary run by hand
// starts its own server and stops it when it exits.
#include "storage/postgres/postgres_database.hpp"

#include <memory>
#include <string>
#include <vector>

namespace infusion::test {

// The folder holding the server's Unix socket (started on first use when not under CTest).
const std::string& pg_socket_dir();

// A new, empty database owned by infusiondoc_owner, dropped (with its connections) when the object goes.
class PgTestDatabase {
public:
    // `create_options` are added to CREATE DATABASE (another collation, as a clinic's server may have).
    explicit PgTestDatabase(const std::string& create_options = "");
    ~PgTestDatabase();
    PgTestDatabase(const PgTestDatabase&) = delete;
    PgTestDatabase& operator=(const PgTestDatabase&) = delete;

    [[nodiscard]] const std::string& name() const { return m_name; }
    // A libpq connection string for one of the cluster's roles: infusiondoc_owner (runs the migrations),
    // infusiondoc_app (the least-privilege role of docs/storage.md), infusiondoc_test_admin (superuser).
    [[nodiscard]] std::string url(const std::string& role = "infusiondoc_owner") const;
    // Runs SQL as `role` on this database; returns "" when it succeeded, else the server's message with
    // its SQLSTATE first ("42501 permission denied for table audit").
    [[nodiscard]] std::string exec(const std::string& sql, const std::string& role = "infusiondoc_owner") const;

private:
    std::string m_name;
};

// Opens `url` as the program does; the test stops (REQUIRE) with the reason when it cannot.
std::unique_ptr<storage::PostgresDatabase> open_pg(const std::string& url, storage::OpenOptions options = {});

}  // namespace infusion::test
