#include "ui/ui_driver.hpp"

#include <doctest/doctest.h>

namespace infusion::test {

namespace {
core::Instant parse_utc(const std::string& utc) {
    auto t = core::parse_iso(utc);
    REQUIRE(t);
    return core::resolve(*t, "UTC").instant;
}
}  // namespace

UiDriver::UiDriver(const std::string& utc) : m_ui(ImVec2(1280.0F, 800.0F)) {
    m_db = storage::Database::open_in_memory().value();
    m_state = std::make_unique<ui::AppState>(repo_config(), *m_db, "rn.okafor", storage::HashCost::test_only_minimal);
    // The clinic's people: an administrator and the nurse at the chair, who signs in.
    auto admin = m_state->accounts.create_first_admin("admin", "Clinic Admin", "admin-password-1");
    REQUIRE(admin.ok());
    REQUIRE(
        m_state->accounts.add_user(admin.value(), "rn.okafor", "Ngozi Okafor", {app::Role::nurse}, "nurse-password-1")
            .ok());
    m_passwords = {{"admin", "admin-password-1"}, {"rn.okafor", "nurse-password-1"}};
    auto nurse = m_state->accounts.sign_in("rn.okafor", "nurse-password-1");
    REQUIRE(nurse.ok());
    m_state->start_session(nurse.value());
    m_state->locations.enabled = true;
    m_state->fonts = m_ui.load_fonts(1.0F);
    m_now = parse_utc(utc);
    m_state->now = [this] { return m_now; };
    frames(3);
}

void UiDriver::set_clock(const std::string& utc) { m_now = parse_utc(utc); }

void UiDriver::sign_in_as(const std::string& user, const std::vector<app::Role>& roles) {
    if (m_passwords.count(user) == 0) {
        auto admin = m_state->accounts.sign_in("admin", m_passwords.at("admin"));
        REQUIRE(admin.ok());
        const std::string password = user + "-password-1";
        REQUIRE(m_state->accounts.add_user(admin.value(), user, user, roles, password).ok());
        m_passwords[user] = password;
    }
    auto session = m_state->accounts.sign_in(user, m_passwords.at(user));
    REQUIRE(session.ok());
    m_state->end_session();
    m_state->start_session(session.value());
    frames(3);
}

void UiDriver::frames(int n) {
    m_ui.frames(n, [this] { ui::draw_frame(*m_state); });
}

bool UiDriver::visible(const std::string& name) {
    // Scroll to it first, as a person would; then it counts only if it is really on screen.
    m_state->locations.reveal = name;
    frames(2);
    m_state->locations.reveal.clear();
    m_state->locations.rects.clear();
    frames(1);
    return m_state->locations.rects.count(name) != 0;
}

void UiDriver::click(const std::string& name) {
    REQUIRE_MESSAGE(visible(name), "not on screen: " << name);
    const ImVec2 at = m_state->locations.rects.at(name).center();
    ++m_clicks;
    m_ui.click(at, [this] { ui::draw_frame(*m_state); });
    frames(2);  // let popups open and layouts settle, as a person waits for the screen
}

void UiDriver::type_into(const std::string& name, const std::string& text) {
    click(name);
    m_ui.set_modifiers(true, false);
    m_ui.press(ImGuiKey_A);  // select what is there, as a person would before typing over it
    frames(2);
    m_ui.set_modifiers(false, false);
    m_ui.type(text);
    frames(2);
}

void UiDriver::press(ImGuiKey key) {
    ++m_keystrokes;
    m_ui.press(key);
    frames(3);
}

void UiDriver::shift_tab() {
    ++m_keystrokes;
    m_ui.set_modifiers(false, true);
    m_ui.press(ImGuiKey_Tab);
    frames(1);
    m_ui.set_modifiers(false, false);
    frames(2);
}

void UiDriver::type(const std::string& text) {
    for (const char c : text)
        m_keystrokes += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;  // per character
    m_ui.type(text);
    frames(2);
}

void UiDriver::ctrl_enter() {
    m_keystrokes += 2;
    m_ui.set_modifiers(true, false);
    m_ui.press(ImGuiKey_Enter);
    frames(1);
    m_ui.set_modifiers(false, false);
    frames(2);
}

bool UiDriver::in_view_now(const std::string& name) {
    m_state->locations.rects.clear();
    frames(1);
    return m_state->locations.rects.count(name) != 0;
}

}  // namespace infusion::test
