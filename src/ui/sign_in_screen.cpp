// Sections: 1. helpers  2. first administrator  3. sign-in  4. a password an administrator set  5. lock
#include "ui/sign_in_screen.hpp"

#include "app/clock.hpp"
#include "demo/demo_database.hpp"
#include "ui/leave_guard.hpp"
#include "ui/time_field.hpp"
#include "ui/widgets.hpp"

#include <imgui_stdlib.h>

namespace infusion::ui {
namespace {

// ---- 1. helpers --------------------------------------------------------------------------------
void centred_panel_begin(const char* id, float width_em) {
    const float width = ImGui::GetFontSize() * width_em;
    ImGui::SetCursorPosX(std::max(0.0F, (ImGui::GetWindowWidth() - width) * 0.5F));
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() * 0.18F);
    ImGui::BeginChild(id, ImVec2(width, ImGui::GetFontSize() * 22.0F), true);
}

bool password_field(AppState& state, const char* label, std::string& value, const std::string& name) {
    ImGui::SetNextItemWidth(-1.0F);
    const bool enter = ImGui::InputTextWithHint(label, "password", &value,
                                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    remember(state, name);
    return enter;
}

// Forget typed passwords as soon as they are used.
void wipe(std::string& s) {
    std::fill(s.begin(), s.end(), '\0');
    s.clear();
}

// ---- 2. first administrator --------------------------------------------------------------------
void draw_first_admin(AppState& state) {
    auto& f = state.sign_in;
    ImGui::PushFont(state.fonts.large);
    ImGui::TextUnformatted("Welcome to InfusionDoc");
    ImGui::PopFont();
    ImGui::TextWrapped(
        "This database has no users yet. Create the first administrator, who then adds the "
        "nurses, billers and supervisors.");
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-1.0F);
    ImGui::InputTextWithHint("##user", "username, e.g. admin", &f.username);
    remember(state, "signin.username");
    ImGui::SetNextItemWidth(-1.0F);
    ImGui::InputTextWithHint("##name", "full name", &f.display_name);
    remember(state, "signin.display_name");
    bool go = password_field(state, "##pw", f.password, "signin.password");
    go |= password_field(state, "##pw2", f.password_again, "signin.password_again");
    go |= big_button(state, "Create administrator", "signin.create", -1.0F);
    if (go) {
        if (f.password != f.password_again) {
            f.message = "The two passwords differ.";
        } else {
            auto session = state.clinic.accounts().create_first_admin(f.username, f.display_name, f.password);
            if (session) {
                state.start_session(session.value());
            } else {
                f.message = session.error().message;
            }
        }
        wipe(f.password);
        wipe(f.password_again);
    }
}

// ---- 3. sign-in --------------------------------------------------------------------------------
void draw_sign_in(AppState& state) {
    auto& f = state.sign_in;
    ImGui::PushFont(state.fonts.large);
    ImGui::TextUnformatted("Sign in");
    ImGui::PopFont();
    ImGui::TextColored(muted_colour(), "%s", state.clinic.settings().name.c_str());
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-1.0F);
    ImGui::InputTextWithHint("##user", "username", &f.username);
    remember(state, "signin.username");
    if (f.refocus_password) ImGui::SetKeyboardFocusHere();
    f.refocus_password = false;
    bool go = password_field(state, "##pw", f.password, "signin.password");
    go |= big_button(state, "Sign in (Enter)", "signin.go", -1.0F);
    if (go) {
        auto session = state.clinic.accounts().sign_in(f.username, f.password);
        wipe(f.password);
        if (session && !session.value().password_set_by.empty()) {
            f.replacing = session.value();
            f.message.clear();
            // The panel is the sign-in's own child window, so it does not "appear": the cursor is put in
            // the new password's field explicitly (typing went nowhere, seen in the real window).
            f.refocus_password = true;
        } else if (session) {
            state.start_session(session.value());
        } else {
            // Accounts deleted outside the program: "wrong username or password" would send the nurse
            // to retype a correct password.
            f.message = state.clinic.accounts().accounts_gone() ? std::string(app::accounts_gone_message)
                                                                : session.error().message;
            f.refocus_password = true;
        }
    }
}

