#include "export/csv_writer.hpp"

#include "core/wall_time.hpp"
#include "export/charge_fields.hpp"
#include "export/export_error.hpp"

#include <ostream>
#include <string>

namespace infusion::exporting {
namespace {

// Free-text cells are guarded against spreadsheet formula injection (CWE-1236, OWASP "CSV Injection"):
// a leading apostrophe makes Excel and LibreOffice show the text instead of evaluating it. Code and
// number columns are checked to hold no such character (check_line), so they stay exact: a reversal's
// units stay "-1".
std::string guarded(std::string_view text) {
    if (text.empty()) return {};
    switch (text.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r': return "'" + std::string(text);
        default: return std::string(text);
    }
}

// RFC 4180 section 2: a field with a comma, quote, CR or LF is quoted and its quotes doubled.
void append_field(std::string& row, std::string_view value) {
    if (!row.empty()) row += ',';
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
        row += value;
        return;
    }
    row += '"';
    for (const char c : value) {
        if (c == '"') row += '"';
        row += c;
    }
    row += '"';
}

std::string nth(const std::vector<std::string>& values, std::size_t index) {
    return index < values.size() ? values[index] : std::string();
}

std::string joined(const std::vector<std::string>& values, char separator) {
    std::string out;
    for (const auto& value : values) {
        if (!out.empty()) out += separator;
        out += value;
    }
    return out;
}

// One row in csv_columns() order; `row` is reused between lines so a chunk costs no allocations per line.
void format_row(std::string& row, const ChargeLine& line) {
    row.clear();
    const auto field = [&row](std::string_view value) { append_field(row, value); };
    field(integer_text(line.batch_id));
    field(integer_text(line.visit_id));
    field(integer_text(line.revision));
    field(integer_text(line.line_number));
    field(line.transaction_id);
    field(transaction_type(line));
    field(line.reverses);
    field(guarded(line.patient_id));
    field(guarded(line.patient_name));
    field(line.birth_date ? core::format_date(*line.birth_date) : std::string());
    field(core::format_date(line.date_of_service));
    field(line.place_of_service);
    field(line.revenue_code);
    field(line.code);
    field(line.code_system);
    for (std::size_t i = 0; i < 4; ++i) field(nth(line.modifiers, i));
    field(integer_text(line.units));
    for (std::size_t i = 0; i < 4; ++i) field(nth(line.diagnoses, i));
    field(joined(line.diagnoses, ';'));
    field(guarded(line.clinician));
    const std::string ndc = ndc_digits(line.ndc);
    field(ndc);
    field(ndc.empty() ? "" : "N4");  // the X12 qualifier for an 11-digit NDC (837P LIN02)
    field(line.ndc_unit);
    field(line.ndc_quantity ? quantity_text(*line.ndc_quantity) : std::string());
    field(line.infusion_start);
    field(line.infusion_stop);
    field(guarded(line.description));
    row += "\r\n";
}

}  // namespace

const std::vector<std::string_view>& csv_columns() {
    static const std::vector<std::string_view> columns{"batch_id",
                                                       "visit_id",
                                                       "revision",
                                                       "line_number",
                                                       "transaction_id",
                                                       "transaction_type",
                                                       "reverses",
                                                       "patient_id",
                                                       "patient_name",
                                                       "patient_birth_date",
                                                       "date_of_service",
                                                       "place_of_service",
                                                       "revenue_code",
                                                       "code",
                                                       "code_system",
                                                       "modifier_1",
                                                       "modifier_2",
                                                       "modifier_3",
                                                       "modifier_4",
                                                       "units",
                                                       "diagnosis_1",
                                                       "diagnosis_2",
                                                       "diagnosis_3",
                                                       "diagnosis_4",
                                                       "diagnoses_all",
                                                       "rendering_clinician",
                                                       "ndc",
                                                       "ndc_qualifier",
                                                       "ndc_unit",
                                                       "ndc_quantity",
                                                       "infusion_start",
                                                       "infusion_stop",
                                                       "description"};
    return columns;
}

void write_csv_header(std::ostream& out) {
    std::string row;
    for (const auto column : csv_columns()) append_field(row, column);
    out << row << "\r\n";
    ensure_written(out, "the CSV header");
}

void write_csv_lines(std::ostream& out, const std::vector<ChargeLine>& lines) {
    // All of a chunk is checked before any of it is written, so a bad line never leaves half a chunk.
    for (const auto& line : lines) check_line(line);
    std::string row;
    for (const auto& line : lines) {
        format_row(row, line);
        out.write(row.data(), static_cast<std::streamsize>(row.size()));
    }
    ensure_written(out, "CSV lines");  // a failed stream ignores later writes, so once per chunk suffices
}

}  // namespace infusion::exporting
