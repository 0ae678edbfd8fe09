// Where the program finds its configuration: the order a source build, an installed package and an
// unpacked package (dpkg -x ROOT) rely on.
#include "app/config_locator.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace fs = std::filesystem;
using infusion::app::ConfigSearch;
using infusion::app::locate_config;

namespace {

// A scratch folder laid out like a root file system: ROOT/usr/bin/infusiondoc, ROOT/etc, ROOT/usr/share.
struct ScratchRoot {
    ScratchRoot() {
        std::random_device seed;
        root = fs::temp_directory_path() / ("infusiondoc-locator-" + std::to_string(seed()));
        fs::create_directories(root / "usr" / "bin");
        fs::create_directories(root / "work");
    }
    ~ScratchRoot() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    ScratchRoot(const ScratchRoot&) = delete;
    ScratchRoot& operator=(const ScratchRoot&) = delete;
    ScratchRoot(ScratchRoot&&) = delete;
    ScratchRoot& operator=(ScratchRoot&&) = delete;

    static void touch(const fs::path& file) {
        fs::create_directories(file.parent_path());
        std::ofstream(file) << "# test\n";
    }
    [[nodiscard]] ConfigSearch search() const {
        ConfigSearch s;
        s.working_dir = root / "work";
        s.executable = root / "usr" / "bin" / "infusiondoc";
        return s;
    }
    [[nodiscard]] fs::path etc() const { return root / "etc" / "infusiondoc"; }
    [[nodiscard]] fs::path share() const { return root / "usr" / "share" / "infusiondoc" / "config"; }
    fs::path root;
};

}  // namespace

TEST_CASE("an installed program reads the clinic's copy in /etc before the package's defaults") {
    ScratchRoot r;
    ScratchRoot::touch(r.share() / "coding-rules.toml");
    SUBCASE("only the defaults: /usr/share/infusiondoc/config") {
        const auto choice = locate_config(r.search());
        CHECK(choice.found);
        CHECK(choice.dir == r.share());
        // /etc was looked at first, and the message for "nothing found" would say so.
        REQUIRE(choice.tried.size() >= 3);
        CHECK(choice.tried[1] == r.etc());
        CHECK(choice.tried[2] == r.share());
    }
    SUBCASE("the clinic's copy wins") {
        ScratchRoot::touch(r.etc() / "coding-rules.toml");
        const auto choice = locate_config(r.search());
        CHECK(choice.found);
        CHECK(choice.dir == r.etc());
    }
    SUBCASE("a partial copy in /etc is still chosen, so loading it names the missing file") {
        ScratchRoot::touch(r.etc() / "clinic.toml");
        const auto choice = locate_config(r.search());
        CHECK(choice.dir == r.etc());
    }
    SUBCASE("an empty /etc/infusiondoc (left after removing the files) falls back to the defaults") {
        fs::create_directories(r.etc());
        CHECK(locate_config(r.search()).dir == r.share());
    }
    SUBCASE("./config in the working folder still comes first, as for a source checkout") {
        ScratchRoot::touch(r.etc() / "coding-rules.toml");
        ScratchRoot::touch(r.root / "work" / "config" / "coding-rules.toml");
        CHECK(locate_config(r.search()).dir == r.root / "work" / "config");
    }
    SUBCASE("--config is final, even when it holds no configuration") {
        ScratchRoot::touch(r.etc() / "coding-rules.toml");
        auto search = r.search();
        search.explicit_dir = r.root / "work";
        const auto choice = locate_config(search);
        CHECK_FALSE(choice.found);
        CHECK(choice.dir == r.root / "work");
        CHECK(choice.tried.size() == 1);
    }
}

TEST_CASE("a program installed under another prefix looks in that prefix's etc/") {
    ScratchRoot r;
    const fs::path prefix = r.root / "opt" / "infusiondoc";
    ScratchRoot::touch(prefix / "etc" / "infusiondoc" / "coding-rules.toml");
    ScratchRoot::touch(prefix / "share" / "infusiondoc" / "config" / "coding-rules.toml");
    auto search = r.search();
    search.executable = prefix / "bin" / "infusiondoc";
    CHECK(locate_config(search).dir == prefix / "etc" / "infusiondoc");
}
