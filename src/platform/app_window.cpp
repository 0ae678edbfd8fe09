// run_window: sections 1. GLFW start-up and events  2. ImGui set-up  3. one frame  4. the loops
#include "platform/app_window.hpp"

#include "platform/glyph_demand.hpp"

#include "platform/changed_area.hpp"
#include "platform/dpi.hpp"
#include "platform/frame_pacer.hpp"
#include "platform/frame_times.hpp"
#include "platform/keyboard.hpp"
#include "platform/leak_check_support.hpp"
#include "platform/offscreen_picture.hpp"
#include "platform/screenshot.hpp"
#include "platform/style.hpp"
#include "platform/window_icon.hpp"
#include "platform/window_size.hpp"

#define GLFW_INCLUDE_NONE  // the ImGui backend loads OpenGL itself; OffscreenPicture makes our few GL calls
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <system_error>

namespace infusion::platform {

namespace {

// ---- 1. GLFW start-up and events ----------------------------------------------------------------

constexpr int exit_no_window = 2;

void print_glfw_error(int code, const char* description) {
    std::cerr << "infusiondoc: GLFW error " << code << ": " << description << '\n';
}

std::string display_name() {
    const char* display = std::getenv("DISPLAY");  // NOLINT(concurrency-mt-unsafe): main thread only
    return display != nullptr && *display != '\0' ? "DISPLAY=" + std::string(display) : "DISPLAY is not set";
}

int no_window(const std::string& what) {
    std::cerr << "infusiondoc: " << what << " (" << display_name()
              << "). Run it in a desktop session, or headless under xvfb-run.\n";
    return exit_no_window;
}

struct GlfwLibrary {
    GlfwLibrary() : ok(glfwInit() == GLFW_TRUE) {}
    ~GlfwLibrary() { glfwTerminate(); }  // also fine after a failed glfwInit
    GlfwLibrary(const GlfwLibrary&) = delete;
    GlfwLibrary& operator=(const GlfwLibrary&) = delete;
    GlfwLibrary(GlfwLibrary&&) = delete;
    GlfwLibrary& operator=(GlfwLibrary&&) = delete;
    bool ok;
};

struct WindowDeleter {
    void operator()(GLFWwindow* window) const { glfwDestroyWindow(window); }
};
using WindowPtr = std::unique_ptr<GLFWwindow, WindowDeleter>;

// What the GLFW callbacks report to the loop (through glfwSetWindowUserPointer; they are plain C).
struct WindowEvents {
    FramePacer pacer;
    bool scale_changed = false;
    int enter_pressed = 0;  // GLFW key code of an Enter pressed since the last frame, 0: none
    int enter_held = 0;     // an Enter this program holds down for one frame (see hold_quick_enter)
    // The screen must be drawn again whatever the frame holds: the window was exposed, resized, restored
    // or rescaled, which ImGui's draw data does not show (ChangedArea). The first frame is drawn.
    bool redraw = true;
};

WindowEvents& events_of(GLFWwindow* window) { return *static_cast<WindowEvents*>(glfwGetWindowUserPointer(window)); }
void note(GLFWwindow* window) { events_of(window).pacer.note_event(); }
void note_redraw(GLFWwindow* window) {
    events_of(window).redraw = true;
    note(window);
}

constexpr unsigned int group_separator = 0x1D;

// Installed before the ImGui backend, which then calls them after its own handlers (1.86 chains
// "previous user callbacks"). The cursor, resize and expose events are not used by the backend.
void install_event_callbacks(GLFWwindow* window, WindowEvents& events) {
    glfwSetWindowUserPointer(window, &events);
    glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int, int action, int mods) {
        if (action == GLFW_PRESS && (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER))
            events_of(w).enter_pressed = key;
        // Ctrl+] is how a keyboard-wedge scanner types GS (0x1D), the separator after a barcode's lot. GLFW
        // sends no character for a control key, so the lot ran on into the serial, read as a good scan
        // (found from outside). It joins the characters in the order typed; the scan field shows it as
        // U+241D (ui/vial_scan_panel.cpp), and every other field drops it, as ImGui drops control characters.
        if (action == GLFW_PRESS && key == GLFW_KEY_RIGHT_BRACKET && (mods & GLFW_MOD_CONTROL) != 0 &&
            (mods & (GLFW_MOD_ALT | GLFW_MOD_SUPER)) == 0) {
            ImGui::GetIO().AddInputCharacter(group_separator);
        }
        note(w);
    });
    glfwSetCharCallback(window, [](GLFWwindow* w, unsigned int) { note(w); });
    glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int, int, int) { note(w); });
    glfwSetScrollCallback(window, [](GLFWwindow* w, double, double) { note(w); });
    glfwSetCursorPosCallback(window, [](GLFWwindow* w, double, double) { note(w); });
    glfwSetCursorEnterCallback(window, [](GLFWwindow* w, int) { note(w); });
    glfwSetWindowFocusCallback(window, [](GLFWwindow* w, int) { note(w); });
    glfwSetWindowRefreshCallback(window, [](GLFWwindow* w) { note_redraw(w); });
    glfwSetFramebufferSizeCallback(window, [](GLFWwindow* w, int, int) { note_redraw(w); });
    glfwSetWindowIconifyCallback(window, [](GLFWwindow* w, int) { note_redraw(w); });
    glfwSetWindowContentScaleCallback(window, [](GLFWwindow* w, float, float) {
        events_of(w).scale_changed = true;
        note_redraw(w);
    });
}

