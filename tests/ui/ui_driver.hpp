#pragma once
// Drives the real screens headlessly: an in-memory database, the repository's config, a clock the test
// sets, and HeadlessUi for mouse, keys and characters. Widgets are found by the names the screens
// remember (ui::remember), the way a person finds them by their labels.
#include "platform/headless.hpp"
#include "support/test_clinic.hpp"
#include "support/test_support.hpp"
#include "ui/app_state.hpp"
#include "ui/frame.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace infusion::test {

class UiDriver {
public:
    // The clock starts at `utc` ("2026-03-02T14:00:00Z").
    explicit UiDriver(const std::string& utc = "2026-03-02T14:00:00Z");
    // Over `db` (a file another connection also opens: another workstation's changes).
    UiDriver(const std::string& utc, std::unique_ptr<storage::Database> db);

    ui::AppState& state() { return *m_state; }
    storage::Database& database() { return m_clinic.db(); }
    app::Clinic& clinic() { return m_clinic.clinic(); }
    test::TestClinic& test_clinic() { return m_clinic; }

    void frames(int n = 1);
    // The window's size from now on (1280x800 at first), a few frames drawn at it.
    void set_window_size(float width, float height);
    // Clicks the widget remembered as `name`; fails the test when it is not on screen.
    void click(const std::string& name);
    [[nodiscard]] bool visible(const std::string& name);
    // Two clicks on the widget as a double click gives them (the second ImGui's double-click time within the
    // first, where the widget was): what a hurried hand does.
    void double_click(const std::string& name);
    // Clicks the widget and types at once, without the pause after a click that click() makes: typing that
    // follows a click straight away.
    void click_and_type(const std::string& name, const std::string& text);
    // Clicks a text field and types into it.
    void type_into(const std::string& name, const std::string& text);
    void press(ImGuiKey key);
    void shift_tab();
    void ctrl_enter();  // counts as two keystrokes
    void type(const std::string& text);
    // Characters that arrive while Ctrl is held, then Ctrl released: how the window receives the GS a
    // keyboard-wedge scanner types as Ctrl+] (platform/app_window.cpp).
    void ctrl_type(const std::string& text);
    // Keys a person pressed through press(), shift_tab() and type() (one per character), and clicks
    // through click(): what a keyboard-only walk costs. type_into() counts as the click and the typing.
    [[nodiscard]] int keystrokes() const { return m_keystrokes; }
    [[nodiscard]] int clicks() const { return m_clicks; }
    // Only what is on screen now, without scrolling: "always in view" checks.
    [[nodiscard]] bool in_view_now(const std::string& name);
    void set_clock(const std::string& utc);
    // The person at the keyboard changes: signs in as `user` (made by the administrator with `roles`
    // on first use, password "<user>-password-1") and starts on Today, as after "Switch user".
    void sign_in_as(const std::string& user, const std::vector<app::Role>& roles = {app::Role::supervisor});
    // A signed copy of the sample visit (test::sample_visit(75)), for `patient_id` when one is given,
    // created and signed by its clinician as another session would; its id.
    storage::VisitId signed_sample_visit(const std::string& patient_id = {});
    // Opens visit `id` from Today and presses "Add amendment", as its clinician at the keyboard does.
    void start_amendment(storage::VisitId id);
    // Types `patient_id` into Today's patient search and clicks its match, as a nurse picks a patient.
    void pick_patient(const std::string& patient_id);
    // "+ New visit" on Today for the patient, as the nurse types it: the visit screen opens on the draft.
    void start_new_visit(const std::string& patient_id, const std::string& name);
    // Signs in as `supervisor` and opens visit `id` from the review queue by its row's Open button.
    void review_from_queue(storage::VisitId id, const std::string& supervisor = "sup.tanaka");

private:
    test::TestClinic m_clinic;
    std::unique_ptr<ui::AppState> m_state;
    platform::HeadlessUi m_ui;
    int m_keystrokes = 0;
    int m_clicks = 0;
};

}  // namespace infusion::test
