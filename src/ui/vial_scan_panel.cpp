#include "ui/vial_scan_panel.hpp"

#include "ui/app_state.hpp"
#include "ui/tab_order.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

namespace infusion::ui {
namespace {

// ImGui's text field drops control characters, GS (0x1D) included, before any callback sees them.
// While the scan field has the keyboard, a GS waiting in the input queue becomes its picture U+241D,
// which the GS1 reader takes as the separator; the field then shows where each field ended. A GS typed
// as Ctrl+] (platform/app_window.cpp) arrives while Ctrl may still be down in this frame, and a text
// field takes no characters while Ctrl is down: it waits for the first frame without Ctrl, ahead of
// whatever came after it.
void keep_group_separators(VialScanState& scan) {
    constexpr ImWchar gs = 0x1D;
    constexpr auto picture = static_cast<ImWchar>(0x241D);
    const auto& io = ImGui::GetIO();
    auto& queue = ImGui::GetIO().InputQueueCharacters;
    if (io.KeyCtrl && !io.KeyAlt) {
        for (int i = 0; i < queue.Size;) {
            if (queue[i] == gs) {
                ++scan.waiting_separators;
                queue.erase(queue.Data + i);
            } else {
                ++i;
            }
        }
        return;
    }
    for (; scan.waiting_separators > 0; --scan.waiting_separators) queue.push_front(picture);
    for (auto& c : queue) {
        if (c == gs) c = picture;
    }
}

std::string vial_line(const core::Vial& vial) {
    std::string line = "lot " + (vial.lot.empty() ? std::string("-") : vial.lot) + "   expires " +
                       (vial.expiry ? core::format_date(*vial.expiry) : std::string("-"));
    if (!vial.serial.empty()) line += "   serial " + vial.serial;
    if (!vial.gtin.empty()) line += "   GTIN " + vial.gtin;
    return line;
}

}  // namespace

bool draw_vial_scan_panel(AppState& state, VialScanState& scan, bool editable) {
    bool changed = false;
    auto& io = ImGui::GetIO();
    // Ctrl+B (GLFW and ImGui 1.86 index letters by their capital ASCII code).
    if (editable && io.KeyCtrl && ImGui::IsKeyPressed('B', false)) scan.focus_next = true;
    if (scan.field_active) {
        keep_group_separators(scan);
    } else {
        scan.waiting_separators = 0;
    }

    // A scan's message belongs to the editing it was made in: after an amendment was cancelled (its vials
    // dropped) or signed, "vial 2 added" stayed on the read-only record, and a nurse would believe a vial was
    // recorded (found from outside).
    if (!editable) {
        scan.has_last = false;
        scan.text.clear();
    }
    // A read-only visit has no scan field at all: greyed, "Scan vial" and "Add vial" still read as something to
    // do on a signed visit (found from outside). Its vials are listed below; an amendment scans.
    bool submit = false;
    ImGuiID scan_field = 0;
    if (editable) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Scan vial (Ctrl+B)");
        ImGui::SameLine();
        if (scan.focus_next) {
            ImGui::SetKeyboardFocusHere();
            scan.focus_next = false;
        }
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18.0F);
        submit = ImGui::InputTextWithHint("##scan", "scan the vial's barcode", &scan.text,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
        scan.field_active = ImGui::IsItemActive();
        scan_field = ImGui::GetItemID();
        remember(state, "visit.scan");
        tab_stop(state, "visit.scan", true);
        ImGui::SameLine();
        submit |= big_button(state, "Add vial", "visit.scan.add");
    } else {
        scan.field_active = false;
    }

    if (submit && editable && !scan.text.empty()) {
        // The clinic's one clock (tests set it) decides "today" for a visit that has not started yet.
        scan.last = app::scan_vial(state.editor, scan.text, state.clinic.config(), state.clinic.clock().clock());
        scan.has_last = true;
        changed |= scan.last.applied;
        // A scan that read is done; one that did not stays in the field to be looked at or scanned again.
        if (scan.last.error.empty()) {
            scan.text.clear();
            // ImGui 1.86 keeps the field's horizontal scroll for its next activation and draws the hint with
            // it: "scan the vial's barcode" showed as a stray grey "de" (found from outside).
            if (ImGuiInputTextState* field = ImGui::GetInputTextState(scan_field)) field->ScrollX = 0.0F;
        }
        scan.focus_next = true;  // ready for the next vial
    }
    // The vials documented, per substance; a wrong scan is taken back here. Above the scan's message, whose
    // lines come and go with each scan: below it, the rows and their "remove" moved under the pointer with
    // every result (found from outside).
    auto& substances = state.editor.visit().substances;
    for (std::size_t i = 0; i < substances.size(); ++i) {
        auto& vials = substances[i].vials;
        for (std::size_t j = 0; j < vials.size(); ++j) {
            ImGui::PushID(static_cast<int>(i * 1000 + j));
            ImGui::AlignTextToFramePadding();
            // Wrapped short of its "remove": at 1024x700 the GTIN ran off the panel's edge (found from outside).
            ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - (editable ? ImGui::GetFontSize() * 5.0F : 0.0F));
            ImGui::PushStyleColor(ImGuiCol_Text, muted_colour());
            ImGui::TextWrapped("%s vial %zu: %s", substances[i].name.c_str(), j + 1, vial_line(vials[j]).c_str());
            ImGui::PopStyleColor();
            ImGui::PopTextWrapPos();
            remember(state, "visit.vial." + std::to_string(i) + "." + std::to_string(j));
            reveal_if_requested(state, "substances[" + std::to_string(i) + "].vials[" + std::to_string(j) + "]");
            if (editable) {
                ImGui::SameLine();
                const bool remove = ImGui::SmallButton("remove");
                // A Tab stop: a vial scanned by mistake was out of the keyboard's reach (found from outside).
                const std::string name = "visit.vial." + std::to_string(i) + "." + std::to_string(j) + ".remove";
                remember(state, name);
                tab_stop(state, name, false);
                if (remove) {
                    vials.erase(vials.begin() + static_cast<std::ptrdiff_t>(j));
                    changed = true;
                    ImGui::PopID();
                    break;
                }
            }
            ImGui::PopID();
        }
    }
    if (scan.has_last) {
        ImGui::PushTextWrapPos(0.0F);
        if (!scan.last.error.empty()) {
            ImGui::TextColored(error_colour(), "Not read, nothing changed: %s", scan.last.error.c_str());
            remember(state, "visit.scan.error");
        } else {
            // Amber when the vial comes with a warning: green first read as "good" for an expired vial (found
            // from outside).
            const ImVec4 colour = !scan.last.applied           ? muted_colour()
                                  : scan.last.warnings.empty() ? ok_colour()
                                                               : warning_colour();
            ImGui::TextColored(colour, "%s", scan.last.summary.c_str());
            remember(state, "visit.scan.summary");
        }
        for (const auto& w : scan.last.warnings) {
            ImGui::TextColored(warning_colour(), "! %s", w.message.c_str());
            remember(state, "visit.scan.warning." + w.code);
        }
        ImGui::PopTextWrapPos();
    }

    return changed;
}

}  // namespace infusion::ui
