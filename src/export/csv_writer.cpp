#include "export/csv_writer.hpp"

#include "core/wall_time.hpp"
#include "export/charge_fields.hpp"
#include "export/export_error.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <ostream>
#include <string>

namespace infusion::exporting {
namespace {

// Free-text cells are guarded against spreadsheet formula injection (CWE-1236, OWASP "CSV Injection"):
// a leading apostrophe makes Excel and LibreOffice show the text instead of evaluating it. Code and
// number columns are checked to hold no such character (check_line), so they stay exact: a reversal's
// units stay "-1".
// A text that itself begins with an apostrophe gets one more, so that an importer that strips one (as
// docs/export-csv.md tells it to) gets the text back: "'t Hooft" stays "'t Hooft". Files written before
// 2026-12-04 did not add it (`apostrophe` false: a re-export writes such a batch as it was).
bool needs_guard(std::string_view text, bool apostrophe) {
    if (text.empty()) return false;
    switch (text.front()) {
        case '\'': return apostrophe;
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r': return true;
        default: return false;
    }
}

// A comma, quote, CR or LF: one pass over the bytes (string_view::find_first_of calls memchr on the
// set for every byte, which was the largest single cost of formatting a line).
bool needs_quotes(std::string_view value) {
    for (const char c : value) {
        if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
    }
    return false;
}

// RFC 4180 section 2: a field with a comma, quote, CR or LF is quoted and its quotes doubled. `guard`
// puts the apostrophe inside the quotes, as quoting the guarded text would. Appends straight to the row:
// no text is copied on the way.
void append_field(std::string& row, std::string_view value, bool first, bool guard = false, bool apostrophe = true) {
    if (!first) row += ',';
    const bool prefixed = guard && needs_guard(value, apostrophe);
    if (!needs_quotes(value)) {
        if (prefixed) row += '\'';
        row += value;
        return;
    }
    row += '"';
    if (prefixed) row += '\'';
    for (const char c : value) {
        if (c == '"') row += '"';
        row += c;
    }
    row += '"';
}

// Integers and dates are formatted into a stack buffer; the field takes a view of it.
class Number {
public:
    explicit Number(std::int64_t value) {
        m_end = std::to_chars(m_buffer.data(), m_buffer.data() + m_buffer.size(), value).ptr;
    }
    [[nodiscard]] std::string_view view() const { return {m_buffer.data(), m_end}; }

private:
    std::array<char, 24> m_buffer{};
    const char* m_end = nullptr;
};

std::string_view date_text(std::chrono::year_month_day date, std::array<char, 16>& buffer) {
    auto put = [&buffer](std::size_t at, unsigned value, std::size_t digits) {
        for (std::size_t i = digits; i > 0; --i) {
            buffer[at + i - 1] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    const int year = static_cast<int>(date.year());
    if (year < 0 || year > 9999) {  // never in a checked line; the general formatter says it right
        const std::string text = core::format_date(date);
        const std::size_t n = std::min(text.size(), buffer.size());
        std::copy_n(text.begin(), n, buffer.begin());
        return {buffer.data(), n};
    }
    put(0, static_cast<unsigned>(year), 4);
    buffer[4] = '-';
    put(5, static_cast<unsigned>(date.month()), 2);
    buffer[7] = '-';
    put(8, static_cast<unsigned>(date.day()), 2);
    return {buffer.data(), 10};
}

std::string_view nth(const std::vector<std::string>& values, std::size_t index) {
    return index < values.size() ? std::string_view(values[index]) : std::string_view();
}

// One row in csv_columns() order, appended to `out`.
void format_row(std::string& out, const ChargeLine& line, std::string& scratch, bool apostrophe) {
    bool first = true;
    const auto field = [&out, &first, apostrophe](std::string_view value, bool guard = false) {
        append_field(out, value, first, guard, apostrophe);
        first = false;
    };
    std::array<char, 16> date{};
    field(Number(line.batch_id).view());
    field(Number(line.visit_id).view());
    field(Number(line.revision).view());
    field(Number(line.line_number).view());
    field(line.transaction_id);
    field(transaction_type(line));
    field(line.reverses);
    field(line.patient_id, true);
    field(line.patient_name, true);
    field(line.birth_date ? date_text(*line.birth_date, date) : std::string_view());
    field(date_text(line.date_of_service, date));
    field(line.place_of_service);
    field(line.revenue_code);
    field(line.code);
    field(line.code_system);
    for (std::size_t i = 0; i < 4; ++i) field(nth(line.modifiers, i));
    field(Number(line.units).view());
    for (std::size_t i = 0; i < 4; ++i) field(nth(line.diagnoses, i));
    scratch.clear();
    for (const auto& value : line.diagnoses) {
        if (!scratch.empty()) scratch += ';';
        scratch += value;
    }
    field(scratch);
    field(line.clinician, true);
    const std::string ndc = ndc_digits(line.ndc);
    field(ndc);
    field(ndc.empty() ? "" : "N4");  // the X12 qualifier for an 11-digit NDC (837P LIN02)
    field(line.ndc_unit);
    field(line.ndc_quantity ? quantity_text(*line.ndc_quantity) : std::string());
    field(line.infusion_start);
    field(line.infusion_stop);
    field(line.description, true);
    out += "\r\n";
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

void append_csv_header(std::string& out) {
    bool first = true;
    for (const auto column : csv_columns()) {
        append_field(out, column, first);
        first = false;
    }
    out += "\r\n";
}

void append_csv_lines(std::string& out, std::span<const ChargeLine> lines, bool guard_apostrophe) {
    // All of a chunk is checked before any of it is written, so a bad line never leaves half a chunk.
    for (const auto& line : lines) check_line(line);
    std::string scratch;
    for (const auto& line : lines) format_row(out, line, scratch, guard_apostrophe);
}

void write_csv_header(std::ostream& out) {
    std::string row;
    append_csv_header(row);
    out << row;
    ensure_written(out, "the CSV header");
}

void write_csv_lines(std::ostream& out, const std::vector<ChargeLine>& lines) {
    std::string rows;
    append_csv_lines(rows, lines);
    out.write(rows.data(), static_cast<std::streamsize>(rows.size()));
    ensure_written(out, "CSV lines");  // a failed stream ignores later writes, so once per chunk suffices
}

}  // namespace infusion::exporting
