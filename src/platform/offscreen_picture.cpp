#include "platform/offscreen_picture.hpp"

#define GL_GLEXT_PROTOTYPES  // framebuffer objects are OpenGL 3.0; libGL exports them (GLVND)
#include <GL/gl.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <iostream>

namespace infusion::platform {
namespace {

// Scissor boxes are PixelRects counted as OpenGL counts them, from the bottom left of the framebuffer.
PixelRect from_bottom(const PixelRect& rect, int framebuffer_height) {
    return {rect.x0, framebuffer_height - rect.y1, rect.x1, framebuffer_height - rect.y0};
}

void set_scissor(const PixelRect& box) { glScissor(box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0); }

// The scissor box ImGui's OpenGL 3 backend (1.86) sets for `clip` at a framebuffer scale of 1, computed
// the same way (truncating casts included): cutting must not move one pixel of what a whole frame draws.
PixelRect backend_scissor(const ImVec4& clip, ImVec2 origin, int framebuffer_height) {
    const ImVec2 min(clip.x - origin.x, clip.y - origin.y);
    const ImVec2 max(clip.z - origin.x, clip.w - origin.y);
    if (max.x <= min.x || max.y <= min.y) return {};
    const int x = static_cast<int>(min.x);
    const int y = static_cast<int>(static_cast<float>(framebuffer_height) - max.y);
    return {x, y, x + static_cast<int>(max.x - min.x), y + static_cast<int>(max.y - min.y)};
}

// The clip rectangle for which the backend sets exactly `box` (whole numbers are exact in float).
ImVec4 clip_for(const PixelRect& box, ImVec2 origin, int framebuffer_height) {
    if (box.empty()) return {origin.x, origin.y, origin.x, origin.y};  // draws nothing
    return {static_cast<float>(box.x0) + origin.x, static_cast<float>(framebuffer_height - box.y1) + origin.y,
            static_cast<float>(box.x1) + origin.x, static_cast<float>(framebuffer_height - box.y0) + origin.y};
}

// Keeps, at the start of `cmd`'s indices, only the triangles that can touch `clip` (a pixel of margin,
// as ChangedArea counts them); the others would be shaded and then scissored away, which under a software
// OpenGL costs per triangle. The backend then draws the shorter command.
void keep_triangles_touching(ImDrawList& list, ImDrawCmd& cmd, const ImVec4& clip) {
    ImDrawIdx* indices = list.IdxBuffer.Data + cmd.IdxOffset;
    const ImDrawVert* vertices = list.VtxBuffer.Data + cmd.VtxOffset;
    unsigned int kept = 0;
    for (unsigned int i = 0; i + 2 < cmd.ElemCount; i += 3) {
        const ImVec2& a = vertices[indices[i]].pos;
        const ImVec2& b = vertices[indices[i + 1]].pos;
        const ImVec2& c = vertices[indices[i + 2]].pos;
        const bool outside = std::max({a.x, b.x, c.x}) + 1.0F < clip.x || std::min({a.x, b.x, c.x}) - 1.0F > clip.z ||
                             std::max({a.y, b.y, c.y}) + 1.0F < clip.y || std::min({a.y, b.y, c.y}) - 1.0F > clip.w;
        if (outside) continue;
        if (kept != i) std::copy_n(indices + i, 3, indices + kept);
        kept += 3;
    }
    cmd.ElemCount = kept;
}

// Every draw command of `data` drawn only inside `area`: its scissor cut to it, its triangles outside it
// left out.
void cut_to(ImDrawData& data, const PixelRect& area, int framebuffer_height) {
    for (int i = 0; i < data.CmdListsCount; ++i) {
        ImDrawList& list = *data.CmdLists[i];
        for (ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback != nullptr) continue;
            const PixelRect cut = intersect(backend_scissor(cmd.ClipRect, data.DisplayPos, framebuffer_height), area);
            cmd.ClipRect = clip_for(cut, data.DisplayPos, framebuffer_height);
            if (!cut.empty()) keep_triangles_touching(list, cmd, cmd.ClipRect);
        }
    }
}

bool whole_pixels(ImVec2 value) { return value.x == std::floor(value.x) && value.y == std::floor(value.y); }

void clear(ImVec4 background) {
    glClearColor(background.x, background.y, background.z, 1.0F);
    glClear(GL_COLOR_BUFFER_BIT);
}

}  // namespace

OffscreenPicture::~OffscreenPicture() { release(); }

void OffscreenPicture::release() {
    if (m_framebuffer != 0) glDeleteFramebuffers(1, &m_framebuffer);
    if (m_texture != 0) glDeleteTextures(1, &m_texture);
    m_framebuffer = 0;
    m_texture = 0;
    m_width = 0;
    m_height = 0;
}

bool OffscreenPicture::ensure_size(int width, int height) {
    if (m_unavailable) return false;
    if (m_framebuffer != 0 && width == m_width && height == m_height) return true;
    release();
    GLint last_texture = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last_texture);
    glGenTextures(1, &m_texture);
    glBindTexture(GL_TEXTURE_2D, m_texture);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last_texture));
    glGenFramebuffers(1, &m_framebuffer);
    glBindFramebuffer(GL_FRAMEBUFFER, m_framebuffer);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_texture, 0);
    const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (status != GL_FRAMEBUFFER_COMPLETE || glGetError() != GL_NO_ERROR) {
        std::cerr << "infusiondoc: no offscreen framebuffer (OpenGL status " << status
                  << "); every frame is drawn whole\n";
        release();
        m_unavailable = true;
        return false;
    }
    m_width = width;
    m_height = height;
    return true;
}

PixelRect OffscreenPicture::draw(ImDrawData& data, PixelRect changed, ImVec4 background) {
    // The framebuffer's size as ImGui's backend computes it (its scissors count from its bottom).
    const int width = static_cast<int>(data.DisplaySize.x * data.FramebufferScale.x);
    const int height = static_cast<int>(data.DisplaySize.y * data.FramebufferScale.y);
    if (width <= 0 || height <= 0) return {};  // minimised: nothing to draw
    glViewport(0, 0, width, height);
    const bool scale_one = data.FramebufferScale.x == 1.0F && data.FramebufferScale.y == 1.0F;
    const bool new_size = m_framebuffer == 0 || width != m_width || height != m_height;
    if (!scale_one || !whole_pixels(data.DisplayPos) || !ensure_size(width, height)) {
        clear(background);  // whole, straight into the back buffer
        ImGui_ImplOpenGL3_RenderDrawData(&data);
        return PixelRect{0, 0, width, height};
    }
    glBindFramebuffer(GL_FRAMEBUFFER, m_framebuffer);
    const PixelRect whole{0, 0, width, height};
    if (new_size || changed.area() >= whole.area()) {
        changed = whole;
        clear(background);
    } else {
        const PixelRect area = from_bottom(changed, height);
        glEnable(GL_SCISSOR_TEST);
        set_scissor(area);
        clear(background);
        glDisable(GL_SCISSOR_TEST);
        cut_to(data, area, height);
    }
    ImGui_ImplOpenGL3_RenderDrawData(&data);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_framebuffer);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return changed;
}

}  // namespace infusion::platform