// The size asked for, fitted to the primary screen's work area (in the units GLFW_SCALE_TO_MONITOR scales).
WindowSize fitted_to_screen(const WindowOptions& options) {
    const WindowSize wanted{options.width, options.height};
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    if (monitor == nullptr) return wanted;
    int x = 0, y = 0, width = 0, height = 0;
    glfwGetMonitorWorkarea(monitor, &x, &y, &width, &height);
    float scale_x = 1.0F, scale_y = 1.0F;
    glfwGetMonitorContentScale(monitor, &scale_x, &scale_y);
    if (scale_x <= 0.0F || scale_y <= 0.0F) return wanted;
    return fitted_to(wanted, WindowSize{static_cast<int>(static_cast<float>(width) / scale_x),
                                        static_cast<int>(static_cast<float>(height) / scale_y)});
}

WindowPtr create_window(const WindowOptions& options) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);  // 1280x800 stays the same physical size on HiDPI
    // WM_CLASS "infusiondoc": the desktop matches the window to its launcher (StartupWMClass in
    // assets/infusiondoc.desktop) and shows the launcher's icon and name for it.
    glfwWindowHintString(GLFW_X11_CLASS_NAME, "infusiondoc");
    glfwWindowHintString(GLFW_X11_INSTANCE_NAME, "infusiondoc");
    const WindowSize size = window_size_from_environment(fitted_to_screen(options));
    WindowPtr window(glfwCreateWindow(size.width, size.height, options.title.c_str(), nullptr, nullptr));
    if (window) {
        // Not yet: set_window_icon(window.get()) works (xprop shows _NET_WM_ICON) but made LeakSanitizer's
        // tracer crash at exit in program.screenshots (3 of 4 runs, never without it). Until that is
        // understood, the desktop shows the launcher's icon for this window through WM_CLASS above.
        glfwMakeContextCurrent(window.get());
        glfwSwapInterval(1);  // vsync: never more frames than the monitor shows
    }
    return window;
}

// ---- 2. ImGui set-up ----------------------------------------------------------------------------

// Owns the ImGui context and both backends; shuts them down in reverse order.
class ImGuiSession {
public:
    ImGuiSession() : m_context(ImGui::CreateContext()) {}
    ~ImGuiSession() {
        if (m_renderer) ImGui_ImplOpenGL3_Shutdown();
        if (m_platform) ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext(m_context);
    }
    ImGuiSession(const ImGuiSession&) = delete;
    ImGuiSession& operator=(const ImGuiSession&) = delete;
    ImGuiSession(ImGuiSession&&) = delete;
    ImGuiSession& operator=(ImGuiSession&&) = delete;

    bool start_backends(GLFWwindow* window) {
        m_platform = ImGui_ImplGlfw_InitForOpenGL(window, true);
        // GLSL 1.50 is what an OpenGL 3.2+ core context guarantees; the backend picks its shaders from it.
        m_renderer = m_platform && ImGui_ImplOpenGL3_Init("#version 150");
        return m_renderer;
    }

private:
    ImGuiContext* m_context;
    bool m_platform = false;
    bool m_renderer = false;
};

// ImGui keeps the pointer, so the string lives in run_window. Empty: no imgui.ini at all.
void configure_io(const WindowOptions& options, const std::string& ini_file) {
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    // A steady text cursor: we stop drawing when idle, which could freeze a blinking one while hidden.
    io.ConfigInputTextCursorBlink = false;
    io.IniFilename = nullptr;
    if (!options.ini_file.empty()) {
        std::error_code error;
        if (options.ini_file.has_parent_path())
            std::filesystem::create_directories(options.ini_file.parent_path(), error);
        if (error) {
            std::cerr << "infusiondoc: cannot create " << options.ini_file.parent_path().string() << " ("
                      << error.message() << "); window layout will not be saved\n";
        } else {
            io.IniFilename = ini_file.c_str();
        }
    }
}

