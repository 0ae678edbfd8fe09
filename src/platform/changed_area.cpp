#include "platform/changed_area.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
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
T read(const unsigned char* at) {
    T value{};
    std::memcpy(&value, at, sizeof(T));
    return value;
}

template <typename T>
void append_buffer(std::vector<unsigned char>& out, const ImVector<T>& buffer) {
    append(out, buffer.Size);
    if (buffer.Size == 0) return;
    const auto* bytes = reinterpret_cast<const unsigned char*>(buffer.Data);  // NOLINT: vertices are plain data
    out.insert(out.end(), bytes, bytes + buffer.size_in_bytes());
}

// Where the picture goes: the display's position, size and scale, the first bytes of the draw data's copy.
constexpr std::size_t placing_bytes = sizeof(ImVec2) * 3;

bool same_place(const std::vector<unsigned char>& a, const std::vector<unsigned char>& b) {
    return a.size() >= placing_bytes && b.size() >= placing_bytes &&
           std::memcmp(a.data(), b.data(), placing_bytes) == 0;
}

// One triangle as it is drawn: its texture, its clip rectangle, its three vertices. Each field is
// appended on its own, so there are no padding bytes; ImDrawVert (pos, uv, col) has none either.
static_assert(sizeof(ImDrawVert) == sizeof(ImVec2) * 2 + sizeof(ImU32), "ImDrawVert has padding");
constexpr std::size_t texture_bytes = sizeof(std::uint64_t);
constexpr std::size_t clip_bytes = sizeof(ImVec4);
constexpr std::size_t record_bytes = texture_bytes + clip_bytes + 3 * sizeof(ImDrawVert);

// Writes the triangles of `cmd` at `out` (room for them made by the caller); returns the end.
unsigned char* write_triangles(unsigned char* out, const ImDrawList& list, const ImDrawCmd& cmd) {
    const auto texture = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(cmd.TextureId));
    const ImDrawIdx* index = list.IdxBuffer.Data + cmd.IdxOffset;
    const ImDrawVert* vertices = list.VtxBuffer.Data + cmd.VtxOffset;
    for (unsigned int i = 0; i + 2 < cmd.ElemCount; i += 3) {
        std::memcpy(out, &texture, texture_bytes);
        std::memcpy(out + texture_bytes, &cmd.ClipRect, clip_bytes);
        out += texture_bytes + clip_bytes;
        for (unsigned int corner = 0; corner < 3; ++corner, out += sizeof(ImDrawVert))
            std::memcpy(out, vertices + index[i + corner], sizeof(ImDrawVert));
    }
    return out;
}

// The pixels a triangle record can touch, cut to its clip rectangle, from the display's top left. A
// pixel of margin on each side: rasterisers differ in which pixel an edge on a boundary belongs to.
PixelRect pixels_of(const unsigned char* record, ImVec2 origin) {
    const auto clip = read<ImVec4>(record + texture_bytes);
    float min_x = clip.z;
    float min_y = clip.w;
    float max_x = clip.x;
    float max_y = clip.y;
    for (std::size_t corner = 0; corner < 3; ++corner) {
        const auto vertex = read<ImDrawVert>(record + texture_bytes + clip_bytes + corner * sizeof(ImDrawVert));
        min_x = std::min(min_x, vertex.pos.x);
        min_y = std::min(min_y, vertex.pos.y);
        max_x = std::max(max_x, vertex.pos.x);
        max_y = std::max(max_y, vertex.pos.y);
    }
    min_x = std::max(min_x, clip.x);
    min_y = std::max(min_y, clip.y);
    max_x = std::min(max_x, clip.z);
    max_y = std::min(max_y, clip.w);
    if (!(min_x < max_x && min_y < max_y)) return {};  // clipped away (or NaN): draws nothing
    return {static_cast<int>(std::floor(min_x - origin.x)) - 1, static_cast<int>(std::floor(min_y - origin.y)) - 1,
            static_cast<int>(std::ceil(max_x - origin.x)) + 1, static_cast<int>(std::ceil(max_y - origin.y)) + 1};
}

PixelRect unite(const PixelRect& a, const PixelRect& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

// The area of records [first, last) of `triangles`.
PixelRect pixels_of(const std::vector<unsigned char>& triangles, std::size_t first, std::size_t last, ImVec2 origin) {
    PixelRect area;
    for (std::size_t i = first; i < last; ++i)
        area = unite(area, pixels_of(triangles.data() + i * record_bytes, origin));
    return area;
}

// The triangles of `list`, as records, into `out`.
void records_of(const ImDrawList& list, std::vector<unsigned char>& out) {
    std::size_t triangles = 0;
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
        if (cmd.UserCallback == nullptr) triangles += cmd.ElemCount / 3;
    }
    out.resize(triangles * record_bytes);  // written in place: a screenful of text is a few hundred kilobytes
    unsigned char* at = out.data();
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
        if (cmd.UserCallback == nullptr) at = write_triangles(at, list, cmd);
    }
}

