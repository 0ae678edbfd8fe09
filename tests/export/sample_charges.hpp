#pragma once
// Charge lines for the export tests and the export_sample program: ordinary charges, a reversal with its
// corrected charge, and hostile text (formula starters, HL7 separators, quotes, newlines, non-ASCII).
// tests/export/check_exports.py asserts the same values independently; change both together.
#include "export/charge.hpp"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace exporttest {

using infusion::exporting::BatchHeader;
using infusion::exporting::ChargeKind;
using infusion::exporting::ChargeLine;
using infusion::exporting::VisitCharges;
using namespace std::chrono_literals;

inline BatchHeader sample_header() {
    BatchHeader header;
    header.batch_id = 7;
    header.created_at = "2026-03-03T15:04:05Z";
    header.created_by = "biller1";
    header.sending_facility = "Sunrise Infusion & Allergy";
    return header;
}

// 96369 x1 for visit 12 (Doe, Jane), 2026-03-02 09:10-10:25 New York time.
inline ChargeLine administration_line() {
    ChargeLine line;
    line.batch_id = 7;
    line.visit_id = 12;
    line.line_number = 1;
    line.transaction_id = "V12-R0-L1";
    line.patient_id = "P-1001";
    line.patient_name = "Doe, Jane";
    line.birth_date = 1980y / 4 / 9;
    line.date_of_service = 2026y / 3 / 2;
    line.place_of_service = "11";
    line.setting = "office";
    line.code = "96369";
    line.code_system = "C4";
    line.description = "SC infusion, initial, up to 1 hour";
    line.units = 1;
    line.diagnoses = {"D80.1", "D83.9"};
    line.clinician = "rn.smith";
    line.infusion_start = "2026-03-02T09:10:00-05:00";
    line.infusion_stop = "2026-03-02T10:25:00-05:00";
    return line;
}

// J1559 x80 JZ, Hizentra 8 g = 40 mL, on the same visit.
inline ChargeLine drug_line() {
    ChargeLine line = administration_line();
    line.line_number = 2;
    line.transaction_id = "V12-R0-L2";
    line.code = "J1559";
    line.code_system = "HCPCS";
    line.description = "Hizentra, per 100 mg";
    line.units = 80;
    line.modifiers = {"JZ"};
    line.ndc = "44206-0451-01";
    line.ndc_unit = "ML";
    line.ndc_quantity = 40.0;
    return line;
}

// The reversal of `charge` (CD, units and quantity negated) as app/ makes it for an amendment: it keeps
// the revision and line of the charge it cancels, as its id "V<visit>-R<revision>-L<line>-CD" says.
inline ChargeLine reversal_of(const ChargeLine& charge) {
    ChargeLine line = charge;
    line.kind = ChargeKind::reversal;
    line.transaction_id = charge.transaction_id + "-CD";
    line.reverses = charge.transaction_id;
    line.units = -charge.units;
    if (charge.ndc_quantity) line.ndc_quantity = -*charge.ndc_quantity;
    return line;
}

// Visit 13, amended: the drug line reversed and charged again at 85 units (42.5 mL); a patient name
// with quotes and non-ASCII letters.
inline VisitCharges amended_visit() {
    ChargeLine original = drug_line();
    original.visit_id = 13;
    original.transaction_id = "V13-R0-L2";
    original.patient_id = "P-1002";
    original.patient_name = "Müller-Ström, Zoë \"Zo\"";
    original.birth_date = 1975y / 12 / 31;
    ChargeLine corrected = original;
    corrected.revision = 1;
    corrected.transaction_id = "V13-R1-L2";
    corrected.units = 85;
    corrected.ndc_quantity = 42.5;
    corrected.modifiers = {"JZ", "59", "XS"};
    return {{reversal_of(original), corrected}};
}

// Visit 14: text an attacker or a slip of the keyboard could put in a cell, five diagnoses, no times.
inline ChargeLine hostile_line() {
    ChargeLine line = administration_line();
    line.visit_id = 14;
    line.transaction_id = "V14-R0-L1";
    line.patient_id = "@P-1003";
    line.patient_name = "=HYPERLINK(\"http://evil.example/?a=1,b=2\",\"Click\"), Eve";
    line.birth_date.reset();
    line.clinician = "+dr.who";
    line.description = "-2 hours\r\nsecond line, with comma";
    line.diagnoses = {"D80.1", "D83.9", "E86.0", "Z79.899", "R50.9"};
    line.infusion_start.clear();
    line.infusion_stop.clear();
    line.code = "J1559";
    line.code_system = "HCPCS";
    line.units = 1;
    line.modifiers = {"JW"};
    line.ndc = "44206-451-01";  // 5-3-2: padded to 5-4-2
    line.ndc_unit = "ML";
    line.ndc_quantity = 0.5;
    return line;
}

// Visit 15: every HL7 separator and the escape character in the name, and a tab-led given name.
inline ChargeLine separator_line() {
    ChargeLine line = administration_line();
    line.visit_id = 15;
    line.transaction_id = "V15-R0-L1";
    line.patient_id = "P-1004";
    line.patient_name = "Pipe|Caret^Tilde~Amp&Back\\slash, \tTabbed";
    line.description = "line one\nline two";
    return line;
}

inline std::vector<VisitCharges> sample_visits() {
    std::vector<VisitCharges> visits;
    visits.push_back({{administration_line(), drug_line()}});
    visits.push_back(amended_visit());
    visits.push_back({{hostile_line()}});
    visits.push_back({{separator_line()}});
    return visits;
}

}  // namespace exporttest
