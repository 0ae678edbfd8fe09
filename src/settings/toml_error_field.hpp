#pragma once
// Names the field a TOML syntax error stands in.
//
// toml++ says what is wrong and where ("Error while parsing time: expected minute between 0 and 59",
// line 26, column 24) but not in which field, and a nurse fixing a visit file by hand, or a clinic's IT
// person fixing clinic.toml, looks for "pump_setups[0].stop". The table the error line belongs to is
// found by parsing the text before that line again (it parsed once already, up to there); the key is
// what stands before '=' on the error line. When that cannot be told (the error is inside a value that
// spans lines, or on a line with no key), the answer is empty and the message stays toml++'s alone.
#include <cstddef>
#include <string>
#include <string_view>

namespace infusion::settings {

// The field path of the key on line `line` (1-based) of `text`, in the form the readers use
// ("patient.birth_date", "pump_setups[1].sites[0].location"); a table header line gives the table's
// own name. An error at `column` (1-based, 0: unknown) inside an inline table or an array written on
// that line is named down to its own key or element ("patient.birth_date" in "patient = {...}").
// Empty when unknown.
std::string field_of_syntax_error(std::string_view text, std::size_t line, std::size_t column = 0);

}  // namespace infusion::settings