// ---- 4. a password an administrator set --------------------------------------------------------
// Known to two people, so nothing is done under it (users.md): the person chooses her own first. Cancel
// goes back to the sign-in; the account keeps the administrator's password until she chooses.
void draw_replace_password(AppState& state) {
    auto& f = state.sign_in;
    const app::Session& who = *f.replacing;
    ImGui::PushFont(state.fonts.large);
    ImGui::TextUnformatted("Choose your password");
    ImGui::PopFont();
    ImGui::TextWrapped(
        "%s, the password you signed in with was set by the administrator '%s'. Choose your own before you "
        "continue: only you will know it.",
        who.display_name.c_str(), who.password_set_by.c_str());
    // The cursor starts in the first field and comes back to it after a refusal; Enter there goes on to the
    // second while it is empty (it said "the two passwords differ" before the second was typed).
    if (ImGui::IsWindowAppearing() || f.refocus_password) ImGui::SetKeyboardFocusHere();
    f.refocus_password = false;
    ImGui::SetNextItemWidth(-1.0F);
    bool go = ImGui::InputTextWithHint("##new", "new password (at least 10 characters)", &f.password,
                                       ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    remember(state, "signin.new_password");
    if (go && f.password_again.empty()) {
        go = false;
        f.focus_second = true;
    }
    if (f.focus_second) ImGui::SetKeyboardFocusHere();
    f.focus_second = false;
    ImGui::SetNextItemWidth(-1.0F);
    go |= ImGui::InputTextWithHint("##again", "the new password again", &f.password_again,
                                   ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    remember(state, "signin.new_password_again");
    go |= big_button(state, "Set my password and continue", "signin.set_password", -1.0F);
    if (go) {
        core::Status set = core::Done{};
        if (f.password != f.password_again) {
            set = core::Error{"The two passwords differ.", "", {}};
        } else {
            set = state.clinic.accounts().set_password(who, who.username, f.password);
        }
        wipe(f.password);
        wipe(f.password_again);
        if (!set) {
            f.message = set.error().message;
            f.refocus_password = true;
        } else {
            app::Session session = who;
            session.password_set_by.clear();
            state.start_session(session);
            return;
        }
    }
    if (big_button(state, "Cancel", "signin.cancel_password", -1.0F)) {
        wipe(f.password);
        wipe(f.password_again);
        f.replacing.reset();
        f.message.clear();
    }
}

}  // namespace

std::vector<std::string> demo_sign_in_lines(const std::vector<demo::DemoUser>& accounts) {
    std::vector<std::string> lines;
    for (const auto& u : accounts) {
        // The administrator's work (accounts, backups, checks) is on the command line: the window has
        // no screen for it, so the account is not offered here. Both nurses are: one hands a visit over
        // to the other (docs/users.md).
        if (u.roles.empty() || (u.roles.size() == 1 && u.roles.front() == app::Role::admin)) continue;
        lines.push_back(app::roles_to_string(u.roles) + ": " + u.username + " / " + u.password);
    }
    return lines;
}

void draw_sign_in_screen(AppState& state) {
    centred_panel_begin("signin", 22.0F);
    if (state.sign_in.replacing) {
        draw_replace_password(state);
    } else if (state.clinic.accounts().has_users()) {
        draw_sign_in(state);
    } else {
        draw_first_admin(state);
    }
    // A demo database's accounts that still have their documented passwords (read once per screen).
    if (!state.sign_in.demo_accounts) {
        state.sign_in.demo_accounts.emplace();
        *state.sign_in.demo_accounts = demo_sign_in_lines(demo::accounts_with_demo_passwords(state.clinic));
    }
    if (!state.sign_in.demo_accounts->empty()) {
        ImGui::Spacing();
        ImGui::TextColored(muted_colour(), "Demo database:");
        // Wrapped: a long role list or password ran past the panel's edge and was cut off.
        ImGui::PushStyleColor(ImGuiCol_Text, muted_colour());
        for (const auto& line : *state.sign_in.demo_accounts) ImGui::TextWrapped("%s", line.c_str());
        ImGui::PopStyleColor();
    }
    if (!state.sign_in.message.empty()) {
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(error_colour(), "%s", state.sign_in.message.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::EndChild();
}

std::string idle_time_text(double seconds) {
    const bool in_seconds = seconds < 60.0;
    const int n = in_seconds ? static_cast<int>(seconds) : static_cast<int>(seconds / 60.0 + 0.5);
    return std::to_string(n) + (in_seconds ? " second" : " minute") + (n == 1 ? "" : "s");
}

// ---- 5. lock -----------------------------------------------------------------------------------
std::string why_hidden(const AppState& state) {
    // After "Lock now" the idle time is not why it locked (found in the real window).
    if (state.sign_in.locked_on_request) return "Patient data is hidden: locked from the Account menu.";
    return "Patient data is hidden after " + idle_time_text(state.lock_after_seconds) + " without use.";
}

void draw_lock_screen(AppState& state) {
    auto& f = state.sign_in;
    centred_panel_begin("locked", 22.0F);
    ImGui::PushFont(state.fonts.large);
    ImGui::TextUnformatted("Locked");
    ImGui::PopFont();
    // Only what is true: an unsigned amendment, a refused time or an unsent review note is not saved; it
    // waits here, and Switch user asks before dropping it (ui/leave_guard.hpp).
    const auto unsaved = unsaved_on_screen(state);
    const std::string hidden = why_hidden(state);
    ImGui::TextWrapped("%s %s%s%s", hidden.c_str(),
                       unsaved ? "Not saved yet, and waiting here: " : "Everything typed was saved.",
                       unsaved ? unsaved->c_str() : "", unsaved ? "." : "");
    const app::Session* who = state.acting ? state.acting->session() : nullptr;
    ImGui::TextWrapped("%s, enter your password to continue.", who != nullptr ? who->display_name.c_str() : "");
    if (f.focus_frames > 0) --f.focus_frames;
    if (ImGui::IsWindowAppearing() || f.refocus_password) ImGui::SetKeyboardFocusHere();
    f.refocus_password = false;
    bool go = password_field(state, "##pw", f.password, "lock.password");
    go |= big_button(state, "Continue (Enter)", "lock.go", -1.0F);
    if (go && who != nullptr) {
        // The same person's password resumes; the check is a real sign-in (audited, throttled).
        auto session = state.clinic.accounts().sign_in(who->username, f.password);
        wipe(f.password);
        if (session && !session.value().password_set_by.empty()) {
            // An administrator set a new password while the screen was locked: it is chosen at a sign-in.
            f.message = "Your password was set by the administrator '" + session.value().password_set_by +
                        "' meanwhile: Switch user, then sign in with it to choose your own.";
        } else if (session) {
            f.locked = false;
            f.message.clear();
            f.last_activity = ImGui::GetTime();
            (void)state.clinic.audit().session_event(state.who(), "unlock", "screen unlocked");
        } else {
            // Only a password was asked: "wrong username or password" (sign-in's one answer for both, so that
            // it never says which names exist) read as if the name were in doubt (found from outside).
            f.message = session.error().message;
            constexpr std::string_view both = "wrong username or password";
            if (f.message.rfind(both, 0) == 0) f.message = "wrong password" + f.message.substr(both.size());
            f.refocus_password = true;
        }
    }
    if (big_button(state, "Switch user", "lock.switch", -1.0F)) switch_user(state);
    // Wrapped: the message cut off mid-word before it said to switch user (found from outside).
    if (!f.message.empty()) {
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(error_colour(), "%s", f.message.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::EndChild();
}

void watch_idle(AppState& state) {
    auto& f = state.sign_in;
    if (!state.acting || state.acting->open() || f.locked || state.lock_after_seconds <= 0.0) return;
    const ImGuiIO& io = ImGui::GetIO();
    bool active =
        io.MouseDelta.x != 0.0F || io.MouseDelta.y != 0.0F || io.MouseWheel != 0.0F || !io.InputQueueCharacters.empty();
    for (bool down : io.MouseDown) active = active || down;
    for (bool down : io.KeysDown) active = active || down;
    if (active || f.last_activity == 0.0) f.last_activity = ImGui::GetTime();
    if (ImGui::GetTime() - f.last_activity < state.lock_after_seconds) return;
    lock_screen(state, "idle for " + std::to_string(static_cast<int>(state.lock_after_seconds)) + " s");
}

void lock_screen(AppState& state, const std::string& why, bool asked) {
    auto& f = state.sign_in;
    if (!state.acting || state.acting->open() || f.locked) return;
    // A time still being typed is taken first, as leaving its field would: the lock hides the field,
    // and "Switch user" from the lock screen would lose it (found in the real window).
    if (commit_time_entries_being_typed(state)) state.editor.changed();
    f.locked = true;
    f.locked_on_request = asked;
    f.focus_frames = 3;  // the field takes the cursor a frame after it is drawn; settled by the third
    f.password.clear();
    (void)state.clinic.audit().session_event(state.who(), "lock", why);
}

}  // namespace infusion::ui
