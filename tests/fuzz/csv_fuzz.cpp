// Fuzz target: the CSV charge writer (export/csv_writer, docs/export-csv.md). Charge lines are built from
// the input, written, and read back with a small strict RFC 4180 reader written here (not the
// production code). Properties: a refused chunk writes nothing after the header; a written file has the
// header, one record per line, 33 fields each, every record ended by CRLF; a field is quoted exactly
// when it holds a comma, quote, CR or LF; every field reads back to the line's value (free text with
// the formula guard's apostrophe, codes and numbers unchanged).
#include "charge_input.hpp"
#include "core/codes.hpp"
#include "export/csv_writer.hpp"
#include "export/export_error.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <vector>

using namespace infusion;

namespace {

struct Field {
    std::string value;
    bool quoted = false;
};
using Record = std::vector<Field>;

// RFC 4180, strictly: records end with CRLF (the last one too); a quoted field ends with a quote
// followed by a comma or CRLF and doubles its quotes; an unquoted field holds no quote, CR or LF.
std::vector<Record> read_csv(std::string_view text) {
    std::vector<Record> records;
    std::size_t i = 0;
    while (i < text.size()) {
        Record record;
        while (true) {
            Field field;
            if (i < text.size() && text[i] == '"') {
                field.quoted = true;
                ++i;
                while (true) {
                    fuzz::require(i < text.size(), "CSV: a quoted field is not closed", text);
                    if (text[i] == '"') {
                        if (i + 1 < text.size() && text[i + 1] == '"') {
                            field.value += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    field.value += text[i++];
                }
            } else {
                while (i < text.size() && text[i] != ',' && text[i] != '\r') {
                    fuzz::require(text[i] != '"' && text[i] != '\n', "CSV: a quote or LF in an unquoted field", text);
                    field.value += text[i++];
                }
            }
            record.push_back(std::move(field));
            fuzz::require(i < text.size(), "CSV: the last record does not end with CRLF", text);
            if (text[i] == ',') {
                ++i;
                continue;
            }
            fuzz::require(text.substr(i, 2) == "\r\n", "CSV: a field not followed by a comma or CRLF", text);
            i += 2;
            break;
        }
        records.push_back(std::move(record));
    }
    return records;
}

// docs/export-csv.md, "Formula injection": free-text columns get an apostrophe before = + - @ TAB CR, and
// before an apostrophe of their own, so that stripping one always gives the value back.
std::string guarded(const std::string& text) {
    if (!text.empty() && std::string_view("=+-@\t\r'").find(text.front()) != std::string_view::npos) return "'" + text;
    return text;
}

std::string date_text(std::chrono::year_month_day day) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return buffer;
}

std::string nth(const std::vector<std::string>& values, std::size_t i) { return i < values.size() ? values[i] : ""; }

std::vector<std::string> expected_fields(const exporting::ChargeLine& line) {
    const bool reversal = line.kind == exporting::ChargeKind::reversal;
    std::string all_diagnoses;
    for (const auto& code : line.diagnoses) all_diagnoses += (all_diagnoses.empty() ? "" : ";") + code;
    // The claim's 11 digits: each dash-separated part padded to 5-4-2 ("0944-2850-03" -> 00944285003).
    // Blanks around it are not the NDC (the writer trims them, session 48: "an NDC with blanks around it is that NDC").
    const std::string_view given = core::trim_blanks(line.ndc);
    std::string ndc;
    std::size_t part = 0;
    std::string digits;
    constexpr std::array<std::size_t, 3> widths{5, 4, 2};
    for (std::size_t i = 0; i <= given.size(); ++i) {
        if (i < given.size() && given[i] != '-') {
            digits += given[i];
            continue;
        }
        if (given.find('-') != std::string_view::npos && part < widths.size() && digits.size() < widths[part])
            digits.insert(0, widths[part] - digits.size(), '0');
        ndc += digits;
        digits.clear();
        ++part;
    }
    return {std::to_string(line.batch_id),
            std::to_string(line.visit_id),
            std::to_string(line.revision),
            std::to_string(line.line_number),
            line.transaction_id,
            reversal ? "CD" : "CG",
            line.reverses,
            guarded(line.patient_id),
            guarded(line.patient_name),
            line.birth_date ? date_text(*line.birth_date) : "",
            date_text(line.date_of_service),
            line.place_of_service,
            line.revenue_code,
            line.code,
            line.code_system,
            nth(line.modifiers, 0),
            nth(line.modifiers, 1),
            nth(line.modifiers, 2),
            nth(line.modifiers, 3),
            std::to_string(line.units),
            nth(line.diagnoses, 0),
            nth(line.diagnoses, 1),
            nth(line.diagnoses, 2),
            nth(line.diagnoses, 3),
            all_diagnoses,
            guarded(line.clinician),
            ndc,
            line.ndc.empty() ? "" : "N4",
            line.ndc_unit,
            "",  // ndc_quantity: compared as a number below
            line.infusion_start,
            line.infusion_stop,
            guarded(line.description)};
}

constexpr std::size_t quantity_column = 29;

// The header does not depend on the lines: written and read back once, not per input (it was a tenth of
// every execution). Each input's lines are written after it into their own stream, as an export writes
// chunks after the header.
void check_header_once() {
    static const bool checked = [] {
        std::ostringstream out;
        exporting::write_csv_header(out);
        const std::string text = out.str();
        const auto records = read_csv(text);
        const auto& columns = exporting::csv_columns();
        fuzz::require(records.size() == 1 && records[0].size() == columns.size(),
                      "the header is not one record of every column", text);
        for (std::size_t c = 0; c < columns.size(); ++c)
            fuzz::require(records[0][c].value == columns[c] && !records[0][c].quoted, "a header column changed", text);
        return true;
    }();
    (void)checked;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    check_header_once();
    fuzz::Input input(data, size);
    const fuzz::VisitPart visit = fuzz::visit_part(input);
    std::vector<exporting::ChargeLine> lines;
    for (std::size_t n = 1 + input.pick(3); n > 0; --n)
        lines.push_back(fuzz::charge_line(input, visit, static_cast<int>(lines.size()) + 1));

    std::ostringstream out;
    try {
        exporting::write_csv_lines(out, lines);
    } catch (const exporting::ExportError& error) {
        fuzz::require(out.str().empty(), "a refused chunk wrote something", out.str());
        fuzz::require(std::string_view(error.what()).find("charge line") != std::string_view::npos,
                      "a refusal that does not name the line", error.what());
        return 0;
    }

    const std::string text = out.str();
    const auto records = read_csv(text);
    fuzz::require(records.size() == lines.size(), "not one record per line", text);
    const auto& columns = exporting::csv_columns();
    for (std::size_t l = 0; l < lines.size(); ++l) {
        const Record& record = records[l];
        fuzz::require(record.size() == columns.size(), "a record with the wrong number of fields", text);
        const auto expected = expected_fields(lines[l]);
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const Field& field = record[c];
            const bool needs_quotes = field.value.find_first_of(",\"\r\n") != std::string::npos;
            fuzz::require(field.quoted == needs_quotes, "a field quoted when it need not be, or not when it must",
                          std::string(columns[c]) + ": " + field.value);
            if (c == quantity_column) continue;
            fuzz::require(field.value == expected[c], "a field does not read back as written",
                          std::string(columns[c]) + ": wrote " + expected[c] + ", read " + field.value);
        }
        const std::string& quantity = record[quantity_column].value;
        if (!lines[l].ndc_quantity) {
            fuzz::require(quantity.empty(), "an NDC quantity on a line without one", quantity);
        } else {
            char* end = nullptr;
            const double read = std::strtod(quantity.c_str(), &end);
            fuzz::require(!quantity.empty() && *end == '\0' && std::fabs(read - *lines[l].ndc_quantity) < 0.0005 &&
                              quantity.find('e') == std::string::npos,
                          "the NDC quantity does not read back to 3 decimals", quantity);
        }
    }
    return 0;
}
