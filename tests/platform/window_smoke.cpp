// The real window, end to end, before any screen exists.
//
//   window_smoke FILE.png                 draw a small form under a display, save it, exit 0 (2: no window)
//   window_smoke --check FILE.png W H     exit 0 when FILE.png is W x H and not one flat colour (no display)
//   window_smoke --run [--ticks] [--seconds N]
//                                         an interactive window; --ticks wakes every second as a running
//                                         timer would; --seconds quits after N seconds (needs --ticks to
//                                         be woken); prints the number of frames drawn on exit
#include "platform/app_window.hpp"
#include "platform/fonts.hpp"
#include "platform/frame_pacer.hpp"

#include <imgui.h>
#include <stb_image.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace platform = infusion::platform;

namespace {

struct Demo {
    platform::Fonts fonts;
    int presses = 0;
    long frames = 0;

    void draw() {
        ++frames;
        ImGui::SetNextWindowPos(ImVec2(40.0f, 40.0f), ImGuiCond_FirstUseEver);
        ImGui::SetNextWindowSize(ImVec2(620.0f, 360.0f), ImGuiCond_FirstUseEver);
        ImGui::Begin("Infusion visit");
        ImGui::PushFont(fonts.large);
        ImGui::TextUnformatted("Hizentra 8 g \xE2\x80\x94 SC infusion");  // em dash
        ImGui::PopFont();
        ImGui::TextUnformatted(
            "Patients: Pe\xC3\xB1"
            "a, M\xC3\xBCller, Nguy\xE1\xBB\x85n");
        ImGui::TextUnformatted("Started 09:10 \xE2\x86\x92 75 min \xE2\x9C\x93  \xE2\x9A\xA0 no stop time yet");
        ImGui::PushFont(fonts.mono);
        ImGui::TextUnformatted("96369 x1   J1559 x80 JZ   NDC 44206-0451-01");
        ImGui::PopFont();
        ImGui::Separator();
        if (ImGui::Button("Sign visit")) ++presses;
        ImGui::SameLine();
        ImGui::Text("pressed %d times", presses);
        ImGui::End();
    }
};

platform::FrameCallbacks callbacks_for(Demo& demo) {
    platform::FrameCallbacks callbacks;
    callbacks.draw = [&demo] { demo.draw(); };
    callbacks.fonts_changed = [&demo](const platform::Fonts& fonts) { demo.fonts = fonts; };
    return callbacks;
}

int check_png(const std::string& file, int expected_width, int expected_height) {
    int width = 0;
    int height = 0;
    int channels = 0;
    const std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load(file.c_str(), &width, &height, &channels, 4),
                                                           stbi_image_free);
    if (!pixels) {
        std::cerr << "window_smoke: cannot read " << file << ": " << stbi_failure_reason() << '\n';
        return 1;
    }
    if (width != expected_width || height != expected_height) {
        std::cerr << "window_smoke: " << file << " is " << width << "x" << height << ", expected " << expected_width
                  << "x" << expected_height << '\n';
        return 1;
    }
    std::set<std::uint32_t> colours;
    const auto count = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    for (std::size_t i = 0; i < count && colours.size() < 1000; ++i) {
        const stbi_uc* p = pixels.get() + i * 4;
        colours.insert(static_cast<std::uint32_t>(p[0]) << 16 | static_cast<std::uint32_t>(p[1]) << 8 | p[2]);
    }
    // A flat image means nothing was drawn; text with anti-aliasing gives hundreds of shades.
    if (colours.size() < 16) {
        std::cerr << "window_smoke: " << file << " has only " << colours.size() << " colour(s)\n";
        return 1;
    }
    std::cout << "window_smoke: " << file << " is " << width << "x" << height << " with " << colours.size()
              << (colours.size() >= 1000 ? "+" : "") << " colours\n";
    return 0;
}

int run_interactive(const std::vector<std::string_view>& args) {
    Demo demo;
    platform::FrameCallbacks callbacks = callbacks_for(demo);
    bool ticks = false;
    double seconds = 0.0;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--ticks") ticks = true;
        if (args[i] == "--seconds" && i + 1 < args.size()) seconds = std::stod(std::string(args[++i]));
    }
    callbacks.seconds_until_due = [ticks] { return ticks ? 1.0 : platform::FramePacer::never; };
    const auto start = std::chrono::steady_clock::now();
    if (seconds > 0.0) {
        callbacks.quit_requested = [start, seconds] {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= seconds;
        };
    }
    platform::WindowOptions options;
    options.title = "InfusionDoc window smoke test";
    const int status = platform::run_window(options, callbacks);
    std::cout << "window_smoke: " << demo.frames << " frames\n";
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.size() == 4 && args[0] == "--check") {
        return check_png(std::string(args[1]), std::atoi(std::string(args[2]).c_str()),
                         std::atoi(std::string(args[3]).c_str()));
    }
    if (!args.empty() && args[0] == "--run") return run_interactive(args);
    if (args.size() != 1 || args[0].starts_with("--")) {
        std::cerr << "usage: window_smoke FILE.png | --check FILE.png WIDTH HEIGHT | --run [--ticks] [--seconds N]\n";
        return 64;
    }
    Demo demo;
    platform::WindowOptions options;
    options.title = "InfusionDoc window smoke test";
    options.screenshot = std::string(args[0]);
    return platform::run_window(options, callbacks_for(demo));
}
