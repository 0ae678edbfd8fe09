// Live lists on one SQLite file (issue 14): another workstation's new visit reaches this window's Today
// list without a restart and without input; the window asks only a change counter while nothing changes.
#include "storage/sqlite_database.hpp"
#include "ui/frame.hpp"
#include "ui/tab_order.hpp"
#include "ui/ui_driver.hpp"

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
                 ("infusiondoc-live-" + std::to_string(::getpid()) + "-" + std::to_string(count++));
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

// rn.okafor's draft open in this window, on a file that another workstation (a second connection) writes too.
struct DraftOnFile {
    Folder dir;
    std::filesystem::path file = dir.path() / "clinic.db";
    test::UiDriver d{"2026-03-02T16:00:00Z", storage::SqliteDatabase::open(file).value()};
    storage::VisitId id =
        d.clinic().visits().create(d.test_clinic().as("rn.okafor", {app::Role::nurse}), test::sample_visit(75)).value();

    DraftOnFile() {
        d.state().open_visit(id);
        d.frames(2);
    }
    // rn.lindqvist saves the draft, changed by `edit`, at another workstation at 10:58.
    template <class Edit>
    void saved_elsewhere(Edit edit) {
        auto other = storage::SqliteDatabase::open(file).value();
        core::Visit theirs = test::sample_visit(75);
        edit(theirs);
        REQUIRE(other->visits().save_draft(id, 1, theirs, {"rn.lindqvist", "2026-03-02T15:58:00Z"}).ok());
    }
};

}  // namespace

TEST_CASE("Today shows a visit another workstation documented, at the next look, without a restart") {
    const Folder dir;
    const auto file = dir.path() / "clinic.db";
    test::UiDriver d("2026-03-02T14:00:00Z", storage::SqliteDatabase::open(file).value());
    REQUIRE(d.state().screen == ui::Screen::today);
    CHECK_FALSE(ui::refresh_live_lists(d.state()));  // the first look only starts watching
    CHECK_FALSE(ui::refresh_live_lists(d.state()));  // nothing changed: no frame, nothing read again

    // The other workstation: its own connection to the same file.
    auto other = storage::SqliteDatabase::open(file).value();
    const auto id = other->visits().create_draft(test::sample_visit(), {"rn.haddad", "2026-03-02T14:01:00Z"}).value();
    const std::string row = "visit." + std::to_string(id);
    d.frames(3);  // frames drawn for other reasons do not read the list again
    CHECK_FALSE(d.visible(row));

    // The window's next look (at most a second later) sees the change and draws Today read again.
    CHECK(ui::refresh_live_lists(d.state()));
    d.frames(2);
    CHECK(d.visible(row));
    CHECK_FALSE(ui::refresh_live_lists(d.state()));  // and then sleeps again

    // This window's own save does not count as a change elsewhere: its screens refresh themselves.
    d.click(row);
    REQUIRE(d.state().screen == ui::Screen::visit);
    d.type_into("visit.diagnoses", "D80.1");
    REQUIRE(d.state().editor.saved());
    CHECK_FALSE(ui::refresh_live_lists(d.state()));
}

TEST_CASE("the menu bar shows who is signed in and on which database whole, inside the window") {
    const Folder dir;
    // As README's demo database: a name longer than the user's, which once ran past the window's edge.
    const auto file = dir.path() / "infusiondoc-demo.db";
    test::UiDriver d("2026-03-02T14:00:00Z", storage::SqliteDatabase::open(file).value());
    REQUIRE(d.in_view_now("menu.who"));
    const auto rect = d.state().locations.rects.at("menu.who");
    CHECK(rect.max.x <= 1280.0F);
    CHECK(rect.min.x > d.state().locations.rects.at("menu.go").max.x);
}