// Fonts and style at `scale`; the renderer's texture is rebuilt when it already exists.
void load_scaled_fonts(float scale, bool renderer_started, const FrameCallbacks& callbacks, GlyphDemand& glyphs) {
    if (renderer_started) ImGui_ImplOpenGL3_DestroyFontsTexture();
    const Fonts fonts = load_fonts(scale, glyphs.extra());
    glyphs.loaded();
    apply_style(scale);
    if (renderer_started) ImGui_ImplOpenGL3_CreateFontsTexture();
    if (callbacks.fonts_changed) callbacks.fonts_changed(fonts);
}

// ---- 3. one frame -------------------------------------------------------------------------------

// A keyboard-wedge barcode scanner types a whole scan and its Enter within one event poll: Enter goes
// down and up before the frame, and ImGui 1.86, which reads key state rather than key events, never
// sees it pressed. Such an Enter is held down for one frame, then released.
void hold_quick_enter(GLFWwindow* window) {
    auto& events = events_of(window);
    auto& io = ImGui::GetIO();
    if (events.enter_held != 0) {
        io.KeysDown[events.enter_held] = false;
        events.enter_held = 0;
    }
    if (events.enter_pressed != 0) {
        if (!io.KeysDown[events.enter_pressed]) {
            io.KeysDown[events.enter_pressed] = true;
            events.enter_held = events.enter_pressed;
        }
        events.enter_pressed = 0;
    }
}

// Builds one frame: ImGui's draw data, nothing drawn yet. `no_pointer`: a screenshot shows the screen as
// it is, not a hover where the pointer happens to be (Xvfb puts it in the middle of the screen, over
// some row or button).
void build_frame(GLFWwindow* window, const FrameCallbacks& callbacks, GlyphDemand& glyphs, bool no_pointer = false) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (no_pointer) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    hold_quick_enter(window);
    let_enter_activate();
    ImGui::NewFrame();
    glyphs.begin_frame();
    if (callbacks.draw) callbacks.draw();
    glyphs.end_frame();
    ImGui::Render();
}

// Letters the last frame showed that the fonts lack (glyph_demand.hpp): the fonts are loaded again with
// them before the next frame. True when they were (the frame after must be drawn).
bool load_wanted_glyphs(GLFWwindow* window, const WindowOptions& options, const FrameCallbacks& callbacks,
                        GlyphDemand& glyphs) {
    if (!glyphs.changed()) return false;
    load_scaled_fonts(window_ui_scale(window, options.ui_scale), true, callbacks, glyphs);
    return true;
}

// The picture on screen and how the next frame differs from it.
struct Picture {
    ChangedArea changes;
    OffscreenPicture kept;
};

// Draws the frame just built into the back buffer, where it changed (all of it when `whole`); the caller
// swaps (or captures first). Returns the number of pixels drawn again: 0 when the picture is the one
// already shown and nothing was drawn.
long long draw_frame(Picture& picture, bool whole) {
    ImDrawData& data = *ImGui::GetDrawData();
    if (whole) picture.changes.forget();
    const std::optional<PixelRect> changed = picture.changes.since_last(data);
    if (!changed) return 0;
    return std::max(1LL, picture.kept.draw(data, *changed, ImGui::GetStyle().Colors[ImGuiCol_WindowBg]).area());
}

// ---- 4. the loops -------------------------------------------------------------------------------

// How long until the screen changes by itself (FrameCallbacks::seconds_until_due); unset: never.
double seconds_until_due(const FrameCallbacks& callbacks) {
    return callbacks.seconds_until_due ? callbacks.seconds_until_due() : FramePacer::never;
}

void wait_as_told(FramePacer::Wait wait) {
    switch (wait.kind) {
        case FramePacer::Kind::none: glfwPollEvents(); break;
        case FramePacer::Kind::until_event: glfwWaitEvents(); break;
        case FramePacer::Kind::until_timeout: glfwWaitEventsTimeout(wait.seconds); break;
    }
}

int run_screenshot(GLFWwindow* window, WindowEvents& events, const WindowOptions& options,
                   const FrameCallbacks& callbacks, GlyphDemand& glyphs) {
    const int frames = options.screenshot_frames > 0 ? options.screenshot_frames : 1;
    Picture picture;
    // A delayed screenshot first lives through the delay as the program would, with no input at all:
    // frames only after an event or when the screen says something is due (the idle lock's test sees
    // the lock come from its deadline, not from a periodic wake-up), until the delay is over.
    const double start = glfwGetTime();
    while (glfwGetTime() - start < options.screenshot_delay_seconds) {
        (void)load_wanted_glyphs(window, options, callbacks, glyphs);
        build_frame(window, callbacks, glyphs);
        (void)draw_frame(picture, true);
        glfwSwapBuffers(window);
        events.pacer.frame_drawn();
        const double left = options.screenshot_delay_seconds - (glfwGetTime() - start);
        wait_as_told(events.pacer.next_wait(seconds_until_due(callbacks), left));
    }
    for (int i = 1; i <= frames; ++i) {
        glfwPollEvents();
        (void)load_wanted_glyphs(window, options, callbacks, glyphs);
        build_frame(window, callbacks, glyphs, true);
        // Letters first seen in the last frame would show as "?" in the picture: one frame more, with them
        // (each letter is added once, so this ends).
        if (i == frames && glyphs.changed()) {
            --i;
            continue;
        }
        (void)draw_frame(picture, true);
        if (i == frames) {
            int width = 0;
            int height = 0;
            glfwGetFramebufferSize(window, &width, &height);
            if (auto error = save_back_buffer(*options.screenshot, width, height)) {
                std::cerr << "infusiondoc: " << *error << '\n';
                return exit_no_window;
            }
        }
        glfwSwapBuffers(window);
    }
    return 0;
}

