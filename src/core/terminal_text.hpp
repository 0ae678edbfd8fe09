#pragma once
// Text from visit files and the database shown on a terminal: control characters (ESC, CR, BS, BEL,
// DEL, the C1 controls such as CSI) could move the cursor, recolour or rewrite what the reader sees.
// They are shown as visible escapes instead ("\x1b", "\r"); line breaks and tabs stay.
#include <optional>
#include <string>
#include <string_view>

namespace infusion::core {

// True when `text` holds a control character: C0 (below 0x20), DEL, or C1 (U+0080..U+009F in UTF-8).
[[nodiscard]] bool has_control_character(std::string_view text);

// The first character of `text` that an identifier must not hold although it is no control character:
// one that shows as nothing (a zero-width space, a soft hyphen, a direction mark, a byte-order mark) or
// that passes for an ASCII one (full-width "ＭＲＮ"). "MRN-555\u200b002" printed as "MRN-555002" but was
// another patient, and went into the claim (found from outside). Empty when there is none. Only for ids:
// a name may need a zero-width non-joiner (Persian) and any script.
[[nodiscard]] std::optional<char32_t> invisible_or_lookalike(std::string_view text);
// The first character of `text` a person's name never needs: a direction override (U+202D, U+202E), which
// shows what follows reversed ("\u202eanA ,areviR" reads "Rivera, Ana" on screen and is another string on the
// claim), any other direction control or mark (U+061C, U+200E, U+200F, U+202A..U+202C, U+2066..U+2069), one
// that shows as nothing (U+00AD, U+034F, U+200B, U+2060..U+206F, U+3164, U+FEFF ...) or a line or paragraph
// separator. Names of every script need none: the bidirectional algorithm orders them, and the joiners some
// scripts need (U+200C, U+200D) and full-width letters are not among these. Empty when there is none.
[[nodiscard]] std::optional<char32_t> not_in_a_name(std::string_view text);
// "U+200B" for a character.
[[nodiscard]] std::string code_point_name(char32_t c);

// `text` with every control character except '\n' and '\t' written as "\xNN" (DEL and C1: "\u007f",
// "\u0080".."\u009f", which a JSON reader reads back too), and the characters that break or reorder a line
// (U+2028, U+2029, U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C) and the byte-order mark U+FEFF as
// "\u2028" and so on.
[[nodiscard]] std::string terminal_safe(std::string_view text);

// A one-line value of a text report (an id, a name, a reason, a problem's message) with each line break
// written "\n": a value that held one could otherwise begin a line of its own and pass for the report's
// ("billable", "Billing (rules 2): ready").
[[nodiscard]] std::string one_line(std::string_view text);
// A file name or other one-line value given on the command line, as a terminal shows it: terminal_safe and
// one_line both (ESC or a line break in --out went raw into `export batches`, found from outside).
[[nodiscard]] std::string terminal_line(std::string_view text);
// A value of several lines (a note) with every line after its first begun by `indent`, so each stays
// under its own heading and none passes for a heading of the report.
[[nodiscard]] std::string continued(std::string_view text, std::string_view indent);

// `text` as one column of an aligned table: at most `width` - 1 characters (UTF-8 code points, never half
// of one: a name cut by bytes could end in a broken character), then spaces up to `width` characters.
// Characters, not bytes, so "Wiśniewski" lines up with "Tanaka"; wide (East Asian) and combining
// characters still count as one.
[[nodiscard]] std::string fit_column(std::string_view text, std::size_t width);
// `text` whole (an id is never cut), then spaces up to `width` characters, at least one.
[[nodiscard]] std::string pad_column(std::string_view text, std::size_t width);

}  // namespace infusion::core
