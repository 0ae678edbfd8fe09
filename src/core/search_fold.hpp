#pragma once
// Names as a search compares them: a nurse types "Novak" for "Novák" and "Nguyen" for "Nguyễn" (found from
// outside: patient search found nothing, and a second record of the patient was the next step).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace infusion::core {

// `text` with ASCII letters in lower case and each accented Latin letter (Latin-1, Latin Extended-A and -B,
// Latin Extended Additional: Vietnamese among them) as its base letter in lower case: "Nguyễn, Lê Ánh" is
// "nguyen, le anh". Every other character (other scripts, ligatures such as "æ" and "ß") is kept as it is.
[[nodiscard]] std::string search_fold(std::string_view text);

// Each accented letter search_fold() maps, with the lower-case ASCII letter it becomes: what a database's own
// function (PostgreSQL's translate()) needs to fold a column as search_fold() does, before a comparison that
// ignores case (ILIKE).
[[nodiscard]] const std::vector<std::pair<std::string, char>>& accented_letters();

}  // namespace infusion::core
