#include "export/hl7_writer.hpp"

#include "export/charge_fields.hpp"
#include "export/export_error.hpp"
#include "export/hl7_encoding.hpp"

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

namespace infusion::exporting {
namespace {

using hl7::escape;

// HL7 table 0396 coding systems: I10 for ICD-10 diagnoses, NDC for National Drug Codes.
constexpr std::string_view icd10_system = "I10";
constexpr std::string_view ndc_system = "NDC";
constexpr std::size_t max_control_id = 20;  // MSH-10 is ST(20) in v2.5.1

// CE: identifier ^ text ^ name of coding system.
std::string coded(std::string_view code, std::string_view text, std::string_view system) {
    return escape(code) + "^" + escape(text) + "^" + escape(system);
}

// A repeating field: each value formatted, joined with the repetition separator.
template <typename Format>
std::string repeated(const std::vector<std::string>& values, Format format) {
    std::string out;
    for (const auto& value : values) {
        if (!out.empty()) out += '~';
        out += format(value);
    }
    return out;
}

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(' ');
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

// XPN from our "Family, Given": family ^ given. Without a comma the whole name is the family name;
// middle names stay in the given name, as we cannot tell them from a double given name.
std::string person_name(std::string_view name) {
    const auto comma = name.find(',');
    if (comma == std::string_view::npos) return escape(trimmed(name));
    return escape(trimmed(name.substr(0, comma))) + "^" + escape(trimmed(name.substr(comma + 1)));
}

// FT1-4 (DR): the infusion's start ^ stop with their UTC offsets; a side not documented is the date
// of service, so the range is never open-ended. [ed. 2] A line dated on another day than the visit
// (a facility infusion past midnight) carries its own date as both ends: date ^ date.
std::string transaction_date(const ChargeLine& line) {
    if (line.visit_date_of_service && *line.visit_date_of_service != line.date_of_service) {
        return hl7::date(line.date_of_service) + "^" + hl7::date(line.date_of_service);
    }
    const auto side = [&line](const std::string& iso) {
        return iso.empty() ? hl7::date(line.date_of_service) : hl7::timestamp(*core::parse_iso(iso));
    };
    return side(line.infusion_start) + "^" + side(line.infusion_stop);
}

// Every line of a message shares the header's batch, one visit and one patient, because MSH, PID and
// PV1 are written once; a mix would post charges to the wrong account.
void check_visit(const BatchHeader& header, const VisitCharges& visit) {
    if (visit.lines.empty()) throw ExportError("a visit without charge lines (DFT^P03 needs an FT1)");
    const ChargeLine& first = visit.lines.front();
    for (const auto& line : visit.lines) {
        check_line(line);
        if (line.batch_id != header.batch_id) throw ExportError(line.transaction_id + ": not of this batch");
        if (line.visit_id != first.visit_id) throw ExportError(line.transaction_id + ": of another visit");
        if (line.patient_id != first.patient_id || line.patient_name != first.patient_name ||
            line.birth_date != first.birth_date)
            throw ExportError(line.transaction_id + ": of another patient than the visit's first line");
    }
    if (!is_valid_utf8(header.sending_facility) || !is_valid_utf8(header.created_by))
        throw ExportError("batch header text that is not UTF-8");
}

// The visit's diagnoses in claim order: each charge's list, first appearance wins. A message with charges
// takes them from its charges only: the reversals come first and carry the diagnoses they were sent with,
// so an amended visit's DG1 named a diagnosis the amendment removed, first, as the primary (found from
// outside). A message of reversals alone names theirs.
std::vector<std::string> visit_diagnoses(const VisitCharges& visit) {
    const bool any_charge = std::any_of(visit.lines.begin(), visit.lines.end(),
                                        [](const ChargeLine& line) { return line.kind == ChargeKind::charge; });
    std::vector<std::string> out;
    for (const auto& line : visit.lines) {
        if (visit.diagnoses_of_charges && any_charge && line.kind != ChargeKind::charge) continue;
        for (const auto& code : line.diagnoses)
            if (std::find(out.begin(), out.end(), code) == out.end()) out.push_back(code);
    }
    return out;
}

std::string header_segments(const BatchHeader& header, const ChargeLine& first, const std::string& created) {
    const std::string control_id = "B" + integer_text(header.batch_id) + "V" + integer_text(first.visit_id);
    if (control_id.size() > max_control_id) throw ExportError("message control id " + control_id + " is too long");
    std::string out = hl7::Segment("MSH")
                          .set(2, "^~\\&")
                          .set(3, escape(header.sending_application))
                          .set(4, escape(header.sending_facility))
                          .set(5, escape(header.receiving_application))
                          .set(7, created)
                          .set(9, "DFT^P03^DFT_P03")
                          .set(10, control_id)
                          .set(11, "P")
                          .set(12, "2.5.1")          // pinned: in v2.1 FT1-10 and FT1-11 are swapped
                          .set(18, "UNICODE UTF-8")  // names are written as UTF-8, not escaped
                          .text();
    out += hl7::Segment("EVN").set(1, "P03").set(2, created).set(5, escape(header.created_by)).text();
    out += hl7::Segment("PID")
               .set(1, "1")
               .set(3, escape(first.patient_id) + "^^^" + escape(header.sending_facility) + "^MR")
               .set(5, person_name(first.patient_name))
               .set(7, first.birth_date ? hl7::date(*first.birth_date) : std::string())
               .text();
    out += hl7::Segment("PV1")
               .set(1, "1")
               .set(2, "O")  // outpatient (table 0004)
               .set(3, escape(first.place_of_service))
               .set(7, escape(first.clinician))
               .set(19, integer_text(first.visit_id))
               .text();
    return out;
}

std::string ft1_segment(const BatchHeader& header, const ChargeLine& line, int set_id, const std::string& posted) {
    const std::string ndc = ndc_digits(line.ndc);
    // FT1-23 (filler order number, EI) names the charge a line belongs to: a charge its own id, a
    // reversal the id it reverses. FT1-2 stays each line's own id; v2.5.1 has no "reverses" field.
    const std::string& original = line.kind == ChargeKind::reversal ? line.reverses : line.transaction_id;
    return hl7::Segment("FT1")
        .set(1, integer_text(set_id))
        .set(2, escape(line.transaction_id))
        .set(3, integer_text(header.batch_id))
        .set(4, transaction_date(line))
        .set(5, posted)
        .set(6, std::string(transaction_type(line)))
        // No chargemaster yet: the transaction code is the CPT/HCPCS code (billing-formats.md section 2).
        .set(7, coded(line.code, line.description, line.code_system))
        .set(10, integer_text(line.units))
        .set(19, repeated(line.diagnoses, [](const std::string& code) { return coded(code, "", icd10_system); }))
        .set(20, escape(line.clinician))
        .set(23, escape(original) + "^" + escape(header.sending_application))
        .set(25, coded(line.code, line.description, line.code_system))
        .set(26, repeated(line.modifiers, [](const std::string& modifier) { return escape(modifier); }))
        .set(29, ndc.empty() ? std::string() : ndc + "^^" + std::string(ndc_system))
        .text();
}

std::string dg1_segment(const std::string& code, int set_id) {
    return hl7::Segment("DG1")
        .set(1, integer_text(set_id))
        .set(3, coded(code, "", icd10_system))
        .set(6, "F")                    // final (table 0052)
        .set(15, integer_text(set_id))  // priority: 1 the primary diagnosis, then claim order
        .text();
}

std::string message(const BatchHeader& header, const VisitCharges& visit) {
    check_visit(header, visit);
    const std::string created = hl7::utc_timestamp(header.created_at, "batch created_at");
    std::string out = header_segments(header, visit.lines.front(), created);
    int set_id = 0;
    for (const auto& line : visit.lines) out += ft1_segment(header, line, ++set_id, created);
    set_id = 0;
    for (const auto& code : visit_diagnoses(visit)) out += dg1_segment(code, ++set_id);
    return out;
}

}  // namespace

void write_hl7_message(std::ostream& out, const BatchHeader& header, const VisitCharges& visit, int message_number) {
    const std::string where =
        "HL7 message " + integer_text(message_number) +
        (visit.lines.empty() ? "" : " (visit " + integer_text(visit.lines.front().visit_id) + ")");
    std::string text;
    try {
        if (message_number < 1) throw ExportError("message numbers start at 1");
        text = message(header, visit);  // built whole first, so a bad line writes nothing
    } catch (const ExportError& error) {
        throw ExportError(where + ": " + error.what());
    }
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    ensure_written(out, where);
}

}  // namespace infusion::exporting
