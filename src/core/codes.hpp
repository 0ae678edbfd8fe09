#pragma once
// Small, separately testable code-format helpers: NDC normalisation and ICD-10-CM shape.
#include <optional>
#include <string>
#include <string_view>

namespace infusion::core {

// NDC in 11-digit 5-4-2 form with dashes (coding-rules.md 7): 4-4-2, 5-3-2 and 5-4-1 labeller forms
// are padded with a leading zero in the short segment; 11 bare digits are split 5-4-2. A bare
// 10-digit NDC is ambiguous (which segment is short?) and is refused.
[[nodiscard]] std::optional<std::string> normalize_ndc(std::string_view text);

// ICD-10-CM code shape: a capital letter, a digit, a capital or digit, then optionally a dot and 1-4 capitals
// or digits ("D80.1", "E86.0", "Z79.899"). Shape only: the code table itself is not shipped.
[[nodiscard]] bool looks_like_icd10cm(std::string_view code);

}  // namespace infusion::core
