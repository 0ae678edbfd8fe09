#include "platform/unchanged_picture.hpp"

#include <cstring>
#include <type_traits>

namespace infusion::platform {
namespace {

template <typename T>
void append(std::vector<unsigned char>& out, const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* bytes = reinterpret_cast<const unsigned char*>(&value);  // NOLINT: bytes of a trivial value
    out.insert(out.end(), bytes, bytes + sizeof(T));
}

template <typename T>
void append_buffer(std::vector<unsigned char>& out, const ImVector<T>& buffer) {
    append(out, buffer.Size);
    if (buffer.Size == 0) return;
    const auto* bytes = reinterpret_cast<const unsigned char*>(buffer.Data);  // NOLINT: vertices are plain data
    out.insert(out.end(), bytes, bytes + buffer.size_in_bytes());
}

// Every field that decides a pixel: where the picture goes, then per draw list its vertices, indices
// and commands (clip rectangle, texture, which indices). Padding bytes are never copied: each field is
// appended on its own, and ImDrawVert (pos, uv, col) has none.
static_assert(sizeof(ImDrawVert) == sizeof(ImVec2) * 2 + sizeof(ImU32), "ImDrawVert has padding");

}  // namespace

bool UnchangedPicture::same_as_last(const ImDrawData& data) {
    m_now.clear();
    bool has_callback = false;
    append(m_now, data.DisplayPos);
    append(m_now, data.DisplaySize);
    append(m_now, data.FramebufferScale);
    append(m_now, data.CmdListsCount);
    for (int i = 0; i < data.CmdListsCount; ++i) {
        const ImDrawList& list = *data.CmdLists[i];
        append_buffer(m_now, list.VtxBuffer);
        append_buffer(m_now, list.IdxBuffer);
        append(m_now, list.CmdBuffer.Size);
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            append(m_now, cmd.ClipRect);
            append(m_now, cmd.TextureId);
            append(m_now, cmd.VtxOffset);
            append(m_now, cmd.IdxOffset);
            append(m_now, cmd.ElemCount);
            has_callback = has_callback || cmd.UserCallback != nullptr;
        }
    }
    const bool same = !has_callback && !m_last.empty() && m_now.size() == m_last.size() &&
                      std::memcmp(m_now.data(), m_last.data(), m_now.size()) == 0;
    m_last.swap(m_now);
    if (has_callback) m_last.clear();
    return same;
}

}  // namespace infusion::platform
