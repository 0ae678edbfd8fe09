#pragma once
// Charge lines built from fuzz input, for the CSV and HL7 writer targets. Every field comes from the
// input; the choices lean towards values the writers accept (real codes, ISO times, an NDC) so the
// fuzzer spends its time on the text fields that need quoting and escaping, while anything else
// (broken UTF-8, bad codes, odd dates) is still reachable.
#include "export/charge.hpp"
#include "fuzz_input.hpp"

#include <array>
#include <string>

namespace infusion::fuzz {

// A value from `known`, or (the last choice) free text from the input.
template <std::size_t N>
std::string one_of(Input& input, const std::array<const char*, N>& known, std::size_t max_length = 16) {
    const std::size_t choice = input.pick(N + 1);
    return choice < N ? std::string(known[choice]) : input.text(max_length);
}

inline std::chrono::year_month_day some_date(Input& input) {
    const int year = 1900 + static_cast<int>(input.byte());
    const auto month = static_cast<unsigned>(input.pick(13));  // 0 and day 0 or 29-31 reach invalid dates
    const auto day = static_cast<unsigned>(input.pick(32));
    return std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

// The patient and visit a message shares; each line adds its own codes, times and text.
struct VisitPart {
    std::int64_t batch_id = 0;
    std::int64_t visit_id = 0;
    std::string patient_id;
    std::string patient_name;
    std::optional<std::chrono::year_month_day> birth_date;
};

inline VisitPart visit_part(Input& input) {
    VisitPart out;
    out.batch_id = static_cast<std::int64_t>(input.byte()) - 8;
    out.visit_id = static_cast<std::int64_t>(input.byte()) * 1000 + input.byte();
    out.patient_id = one_of(input, std::array{"MRN-004211", "-42", "=HYPERLINK(\"x\")"}, 32);
    out.patient_name = one_of(input, std::array{"Rivera, Ana", "Müller, Zoë \"Zo\"", "O'Neil|Smith^Jr, Pat"}, 48);
    if (input.flag()) out.birth_date = some_date(input);
    return out;
}

inline exporting::ChargeLine charge_line(Input& input, const VisitPart& visit, int line_number) {
    exporting::ChargeLine line;
    line.batch_id = visit.batch_id;
    line.visit_id = visit.visit_id;
    line.patient_id = visit.patient_id;
    line.patient_name = visit.patient_name;
    line.birth_date = visit.birth_date;
    line.revision = static_cast<int>(input.pick(3));
    line.line_number = line_number;
    line.transaction_id = "V" + std::to_string(visit.visit_id) + "-R" + std::to_string(line.revision) + "-L" +
                          std::to_string(line_number);
    if (input.pick(8) == 0) line.transaction_id = input.text(24);
    if (input.flag()) {
        line.kind = exporting::ChargeKind::reversal;
        line.reverses = line.transaction_id;
        line.transaction_id += "-CD";
        line.units = -1 - static_cast<int>(input.pick(24));
    } else {
        line.units = 1 + static_cast<int>(input.pick(24));
    }
    if (input.pick(16) == 0) line.units = -line.units;
    line.date_of_service = input.pick(4) == 0 ? some_date(input) : std::chrono::year{2026} / 3 / 2;
    if (input.flag()) line.visit_date_of_service = std::chrono::year{2026} / 3 / 2;
    line.setting = input.flag() ? "office" : "facility";
    line.place_of_service = one_of(input, std::array{"11", "22", ""});
    line.revenue_code = one_of(input, std::array{"", "0260", "0636"});
    line.code = one_of(input, std::array{"96369", "96370", "J1559", "J1561"});
    line.code_system = one_of(input, std::array{"C4", "HCPCS"});
    line.description = one_of(input, std::array{"SC infusion, first hour", "Immune globulin, 100 mg", ""}, 64);
    for (std::size_t i = input.pick(6); i > 0; --i)
        line.modifiers.push_back(one_of(input, std::array{"JZ", "59", "XS"}));
    for (std::size_t i = input.pick(7); i > 0; --i)
        line.diagnoses.push_back(one_of(input, std::array{"D80.1", "D83.9", "J47.9", "G61.81"}));
    line.clinician = one_of(input, std::array{"rn.okafor", "sup.nakamura", "+1 nurse"}, 32);
    if (input.pick(3) == 0) {
        line.ndc = one_of(input, std::array{"44206-0451-01", "0944-2850-03", "44206045101"});
        line.ndc_unit = one_of(input, std::array{"ML", "UN", "GR", "ME", "F2"}, 4);
        const double quantity = static_cast<double>(input.byte() * 256 + input.byte()) / 8.0;
        line.ndc_quantity = line.kind == exporting::ChargeKind::reversal ? -quantity : quantity;
    }
    line.infusion_start = one_of(input, std::array{"", "2026-03-02T09:10:00-05:00", "2026-03-02T23:59:59.5+14:00"}, 32);
    line.infusion_stop = one_of(input, std::array{"", "2026-03-02T10:25:00-05:00", "2026-03-03T00:01:00Z"}, 32);
    return line;
}

}  // namespace infusion::fuzz
