#include "ui/ui_driver.hpp"

#include <doctest/doctest.h>

namespace infusion::test {

UiDriver::UiDriver(const std::string& utc) : UiDriver(utc, nullptr) {}

UiDriver::UiDriver(const std::string& utc, std::unique_ptr<storage::Database> db)
    : m_clinic(utc, std::move(db)), m_ui(ImVec2(1280.0F, 800.0F)) {
    m_state = std::make_unique<ui::AppState>(m_clinic.clinic(), "rn.okafor");
    // The clinic's people: an administrator and the nurse at the chair, who signs in.
    const app::Acting nurse = m_clinic.as("rn.okafor", {app::Role::nurse});
    m_state->start_session(*nurse.session());
    m_state->locations.enabled = true;
    m_state->fonts = m_ui.load_fonts(1.0F);
    frames(3);
}

void UiDriver::set_clock(const std::string& utc) { m_clinic.now = utc; }

void UiDriver::set_window_size(float width, float height) {
    m_ui.set_display_size(ImVec2(width, height));
    frames(3);
}

void UiDriver::sign_in_as(const std::string& user, const std::vector<app::Role>& roles) {
    const app::Acting who = m_clinic.as(user, roles);
    m_state->end_session();
    m_state->start_session(*who.session());
    frames(3);
}

storage::VisitId UiDriver::signed_sample_visit(const std::string& patient_id) {
    core::Visit visit = test::sample_visit(75);
    if (!patient_id.empty()) visit.patient.id = patient_id;
    const app::Acting nurse = m_clinic.as(visit.clinician, {app::Role::nurse});
    const auto id = clinic().visits().create(nurse, visit).value();
    REQUIRE(clinic().visits().sign(nurse, id).value().signed_visit);
    return id;
}

void UiDriver::start_amendment(storage::VisitId id) {
    m_state->go_today();
    frames(2);
    click("visit." + std::to_string(id));
    click("amend.start");
    REQUIRE(m_state->editor.amending());
}

void UiDriver::pick_patient(const std::string& patient_id) {
    type_into("search", patient_id);
    frames(2);
    click("match." + patient_id);
    frames(2);
}

void UiDriver::start_new_visit(const std::string& patient_id, const std::string& name) {
    click("new");
    type_into("new.patient_id", patient_id);
    type_into("new.patient_name", name);
    click("new.start");
    REQUIRE(m_state->screen == ui::Screen::visit);
}

void UiDriver::review_from_queue(storage::VisitId id, const std::string& supervisor) {
    sign_in_as(supervisor);
    click("menu.review");
    click("menu.review.queue");
    click("queue.button." + std::to_string(id));
    REQUIRE(m_state->screen == ui::Screen::visit_review);
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
    // A person's next click comes after the double-click time the screen waits out after a click that moved
    // things (AppState::clicks_ignored_until); the driver's clicks are frames apart.
    for (int i = 0; i < 120 && ImGui::GetTime() < m_state->clicks_ignored_until; ++i) frames(1);
    REQUIRE_MESSAGE(visible(name), "not on screen: " << name);
    const ImVec2 at = m_state->locations.rects.at(name).center();
    ++m_clicks;
    m_ui.click(at, [this] { ui::draw_frame(*m_state); });
    frames(2);  // let popups open and layouts settle, as a person waits for the screen
}

void UiDriver::double_click(const std::string& name) {
    for (int i = 0; i < 120 && ImGui::GetTime() < m_state->clicks_ignored_until; ++i) frames(1);
    REQUIRE_MESSAGE(visible(name), "not on screen: " << name);
    const ImVec2 at = m_state->locations.rects.at(name).center();
    m_clicks += 2;
    m_ui.click(at, [this] { ui::draw_frame(*m_state); });
    m_ui.click(at, [this] { ui::draw_frame(*m_state); });
    frames(2);
}

void UiDriver::click_and_type(const std::string& name, const std::string& text) {
    for (int i = 0; i < 120 && ImGui::GetTime() < m_state->clicks_ignored_until; ++i) frames(1);
    REQUIRE_MESSAGE(visible(name), "not on screen: " << name);
    const ImVec2 at = m_state->locations.rects.at(name).center();
    ++m_clicks;
    m_ui.click(at, [this] { ui::draw_frame(*m_state); });
    m_ui.type(text);
    frames(4);
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

void UiDriver::ctrl_type(const std::string& text) {
    ++m_keystrokes;
    m_ui.set_modifiers(true, false);
    m_ui.type(text);
    frames(1);
    m_ui.set_modifiers(false, false);
    frames(1);
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