TEST_CASE("an open draft saved or signed on another workstation says so at once, and Reload shows it") {
    // Found from outside: the open draft kept showing the old content (an empty Lot), and a draft signed
    // elsewhere still read "saved as you type", until the nurse's next edit was refused.
    DraftOnFile draft;
    auto& d = draft.d;
    const auto id = draft.id;
    CHECK_FALSE(ui::refresh_live_lists(d.state()));  // starts watching
    CHECK_FALSE(d.visible("visit.written_elsewhere"));

    d.frames(2);
    const float top = d.state().locations.rects.at("patient.allergies").min.y;
    draft.saved_elsewhere([](core::Visit& v) { v.substances[0].lot = "LX999"; });
    CHECK(ui::refresh_live_lists(d.state()));  // a frame to say so
    d.frames(2);
    REQUIRE(d.visible("visit.written_elsewhere"));
    // Said in the footer: nothing of the visit moves under the nurse's finger (on top, it pushed the whole
    // visit down and a tap on Stop's "Now" pressed Start's; found from outside).
    CHECK(d.state().locations.rects.at("patient.allergies").min.y == top);
    REQUIRE(d.state().editor.written_elsewhere().has_value());
    CHECK(*d.state().editor.written_elsewhere() ==
          "visit " + std::to_string(id) + " was changed by rn.lindqvist at 10:58 since you opened it");
    CHECK(d.state().editor.visit().substances[0].lot.empty());  // nothing replaced under the nurse's eyes
    d.click("visit.reload_elsewhere");
    d.frames(2);
    CHECK(d.state().editor.visit().substances[0].lot == "LX999");
    CHECK_FALSE(d.visible("visit.written_elsewhere"));
    CHECK_FALSE(ui::refresh_live_lists(d.state()));  // nothing new since
}

TEST_CASE("a draft changed elsewhere is not signed from the older version on screen, and Reload lifts the hold") {
    // Found from outside: Ctrl+Enter opened "Sign this visit?" over the older version, naming the
    // colleague's change that the screen did not show; only Enter's refusal came after.
    DraftOnFile draft;
    auto& d = draft.d;
    CHECK_FALSE(ui::refresh_live_lists(d.state()));
    CHECK_FALSE(d.visible("sign.blocker"));  // signable as opened

    draft.saved_elsewhere([](core::Visit& v) { v.substances[0].dose = 6.0; });
    CHECK(ui::refresh_live_lists(d.state()));
    d.frames(2);
    REQUIRE(d.visible("visit.written_elsewhere"));
    d.ctrl_enter();
    CHECK_FALSE(d.visible("sign.confirm"));
    CHECK(d.visible("sign.blocker"));
    CHECK(d.state().editor.status() == storage::VisitStatus::draft);

    d.click("visit.reload_elsewhere");
    d.frames(2);
    CHECK(d.state().editor.visit().substances[0].dose == 6.0);
    CHECK_FALSE(d.visible("sign.blocker"));
    d.ctrl_enter();
    CHECK(d.visible("sign.confirm"));
}

TEST_CASE("a signature refused for a change elsewhere is said as that change, not as unsaved input") {
    // Found from outside: the refusal turned the screen red with "What you entered since ... is NOT saved"
    // over a draft whose every edit had been saved, and leaving asked about input that did not exist.
    DraftOnFile draft;
    auto& d = draft.d;
    d.ctrl_enter();
    REQUIRE(d.visible("sign.confirm"));  // asked before the change elsewhere

    draft.saved_elsewhere([](core::Visit& v) { v.substances[0].dose = 6.0; });
    d.click("sign.confirm");  // before the live lists' look has seen the change
    CHECK(d.state().editor.status() == storage::VisitStatus::draft);
    // Said as a change elsewhere over an older version (nothing of hers lost), not as unsaved input.
    CHECK_FALSE(d.visible("visit.conflict"));
    CHECK_FALSE(d.state().editor.conflict());
    CHECK(d.visible("visit.written_elsewhere"));
    CHECK(d.state().visit_screen.action_error.rfind(
              "not signed: visit " + std::to_string(draft.id) + " was changed by rn.lindqvist at 10:58", 0) == 0);
    CHECK(d.visible("sign.blocker"));  // not signed again from the older version
    CHECK(d.visible("billing.stale"));

    d.click("back");  // nothing to lose: no question
    CHECK(d.state().screen == ui::Screen::today);
}

