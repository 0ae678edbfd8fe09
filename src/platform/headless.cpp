#include "platform/headless.hpp"

#include "platform/keyboard.hpp"
#include "platform/style.hpp"

#include <algorithm>
#include <stdexcept>

namespace infusion::platform {

namespace {

constexpr float frame_seconds = 1.0f / 60.0f;

bool mentions(const std::vector<std::pair<ImGuiKey, bool>>& step, ImGuiKey key) {
    return std::any_of(step.begin(), step.end(), [key](const auto& change) { return change.first == key; });
}

bool has_key_down(const std::vector<std::pair<ImGuiKey, bool>>& step) {
    return std::any_of(step.begin(), step.end(), [](const auto& change) { return change.second; });
}

void build_atlas() {
    // NewFrame() asserts unless the atlas is built; the pixels themselves are never uploaded.
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
}

}  // namespace

HeadlessUi::HeadlessUi(ImVec2 display_size) : m_context(ImGui::CreateContext()) {
    make_current();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // tests must not read or write ./imgui.ini
    io.LogFilename = nullptr;
    io.BackendPlatformName = "infusiondoc_headless";
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.DisplaySize = display_size;
    io.DeltaTime = frame_seconds;
    // With keyboard navigation on, ImGui 1.86 reads Tab, Space, Enter, Escape and the arrows through
    // KeyMap every frame; our KeysDown indices are the ImGuiKey_ values themselves.
    for (int key = 0; key < ImGuiKey_COUNT; ++key) io.KeyMap[key] = key;
    build_atlas();
}

HeadlessUi::~HeadlessUi() { ImGui::DestroyContext(m_context); }

void HeadlessUi::make_current() const { ImGui::SetCurrentContext(m_context); }

void HeadlessUi::apply_next_key_step() {
    if (m_key_steps.empty()) return;
    ImGuiIO& io = ImGui::GetIO();
    for (const auto& [key, down] : m_key_steps.front()) io.KeysDown[key] = down;
    m_key_steps.pop_front();
}

void HeadlessUi::frame(const std::function<void()>& draw) {
    make_current();
    apply_next_key_step();
    let_enter_activate();  // as run_window does, so tests see the window's keyboard behaviour
    ImGui::NewFrame();
    m_glyphs.begin_frame();
    if (draw) draw();
    m_glyphs.end_frame();
    ImGui::Render();
    ++m_frames;
}

void HeadlessUi::frames(int count, const std::function<void()>& draw) {
    for (int i = 0; i < count; ++i) frame(draw);
}

void HeadlessUi::move_mouse(ImVec2 at) {
    make_current();
    ImGui::GetIO().MousePos = at;
}

void HeadlessUi::click(ImVec2 at, const std::function<void()>& draw) {
    make_current();
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = at;
    io.MouseDown[0] = false;
    frame(draw);  // hover: ImGui decides which window and item are under the mouse
    io.MouseDown[0] = true;
    frame(draw);  // press: the item becomes active
    io.MouseDown[0] = false;
    frame(draw);  // release over the same item: clicked
}

void HeadlessUi::type(const std::string& utf8) {
    make_current();
    ImGui::GetIO().AddInputCharactersUTF8(utf8.c_str());
}

void HeadlessUi::press(ImGuiKey key) {
    if (key < 0 || key >= ImGuiKey_COUNT) throw std::invalid_argument("HeadlessUi::press: not an ImGuiKey_ value");
    // After the last queued key-down, and never in a step that already changes this key (its release).
    std::size_t step = 0;
    for (std::size_t i = m_key_steps.size(); i > 0; --i) {
        if (has_key_down(m_key_steps[i - 1])) {
            step = i;
            break;
        }
    }
    while (step < m_key_steps.size() && mentions(m_key_steps[step], key)) ++step;
    if (m_key_steps.size() < step + 2) m_key_steps.resize(step + 2);
    m_key_steps[step].emplace_back(key, true);
    m_key_steps[step + 1].emplace_back(key, false);
}

void HeadlessUi::set_modifiers(bool ctrl, bool shift) {
    make_current();
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    io.KeyShift = shift;
}

void HeadlessUi::set_display_size(ImVec2 size) {
    make_current();
    ImGui::GetIO().DisplaySize = size;
}

Fonts HeadlessUi::load_fonts(float scale) {
    make_current();
    Fonts fonts = platform::load_fonts(scale, m_glyphs.extra());
    m_glyphs.loaded();
    apply_style(scale);
    build_atlas();
    return fonts;
}

}  // namespace infusion::platform