// Where the triangle sequences `before` and `after` differ: the rectangle around the triangles between
// their shared beginning and their shared end (in either), empty when they are the same.
PixelRect changed_between(const std::vector<unsigned char>& before, const std::vector<unsigned char>& after,
                          ImVec2 origin) {
    const std::size_t before_count = before.size() / record_bytes;
    const std::size_t after_count = after.size() / record_bytes;
    const std::size_t shorter = std::min(before_count, after_count);
    const auto first_difference = std::mismatch(
        before.begin(), before.begin() + static_cast<std::ptrdiff_t>(shorter * record_bytes), after.begin());
    const std::size_t same_start = static_cast<std::size_t>(first_difference.first - before.begin()) / record_bytes;
    if (same_start == before_count && same_start == after_count) return {};
    // The shared end, in whole triangles, not reaching into the shared beginning.
    const std::size_t end_room = (shorter - same_start) * record_bytes;
    const auto last_difference =
        std::mismatch(before.rbegin(), before.rbegin() + static_cast<std::ptrdiff_t>(end_room), after.rbegin());
    const std::size_t same_end = static_cast<std::size_t>(last_difference.first - before.rbegin()) / record_bytes;
    return unite(pixels_of(before, same_start, before_count - same_end, origin),
                 pixels_of(after, same_start, after_count - same_end, origin));
}

// The whole display of `data`, in display pixels.
PixelRect whole_display(const ImDrawData& data) {
    return {0, 0, static_cast<int>(std::ceil(data.DisplaySize.x)), static_cast<int>(std::ceil(data.DisplaySize.y))};
}

}  // namespace

PixelRect intersect(const PixelRect& a, const PixelRect& b) {
    const PixelRect cut{std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
    return cut.empty() ? PixelRect{} : cut;
}

std::optional<PixelRect> ChangedArea::since_last(const ImDrawData& data) {
    // First the draw data as it is (a copy of its buffers, cheap): most frames after an input hold the
    // same picture, and then nothing more is needed.
    m_now_frame.clear();
    m_now_lists.clear();
    bool has_callback = false;
    append(m_now_frame, data.DisplayPos);
    append(m_now_frame, data.DisplaySize);
    append(m_now_frame, data.FramebufferScale);
    append(m_now_frame, data.CmdListsCount);
    for (int i = 0; i < data.CmdListsCount; ++i) {
        const ImDrawList& list = *data.CmdLists[i];
        const std::size_t begins = m_now_frame.size();
        append_buffer(m_now_frame, list.VtxBuffer);
        append_buffer(m_now_frame, list.IdxBuffer);
        append(m_now_frame, list.CmdBuffer.Size);
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            append(m_now_frame, cmd.ClipRect);
            append(m_now_frame, cmd.TextureId);
            append(m_now_frame, cmd.VtxOffset);
            append(m_now_frame, cmd.IdxOffset);
            append(m_now_frame, cmd.ElemCount);
            has_callback = has_callback || cmd.UserCallback != nullptr;
        }
        m_now_lists.emplace_back(begins, m_now_frame.size() - begins);
    }
    const bool same_placing = m_last_valid && !has_callback && same_place(m_now_frame, m_last_frame);
    if (same_placing && m_now_frame == m_last_frame) return std::nullopt;  // the records still describe it
    const bool comparable = same_placing && m_now_lists.size() == m_last_lists.size();

    // The picture changed. Each draw list (a window, a child window, a popup) is compared with the last
    // picture's list at the same place in the drawing order; only a list whose copy differs is read as
    // triangles, so a button lit beside a long table costs what the button's window holds. Every pixel
    // outside the changed triangles of every list is drawn by the same triangles in the same order.
    const PixelRect display = whole_display(data);
    PixelRect changed = display;
    if (!comparable) {
        m_records.resize(static_cast<std::size_t>(data.CmdListsCount));
        for (int i = 0; i < data.CmdListsCount; ++i)
            records_of(*data.CmdLists[i], m_records[static_cast<std::size_t>(i)]);
    } else {
        changed = {};
        for (std::size_t i = 0; i < m_now_lists.size(); ++i) {
            const auto [now_at, now_size] = m_now_lists[i];
            const auto [last_at, last_size] = m_last_lists[i];
            if (now_size == last_size &&
                std::memcmp(m_now_frame.data() + now_at, m_last_frame.data() + last_at, now_size) == 0)
                continue;
            records_of(*data.CmdLists[static_cast<int>(i)], m_scratch);
            changed = unite(changed, changed_between(m_records[i], m_scratch, data.DisplayPos));
            m_records[i].swap(m_scratch);
        }
    }
    m_last_frame.swap(m_now_frame);
    m_last_lists.swap(m_now_lists);
    m_last_valid = !has_callback;
    if (!comparable) return display;
    // Triangles that differ but draw no pixel (clipped away) change nothing on screen.
    const PixelRect on_screen = intersect(changed, display);
    if (on_screen.empty()) return std::nullopt;
    return on_screen;
}

}  // namespace infusion::platform
