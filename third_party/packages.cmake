# Imported targets for the Debian 12 packages InfusionDoc builds on. Our glue only: no third-party code.
# Each library is linked PRIVATE by the one layer that uses it (see src/*/CMakeLists.txt).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

# libhowardhinnant-date-dev: date::date-tz (time zones from the system tzdata, USE_OS_TZDB=1).
find_package(date CONFIG REQUIRED)

# libtomlplusplus-dev: its CMake file forgets TOML_HEADER_ONLY=0 / TOML_SHARED_LIB=1, so use pkg-config,
# which carries them and links the compiled libtomlplusplus.so.
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
add_library(infusiondoc::tomlplusplus ALIAS PkgConfig::TOMLPP)

# libcli11-dev (header only) and nlohmann-json3-dev (header only): command line and JSON output.
find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)

if(INFUSIONDOC_TESTS)
  # doctest-dev: the test framework and doctest_discover_tests().
  find_package(doctest CONFIG REQUIRED)
  include(doctest)
endif()
if(INFUSIONDOC_BENCHMARKS)
  # libbenchmark-dev: Google Benchmark.
  find_package(benchmark CONFIG REQUIRED)
endif()

# libsqlitecpp-dev: SQLiteCpp 3.2 (target SQLiteCpp); libsqlite3-dev for sqlite3.h error codes.
find_package(SQLiteCpp CONFIG REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
add_library(infusiondoc::sqlite3 ALIAS PkgConfig::SQLITE3)

# libsodium-dev: SHA-256 for the audit chain, Argon2id for passwords.
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
add_library(infusiondoc::sodium ALIAS PkgConfig::SODIUM)