bool user_may_close(GLFWwindow* window, const FrameCallbacks& callbacks) {
    if (!callbacks.request_close || callbacks.request_close()) return true;
    glfwSetWindowShouldClose(window, GLFW_FALSE);  // kept open: the next frames show the confirm dialog
    return false;
}

int run_interactive(GLFWwindow* window, WindowEvents& events, const WindowOptions& options,
                    const FrameCallbacks& callbacks, GlyphDemand& glyphs) {
    FrameTimes times = FrameTimes::from_environment();
    Picture picture;
    ChangeWatch watch(static_cast<bool>(callbacks.changed_elsewhere), callbacks.watch_seconds, glfwGetTime());
    double due_at = glfwGetTime();  // when the screen changes by itself (absolute); the first frame is now
    while (true) {
        const double before = glfwGetTime();
        wait_as_told(events.pacer.next_wait(due_at - before, watch.seconds_left(before)));
        if (glfwWindowShouldClose(window) == GLFW_TRUE) {
            if (user_may_close(window, callbacks)) return 0;
            events.pacer.note_event();
        }
        const double now = glfwGetTime();
        const bool drawing = events.pacer.settling() || now >= due_at;
        if (!watch.frame_wanted(now, drawing, callbacks.changed_elsewhere)) continue;
        // A change made elsewhere is drawn with no input: the frames after it settle its layout as after an
        // input (an open dialog grows a frame late; found from outside: "Sign this visit?" kept its buttons
        // cut to slivers until the next input).
        if (!drawing) events.pacer.note_event();
        if (events.scale_changed && !ui_scale_is_fixed(options.ui_scale)) {
            load_scaled_fonts(window_ui_scale(window, options.ui_scale), true, callbacks, glyphs);
        }
        events.scale_changed = false;
        if (load_wanted_glyphs(window, options, callbacks, glyphs)) events.redraw = true;
        times.frame_begins();
        build_frame(window, callbacks, glyphs);
        if (glyphs.changed()) events.pacer.note_event();  // a frame more, with the letters it lacked
        const long long pixels_drawn = draw_frame(picture, events.redraw);
        events.redraw = false;
        if (pixels_drawn > 0) glfwSwapBuffers(window);
        times.frame_ends(pixels_drawn);
        events.pacer.frame_drawn(pixels_drawn > 0);
        if (callbacks.quit_requested && callbacks.quit_requested()) return 0;
        due_at = glfwGetTime() + seconds_until_due(callbacks);
    }
}

}  // namespace

int run_window(const WindowOptions& options, const FrameCallbacks& callbacks) {
    glfwSetErrorCallback(print_glfw_error);
    const GlfwLibrary glfw;
    if (!glfw.ok) return no_window("cannot start GLFW: no display to open a window on");
    WindowEvents events;  // declared before the window so it outlives every callback that reaches it
    const WindowPtr window = create_window(options);
    if (!window) return no_window("cannot create a window with OpenGL 3.3");
    keep_gl_driver_loaded_for_leak_checks();  // the context made the driver load; sanitizer builds only

    install_event_callbacks(window.get(), events);  // before the backend, so it chains to ours

    // ImGui keeps only a pointer to the ini file's name and writes the file as its context is destroyed:
    // the name must outlive the session (declared after it, closing the window read freed memory).
    const std::string ini_file = options.ini_file.string();
    ImGuiSession imgui;
    configure_io(options, ini_file);
    GlyphDemand glyphs;
    load_scaled_fonts(window_ui_scale(window.get(), options.ui_scale), false, callbacks, glyphs);
    if (!imgui.start_backends(window.get())) return no_window("cannot start ImGui's OpenGL 3 renderer");

    if (options.screenshot) return run_screenshot(window.get(), events, options, callbacks, glyphs);
    return run_interactive(window.get(), events, options, callbacks, glyphs);
}

}  // namespace infusion::platform
