// Two workstations on one SQLite file, each with its own window on the same draft (issue 14). The later
// save from an older copy is refused with the clinic-time message the nurse reads ("changed by rn.haddad
// at 10:42"); her input stays in her window, unsaved, and signing from it is refused as well, until she
// reloads the stored visit.
#include "app/visit_editor.hpp"
#include "storage/sqlite_database.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <filesystem>

using namespace infusion;

namespace {

// A fresh folder for the clinic's file, removed afterwards.
struct Folder {
    Folder() {
        static int count = 0;
        m_path = std::filesystem::temp_directory_path() /
                 ("infusiondoc-conflict-" + std::to_string(::getpid()) + "-" + std::to_string(count++));
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~Folder() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    Folder(const Folder&) = delete;
    Folder& operator=(const Folder&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// One workstation: its own connection to the clinic's file, its own clock, a nurse at its window. A
// database without users: the names act unchecked (the roles are the role tests' matter).
struct Workstation {
    Workstation(const std::filesystem::path& file, const std::string& nurse)
        : tc("2026-03-02T15:30:00Z", storage::SqliteDatabase::open(file).value()),
          who(tc.clinic().without_users(nurse)),
          window(tc.clinic().visits()) {
        window.set_acting(&who);
    }
    test::TestClinic tc;
    app::Acting who;
    app::VisitEditor window;
};

}  // namespace

TEST_CASE("a stale save from another workstation is refused, naming who changed the draft at what clinic time") {
    const Folder dir;
    const auto file = dir.path() / "clinic.db";
    Workstation chair1(file, "rn.okafor");
    Workstation chair2(file, "rn.haddad");
    const auto id = chair1.tc.clinic().visits().create(chair1.who, test::sample_visit()).value();
    REQUIRE(chair1.window.open(id).ok());
    REQUIRE(chair2.window.open(id).ok());

    // 15:42Z is 10:42 in New York, the clinic's zone.
    chair2.tc.now = "2026-03-02T15:42:00Z";
    chair2.window.visit().notes.push_back({std::nullopt, core::NoteKind::monitoring, "haddad: site checked"});
    chair2.window.changed();
    REQUIRE(chair2.window.saved());

    chair1.tc.now = "2026-03-02T15:43:00Z";
    chair1.window.visit().notes.push_back({std::nullopt, core::NoteKind::monitoring, "okafor: pump alarm"});
    chair1.window.changed();
    CHECK_FALSE(chair1.window.saved());
    CHECK(chair1.window.conflict());
    CHECK(chair1.window.save_error() == "visit " + std::to_string(id) +
                                            " was changed by rn.haddad at 10:42 since you opened it; nothing of "
                                            "yours was saved. Reload to see it");
    // Her input is still in her window; the file holds rn.haddad's save, whole.
    CHECK(chair1.window.visit().notes.back().text == "okafor: pump alarm");
    const auto stored = chair1.tc.db().visits().load(id).value();
    CHECK(stored.current().content.notes.back().text == "haddad: site checked");
    CHECK(stored.version == 2);

    // Signing from the stale copy is refused with the same message, and the visit stays a draft.
    const auto signing = chair1.window.sign();
    REQUIRE_FALSE(signing.ok());
    CHECK(signing.error().message.find("changed by rn.haddad at 10:42") != std::string::npos);
    CHECK(chair1.tc.db().visits().load(id).value().status == storage::VisitStatus::draft);

    // Reload: the stored visit replaces her copy, and saving works again from it.
    REQUIRE(chair1.window.reload().ok());
    CHECK_FALSE(chair1.window.conflict());
    CHECK(chair1.window.visit().notes.back().text == "haddad: site checked");
    chair1.window.visit().notes.push_back({std::nullopt, core::NoteKind::monitoring, "okafor: pump alarm"});
    chair1.window.changed();
    CHECK(chair1.window.saved());
    CHECK(chair1.tc.db().visits().load(id).value().current().content.notes.back().text == "okafor: pump alarm");
}

TEST_CASE("signing from a copy older than the stored draft is refused, and the window with the latest copy signs") {
    const Folder dir;
    const auto file = dir.path() / "clinic.db";
    Workstation chair1(file, "rn.okafor");
    Workstation chair2(file, "rn.okafor");  // the same nurse in a second window
    auto& service = chair1.tc.clinic().visits();
    const auto id = service.create(chair1.who, test::sample_visit()).value();
    REQUIRE(chair1.window.open(id).ok());
    REQUIRE(chair2.window.open(id).ok());
    chair2.tc.now = "2026-03-02T15:35:00Z";
    chair2.window.visit().patient.allergies = "latex";
    chair2.window.changed();
    REQUIRE(chair2.window.saved());

    const auto stale = service.sign(chair1.who, id, 1);
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.error().kind == core::ErrorKind::conflict);
    CHECK(stale.error().message.find("changed by rn.okafor at 10:35") != std::string::npos);
    CHECK(chair1.tc.db().visits().load(id).value().status == storage::VisitStatus::draft);

    // The window that saw the latest version signs it.
    REQUIRE(chair2.window.sign().ok());
    CHECK(chair2.window.status() == storage::VisitStatus::signed_);
    const auto signed_visit = chair1.tc.db().visits().load(id).value();
    CHECK(signed_visit.current().content.patient.allergies == "latex");
    // The first window learns who signed it when it next saves.
    chair1.window.changed();
    CHECK(chair1.window.conflict());
    CHECK(chair1.window.save_error().find("was signed by rn.okafor at 10:35") != std::string::npos);
}
