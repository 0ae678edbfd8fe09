// The window's export folder default (docs/billing.md "Export folder").
#include "app/export_folder.hpp"

#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

using namespace infusion;

namespace {

app::EnvReader env_of(const std::map<std::string, std::string>& vars) {
    return [vars](const char* name) -> const char* {
        const auto found = vars.find(name);
        return found == vars.end() ? nullptr : found->second.c_str();
    };
}

}  // namespace

TEST_CASE("exports default to the XDG documents folder, in InfusionDoc exports, never the working directory") {
    CHECK(app::default_export_folder(env_of({{"HOME", "/home/ana"}, {"XDG_DOCUMENTS_DIR", "/srv/docs"}})) ==
          "/srv/docs/InfusionDoc exports");
    CHECK(app::default_export_folder(env_of({{"HOME", "/home/ana"}, {"XDG_CONFIG_HOME", "/nowhere"}})) ==
          "/home/ana/Documents/InfusionDoc exports");
    CHECK(app::default_export_folder(
              env_of({{"HOME", "/home/ana"}, {"XDG_DOCUMENTS_DIR", "relative"}, {"XDG_CONFIG_HOME", "/nowhere"}})) ==
          "/home/ana/Documents/InfusionDoc exports");
}

TEST_CASE("the documents folder is read from user-dirs.dirs, with $HOME in it, as xdg-user-dirs writes it") {
    const auto dir = std::filesystem::temp_directory_path() / "infusiondoc-export-folder-test";
    std::filesystem::create_directories(dir);
    {
        std::ofstream out(dir / "user-dirs.dirs");
        out << "# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\n"
            << "XDG_DOCUMENTS_DIR=\"$HOME/Dokumente\"\n";
    }
    CHECK(app::default_export_folder(env_of({{"HOME", "/home/jonas"}, {"XDG_CONFIG_HOME", dir.string()}})) ==
          "/home/jonas/Dokumente/InfusionDoc exports");
    std::filesystem::remove_all(dir);
}
