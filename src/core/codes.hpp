#pragma once
// Small, separately testable code-format helpers: NDC normalisation and ICD-10-CM shape.
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace infusion::core {

// NDC in 11-digit 5-4-2 form with dashes (coding-rules.md 7): 4-4-2, 5-3-2 and 5-4-1 labeller forms
// are padded with a leading zero in the short segment; 11 bare digits are split 5-4-2. A bare
// 10-digit NDC is ambiguous (which segment is short?) and is refused.
[[nodiscard]] std::optional<std::string> normalize_ndc(std::string_view text);

// ICD-10-CM code shape: a capital letter, a digit, a capital or digit, then optionally a dot and 1-4 capitals
// or digits ("D80.1", "E86.0", "Z79.899"). Shape only: the code table itself is not shipped.
[[nodiscard]] bool looks_like_icd10cm(std::string_view code);

// [ed. 2] ICD-10-CM as claims carry it, without its dot ("D801"), read as the dotted code ("D80.1"):
// 4 to 7 capitals or digits shaped like a code gain the dot after the third character. Any other text
// is returned unchanged (a malformed code stays an error for validate()).
[[nodiscard]] std::string dotted_icd10cm(std::string_view code);
// A diagnosis as typed, as it is stored: without blanks around it, its letters in capitals ("e11.9" is
// E11.9: ICD-10-CM has no lower case, and a claim carries capitals), then dotted as above.
[[nodiscard]] std::string stored_icd10cm(std::string_view typed);

// [ed. 2] A value of only blanks is missing (coding-rules.md 5): spaces, tabs and line breaks, and the
// Unicode blanks a paste brings along (no-break space U+00A0, ideographic space U+3000, zero-width
// space U+200B, byte-order mark U+FEFF, ...), which look like nothing on a claim either.
[[nodiscard]] bool is_blank(std::string_view text);
// The code point at the front of `text` (not empty) and its length in bytes; 0 bytes when it is not UTF-8.
[[nodiscard]] std::pair<char32_t, std::size_t> first_code_point(std::string_view text);
// `text` without the blanks of is_blank() at either end.
[[nodiscard]] std::string_view trim_blanks(std::string_view text);

}  // namespace infusion::core
