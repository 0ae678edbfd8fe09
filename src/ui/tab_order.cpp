#include "ui/tab_order.hpp"

#include <imgui_internal.h>

#include <algorithm>

namespace infusion::ui {
namespace {

bool tab_pressed() {
    const ImGuiIO& io = ImGui::GetIO();
    return !io.KeyCtrl && !io.KeyAlt && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab));
}

// The stop that holds the keyboard (an active text field) or the navigation focus.
int index_of_focus(const std::vector<TabStop>& stops) {
    const ImGuiContext& g = *GImGui;
    for (std::size_t i = 0; i < stops.size(); ++i) {
        const ImGuiID id = stops[i].id;
        if (id != 0 && (id == g.ActiveId || (g.ActiveId == 0 && id == g.NavId))) return static_cast<int>(i);
    }
    return -1;
}

int index_of_name(const std::vector<TabStop>& stops, const std::string& name) {
    if (name.empty()) return -1;
    const auto it = std::find_if(stops.begin(), stops.end(), [&](const TabStop& s) { return s.name == name; });
    return it == stops.end() ? -1 : static_cast<int>(it - stops.begin());
}

}  // namespace

void tab_order_begin(AppState& state) {
    TabOrderState& order = state.tab_order;
    order.last.swap(order.current);
    order.current.clear();
    // A popup (the DST question, a combo's list, the sign confirmation) keeps ImGui's own keys.
    if (tab_pressed() && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId) && !order.last.empty()) {
        const int count = static_cast<int>(order.last.size());
        // Focus moved off the stops (arrow keys over the body map's sites): Tab goes on from the last stop.
        // The stop that had it may have gone (a time's "Now" is no stop once the time is set): Tab goes on
        // from where it was, after the stop before it, and Shift+Tab to that stop.
        int here = index_of_focus(order.last);
        bool gone = false;
        if (here < 0) here = index_of_name(order.last, order.here_name);
        if (here < 0 && !order.here_name.empty()) {
            here = index_of_name(order.last, order.here_before);
            gone = here >= 0;
        }
        if (here < 0 && order.here >= 0 && order.here < count) here = order.here;
        const int step = ImGui::GetIO().KeyShift ? -1 : 1;
        const int next = here < 0           ? (step > 0 ? 0 : count - 1)
                         : gone && step < 0 ? here
                                            : (here + step + count) % count;
        order.pending = order.last[static_cast<std::size_t>(next)].name;
        order.step = step;
        order.tries = 0;
    }
    if (const int here = index_of_focus(order.last); here >= 0) {
        order.here = here;
        order.here_name = order.last[static_cast<std::size_t>(here)].name;
        order.here_before = here > 0 ? order.last[static_cast<std::size_t>(here) - 1].name : std::string{};
    }
    order.active = true;
    ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);
}

void tab_order_end(AppState& state) {
    TabOrderState& order = state.tab_order;
    order.active = false;
    ImGui::PopItemFlag();
    // The stop Tab was going to is gone this frame (a time's "Now" once a time is typed in the field, a
    // control greyed): the Tab goes on to the next stop that is there, in its direction, rather than being
    // lost with the focus left where it was.
    if (order.pending.empty() || index_of_name(order.current, order.pending) >= 0) return;
    const int at = index_of_name(order.last, order.pending);
    if (at < 0) return;  // a stop not drawn yet (a card just added): asked for until it is
    const int count = static_cast<int>(order.last.size());
    for (int k = 1; k < count; ++k) {
        const auto& candidate = order.last[static_cast<std::size_t>((at + k * order.step + count * k) % count)];
        if (index_of_name(order.current, candidate.name) >= 0) {
            order.pending = candidate.name;
            order.tries = 0;
            return;
        }
    }
    order.pending.clear();
}

void tab_stop(AppState& state, const std::string& name, bool text) {
    TabOrderState& order = state.tab_order;
    if (!order.active) return;  // a screen without its own Tab order
    ImGuiContext& g = *GImGui;
    // A greyed control is no stop: Tab onto one gave up and left the focus where it was, so the next Tab
    // chose it again, and nothing after it could be reached ("+ Pause" before the infusion's start held
    // the keyboard on the Stop's "Now"; found from outside).
    if ((g.LastItemData.InFlags & ImGuiItemFlags_Disabled) != 0) return;  // greyed: tab_order_end moves on
    const ImGuiID id = ImGui::GetItemID();
    order.current.push_back(TabStop{name, id});
    if (order.pending != name) return;
    // Wholly in view before it takes the focus: a button showing a 10 px sliver at the column's edge counted
    // as visible, took the focus, and the nurse could not see what Enter would press (found from outside).
    // (One taller than the column, the body map in a small window, is taken as soon as it shows.)
    // The last row of a column ends a pixel past its clip when scrolled to the end: a little slack, and a
    // stop that scrolling cannot bring wholly into view takes the focus after a few frames anyway (Tab out of
    // the last note scrolled each frame and never left it; found from outside).
    const ImRect clip = ImGui::GetCurrentWindow()->ClipRect;
    constexpr float slack = 2.0F;
    const bool fits = ImGui::GetItemRectSize().y <= clip.GetHeight();
    const bool whole =
        ImGui::GetItemRectMin().y >= clip.Min.y - slack && ImGui::GetItemRectMax().y <= clip.Max.y + slack;
    if (!ImGui::IsItemVisible() || (fits && !whole && order.tries < 3)) {
        ImGui::SetScrollHereY(0.5F);  // next frame it is in view and takes the focus
        ++order.tries;
        return;
    }
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    // Asked again each frame until it has the focus (a popup closing or a window taking the focus in
    // the same frame can swallow one request); a stubborn item gives up after a few frames.
    const bool has_focus = text ? g.ActiveId == id : g.NavId == id;
    if (has_focus || ++order.tries > 6) {
        order.pending.clear();
        order.tries = 0;
        return;
    }
    if (text) {
        ImGui::SetKeyboardFocusHere(-1);
        return;
    }
    if (g.ActiveId != 0 && g.ActiveId != id) ImGui::ClearActiveID();  // a text field being left
    ImGui::FocusWindow(window);
    ImGui::SetFocusID(id, window);
    g.NavDisableHighlight = false;  // the focus ring shows where Space and Enter will act
    g.NavDisableMouseHover = true;
}

std::string focused_stop(const AppState& state) {
    const int i = index_of_focus(state.tab_order.current);
    return i < 0 ? std::string{} : state.tab_order.current[static_cast<std::size_t>(i)].name;
}

}  // namespace infusion::ui
