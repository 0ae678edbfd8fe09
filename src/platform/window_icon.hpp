#pragma once
// The window's icon (title bar, task switcher: X11 _NET_WM_ICON) from the application icon's PNGs, which
// the build renders from assets/icons/infusiondoc.svg and compiles in, so a program run from a build
// folder shows it too. Wayland has no per-window icon: there the desktop takes it from the launcher.
#include <cstddef>
#include <vector>

struct GLFWwindow;

namespace infusion::platform {

struct EmbeddedFile {
    const unsigned char* data;
    std::size_t size;
};

// The icon PNGs, generated at build time from the rendered icons (scripts/cmake/embed_files.cmake).
extern const EmbeddedFile window_icon_pngs[];
extern const std::size_t window_icon_pngs_count;

// A decoded icon image: RGBA, 8 bits a channel, rows top to bottom.
struct IconImage {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgba;
};

// The compiled-in icon PNGs, decoded; images that fail to decode are left out (never the case for the
// build's own files, which the platform tests check).
[[nodiscard]] std::vector<IconImage> window_icon_images();

// Sets them as the window's icon. Harmless where the platform has no window icons.
void set_window_icon(GLFWwindow* window);

}  // namespace infusion::platform
