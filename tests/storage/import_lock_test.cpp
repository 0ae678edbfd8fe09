// The import lock (database.hpp, ImportLock): two imports of the same files at once store each visit
// once. Before it, both looked for the visit, both found nothing, and both stored and signed it (found
// from outside: two runs of `import --sign` over 200 files gave two patients two signed visits each).
#include "storage/sqlite_database.hpp"
#include "storage/store_fixture.hpp"
#include "support/child_process.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

using namespace infusion;

TEST_CASE("the import lock is held by one connection at a time, on every shared backend") {
    for (const auto& backend : test::shared_backends()) {
        CAPTURE(backend.name);
        auto [first, second] = backend.open();
        auto held = first->lock_imports();
        REQUIRE(held.ok());
        std::atomic<bool> second_has_it{false};
        std::thread waiter([&, db = second.get()] {
            auto lock = db->lock_imports();
            if (lock.ok()) second_has_it = true;
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CHECK_FALSE(second_has_it.load());  // it waits while the first holds the lock
        held = core::Error{"released"};
        waiter.join();
        CHECK(second_has_it.load());
    }
}

TEST_CASE("two imports of the same files at once store and sign each visit once") {
    test::TempDir dir;
    const std::string config = std::string(INFUSIONDOC_SOURCE_DIR) + "/config";
    const std::string db_file = (dir.path() / "clinic.db").string();
    const std::string example =
        test::file_bytes(std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml");
    {
        std::string made;
        REQUIRE(test::run_to_end({INFUSIONDOC_BINARY, "--config", config, "--db", db_file, "users", "demo"}, made) ==
                0);
        std::ofstream(db_file + ".pw") << "nurse-demo-1\n";
        std::filesystem::permissions(db_file + ".pw",
                                     std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::replace);
    }
    constexpr int files = 40;
    std::vector<std::string> args{INFUSIONDOC_BINARY, "--config",        config,          "--db",   db_file, "--user",
                                  "rn.okafor",        "--password-file", db_file + ".pw", "import", "--sign"};
    for (int i = 0; i < files; ++i) {
        const auto visit = dir.path() / ("visit-" + std::to_string(i) + ".toml");
        std::string text = example;
        text.replace(text.find("MRN-004211"), 10, "MRN-" + std::to_string(300000 + i));
        std::ofstream(visit) << text;
        args.push_back(visit.string());
    }
    auto [a, a_out] = test::spawn(args);
    auto [b, b_out] = test::spawn(args);
    std::string said;
    for (FILE* out : {a_out, b_out}) {
        for (char buf[512]; std::fgets(buf, sizeof buf, out) != nullptr;) said += buf;
        std::fclose(out);
    }
    for (pid_t pid : {a, b}) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
    }
    CAPTURE(said);
    auto db = storage::SqliteDatabase::open(db_file, {.create_if_missing = false});
    REQUIRE(db.ok());
    storage::VisitFilter all;
    all.limit = 1000;
    CHECK(db.value()->visits().list(all).value().rows.size() == files);
    std::size_t refused = 0;
    for (std::size_t at = said.find("already imported as visit"); at != std::string::npos;
         at = said.find("already imported as visit", at + 1))
        ++refused;
    CHECK(refused == files);
}