TEST_CASE("the sign confirmation open when a colleague changes the draft no longer offers to sign it") {
    // Found from outside: it stayed live, "Sign (Enter)" over lines the stored draft no longer had.
    DraftOnFile draft;
    auto& d = draft.d;
    CHECK_FALSE(ui::refresh_live_lists(d.state()));
    d.ctrl_enter();
    REQUIRE(d.visible("sign.confirm"));
    CHECK_FALSE(d.visible("sign.stale"));
    CHECK_FALSE(d.visible("billing.stale"));

    draft.saved_elsewhere([](core::Visit& v) { v.substances[0].dose = 6.0; });
    CHECK(ui::refresh_live_lists(d.state()));
    d.frames(2);
    CHECK(d.visible("sign.stale"));
    CHECK(d.visible("billing.stale"));  // the footer's lines are the older version's
    d.click("sign.confirm");
    d.press(ImGuiKey_Enter);
    CHECK(d.state().editor.status() == storage::VisitStatus::draft);
    CHECK_FALSE(d.state().editor.conflict());  // not even tried
    d.press(ImGuiKey_Escape);
    CHECK_FALSE(d.visible("sign.confirm"));
    d.click("visit.reload_elsewhere");
    d.frames(2);
    CHECK_FALSE(d.visible("billing.stale"));
}

TEST_CASE("Today says at once when an administrator elsewhere accepted billing rules this workstation lacks") {
    const Folder dir;
    const auto file = dir.path() / "clinic.db";
    test::UiDriver d("2026-03-02T18:00:00Z", storage::SqliteDatabase::open(file).value());
    d.sign_in_as("rn.okafor", {app::Role::nurse});
    d.signed_sample_visit();  // the first signature: the database accepts the repository's configuration
    d.state().today.stale = true;
    d.frames(2);
    CHECK_FALSE(d.visible("today.billing_configuration"));
    CHECK_FALSE(ui::refresh_live_lists(d.state()));  // the window starts watching

    // A new edition, accepted by the administrator at another workstation.
    auto other = storage::SqliteDatabase::open(file).value();
    const settings::Config next =
        test::edited_config(dir.path(), "coding-rules.toml", "first_hour_minutes = 60", "first_hour_minutes = 61");
    app::ClinicOptions options;
    options.clock = [] { return std::string("2026-03-02T18:05:00Z"); };
    options.cost = storage::HashCost::test_only_minimal;
    app::Clinic there(next, *other, options);
    const app::Acting admin = there.act_as(there.accounts().sign_in("admin", "admin-password-1").value());
    REQUIRE(there.billing_configuration().accept(admin).ok());

    // This window's next look hears of it, and Today says so before the nurse documents a visit.
    CHECK(ui::refresh_live_lists(d.state()));
    d.frames(2);
    CHECK(d.visible("today.billing_configuration"));

    // A draft opened now holds Sign and says why beside it, before any confirmation (found from outside:
    // Sign stayed enabled, and the refusal after the confirmation was cut at the window's edge).
    const auto id = d.database().visits().create_draft(test::sample_visit(), {"rn.okafor", "2026-03-02T18:06:00Z"});
    REQUIRE(id);
    d.state().open_visit(id.value());
    d.frames(3);
    REQUIRE(d.visible("sign.blocker"));
    d.click("sign");
    d.frames(2);
    d.press(ImGuiKey_Enter);  // would confirm, had Sign opened its confirmation
    d.frames(2);
    CHECK(d.state().visit_screen.action_error.empty());  // no refusal after the fact: nothing was asked
    CHECK(d.database().visits().load(id.value()).value().status == storage::VisitStatus::draft);
}

TEST_CASE("Enter on a Sign visit that was greyed while it had the focus asks nothing") {
    // Found from outside: the keyboard's focus was on Sign when a colleague's change greyed it; Enter then
    // opened "Sign this visit?" with a green "Billing ready" line the footer disowned.
    DraftOnFile draft;
    auto& d = draft.d;
    CHECK_FALSE(ui::refresh_live_lists(d.state()));
    d.state().tab_order.pending = "sign";
    d.frames(3);
    REQUIRE(ui::focused_stop(d.state()) == "sign");
    draft.saved_elsewhere([](core::Visit& v) { v.substances[0].dose = 6.0; });
    CHECK(ui::refresh_live_lists(d.state()));
    d.frames(2);
    REQUIRE(d.visible("visit.written_elsewhere"));
    d.press(ImGuiKey_Enter);
    d.frames(2);
    CHECK_FALSE(d.visible("sign.confirm"));
    CHECK(d.state().editor.status() == storage::VisitStatus::draft);
}
