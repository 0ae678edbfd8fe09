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

# libsodium-dev: Argon2id for passwords.
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
add_library(infusiondoc::sodium ALIAS PkgConfig::SODIUM)

# nettle-dev: SHA-256 for content seals, the audit chain and export files. Debian builds nettle to use
# the processor's SHA instructions where it has them (about five times libsodium's portable SHA-256 on
# the development machine; docs/performance.md).
pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET nettle)
add_library(infusiondoc::nettle ALIAS PkgConfig::NETTLE)

# libpq-dev: the PostgreSQL client library, for the shared-server backend (src/storage/postgres).
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
add_library(infusiondoc::libpq ALIAS PkgConfig::LIBPQ)

# libcairo2-dev: the printed visit record (cairo's PDF surface; DejaVu fonts found through fontconfig,
# whose caches print/ releases after each file: libfontconfig-dev comes with libcairo2-dev).
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo cairo-pdf fontconfig)
add_library(infusiondoc::cairo ALIAS PkgConfig::CAIRO)

if(INFUSIONDOC_GUI)
  # libimgui-dev 1.86: a static libimgui.a with the GLFW and OpenGL3 backends inside (the OpenGL3 one
  # dlopens libGL itself) and only a pkg-config file, which requires stb (libimgui.a calls the
  # stb_truetype and stb_rect_pack in libstb.so instead of bundling them). Imported, so -isystem.
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
  add_library(infusiondoc::imgui ALIAS PkgConfig::IMGUI)
  # libglfw3-dev 3.3: the window, input and content scale (DPI).
  pkg_check_modules(GLFW3 REQUIRED IMPORTED_TARGET glfw3)
  add_library(infusiondoc::glfw ALIAS PkgConfig::GLFW3)
  # libstb-dev: headers plus a libstb.so that already holds the implementations (stb_image_write
  # for screenshots, stb_image for reading them back in tests); never define STB_*_IMPLEMENTATION.
  pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)
  add_library(infusiondoc::stb ALIAS PkgConfig::STB)
  # libgl-dev (GLVND): glReadPixels, glClear and friends for our own few GL 1.1 calls.
  set(OpenGL_GL_PREFERENCE GLVND)
  find_package(OpenGL REQUIRED)
endif()
