#pragma once
// Text from visit files and the database shown on a terminal: control characters (ESC, CR, BS, BEL,
// DEL, the C1 controls such as CSI) could move the cursor, recolour or rewrite what the reader sees.
// They are shown as visible escapes instead ("\x1b", "\r"); line breaks and tabs stay.
#include <string>
#include <string_view>

namespace infusion::core {

// True when `text` holds a control character: C0 (below 0x20), DEL, or C1 (U+0080..U+009F in UTF-8).
[[nodiscard]] bool has_control_character(std::string_view text);

// `text` with every control character except '\n' and '\t' written as "\xNN" (C1: "\u0080".."\u009f").
[[nodiscard]] std::string terminal_safe(std::string_view text);

}  // namespace infusion::core
