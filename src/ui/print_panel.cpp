#include "ui/print_panel.hpp"

#include "app/print_records.hpp"
#include "core/catalog.hpp"
#include "ui/app_state.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdlib>
#include <filesystem>

namespace infusion::ui {
namespace {

std::string default_path(storage::VisitId id) {
    const char* home = std::getenv("HOME");
    const std::string dir = home != nullptr && *home != '\0' ? home : ".";
    return dir + "/infusiondoc-visit-" + std::to_string(id) + ".pdf";
}

// The file the window writes: "~/" is the home folder, and a name without ".pdf" gets it (a name typed
// without it wrote a PDF that no viewer offered to open; found from outside). The command line's --out
// is taken as given.
std::string pdf_path(std::string path) {
    if (path.rfind("~/", 0) == 0) {
        const char* home = std::getenv("HOME");
        if (home != nullptr && *home != '\0') path = std::string(home) + path.substr(1);
    }
    const std::string extension = std::filesystem::path(path).extension().string();
    if (!core::iequals(extension, ".pdf")) path += ".pdf";
    return path;
}

void run(AppState& state, PrintPanelState& print, bool send) {
    if (!state.signed_in()) return;
    print.path = pdf_path(print.path);
    print.message_new = true;
    app::RecordPrinter printer(state.clinic.database(), state.clinic.config(), state.clinic.clock().clock());
    auto done = printer.print_visits(state.who(), state.who().username(), {state.editor.id()}, print.path);
    if (!done) {
        print.failed = true;
        print.message = done.error().message;
        return;
    }
    print.failed = false;
    print.message = "Saved " + print.path;
    // The record as stored: an amendment on screen is not in it until it is signed (the PDF said 75 min
    // while the screen showed the amended 105, and nothing said why; found from outside).
    if (state.editor.amending()) print.message += " (the record as last signed: the amendment is not in it)";
    if (send) {
        if (auto sent = app::send_to_printer(print.path); !sent) {
            print.failed = true;
            print.message = sent.error().message;
        } else {
            print.message += " and sent to the printer";
        }
    }
}

}  // namespace

void draw_print_panel(AppState& state, PrintPanelState& print) {
    if (!state.editor.is_open()) return;
    if (big_button(state, "Save as PDF / Print", "print.open")) {
        print.open = !print.open;
        if (print.path.empty()) print.path = default_path(state.editor.id());
    }
    if (!print.open) return;
    if (state.editor.amending()) {
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(warning_colour(), "Prints the record as last signed: the amendment is in it once signed.");
        ImGui::PopTextWrapPos();
        remember(state, "print.amending");
    }
    ImGui::SetNextItemWidth(-1.0F);
    ImGui::InputText("##print.path", &print.path);
    remember(state, "print.path");
    ImGui::BeginDisabled(print.path.empty());
    if (big_button(state, "Save PDF", "print.save")) run(state, print, false);
    ImGui::SameLine();
    if (big_button(state, "Save and print", "print.send")) run(state, print, true);
    ImGui::EndDisabled();
    if (!print.message.empty()) {
        ImGui::PushTextWrapPos(0.0F);
        ImGui::TextColored(print.failed ? error_colour() : ok_colour(), "%s", print.message.c_str());
        ImGui::PopTextWrapPos();
        remember(state, print.failed ? "print.error" : "print.done");
        if (print.message_new) {
            ImGui::SetScrollHereY(1.0F);
            print.message_new = false;
        }
    }
}

}  // namespace infusion::ui
