// The CSV charge file (billing-formats.md section 1, docs/export-csv.md), read back with a strict
// RFC 4180 parser written here, so quoting, CRLF and the formula guard are checked on the bytes.
#include "export/csv_writer.hpp"
#include "export/export_error.hpp"
#include "sample_charges.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <locale>
#include <map>
#include <sstream>
#include <stdexcept>

using namespace infusion::exporting;
using namespace exporttest;

namespace {

using Record = std::vector<std::string>;

// RFC 4180, strictly: records end with CRLF (a bare CR or LF is only allowed inside quotes), a quoted
// field doubles its quotes and is followed by a comma or the record's end.
std::vector<Record> parse_rfc4180(const std::string& text) {
    std::vector<Record> records;
    Record record;
    std::string field;
    std::size_t i = 0;
    const auto end_field = [&] {
        record.push_back(field);
        field.clear();
    };
    while (i < text.size()) {
        if (text[i] == '"' && field.empty()) {
            for (++i;; ++i) {
                if (i >= text.size()) throw std::runtime_error("unterminated quoted field");
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field += '"';
                        ++i;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text[i];
            }
            if (i < text.size() && text[i] != ',' && text[i] != '\r') throw std::runtime_error("text after a quote");
            continue;
        }
        const char c = text[i];
        if (c == ',') {
            end_field();
            ++i;
        } else if (c == '\r') {
            if (i + 1 >= text.size() || text[i + 1] != '\n') throw std::runtime_error("CR without LF");
            end_field();
            records.push_back(record);
            record.clear();
            i += 2;
        } else if (c == '\n') {
            throw std::runtime_error("bare LF outside quotes");
        } else if (c == '"') {
            throw std::runtime_error("quote inside an unquoted field");
        } else {
            field += c;
            ++i;
        }
    }
    if (!record.empty() || !field.empty()) throw std::runtime_error("last record without CRLF");
    return records;
}

std::string csv_of(const std::vector<std::vector<ChargeLine>>& chunks) {
    std::ostringstream out;
    write_csv_header(out);
    for (const auto& chunk : chunks) write_csv_lines(out, chunk);
    return out.str();
}

// One data row as column name -> value.
std::map<std::string, std::string> row_of(const std::vector<Record>& records, std::size_t row) {
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; i < records[0].size(); ++i) out[records[0][i]] = records.at(row).at(i);
    return out;
}

std::vector<std::vector<ChargeLine>> sample_chunks() {
    std::vector<std::vector<ChargeLine>> chunks;
    for (const auto& visit : sample_visits()) chunks.push_back(visit.lines);
    return chunks;
}

}  // namespace

TEST_CASE("export csv: the header is the documented column list, exactly, with CRLF and no BOM") {
    std::ostringstream out;
    write_csv_header(out);
    CHECK(out.str() ==
          "batch_id,visit_id,revision,line_number,transaction_id,transaction_type,reverses,patient_id,"
          "patient_name,patient_birth_date,date_of_service,place_of_service,revenue_code,code,code_system,"
          "modifier_1,modifier_2,modifier_3,modifier_4,units,diagnosis_1,diagnosis_2,diagnosis_3,diagnosis_4,"
          "diagnoses_all,rendering_clinician,ndc,ndc_qualifier,ndc_unit,ndc_quantity,infusion_start,"
          "infusion_stop,description\r\n");
    CHECK(csv_columns().size() == 33);
}

TEST_CASE("export csv: every row has the header's column count, written in chunks") {
    const auto records = parse_rfc4180(csv_of(sample_chunks()));
    REQUIRE(records.size() == 1 + 6);  // header + 2 + 2 + 1 + 1 lines
    for (const auto& record : records) CHECK(record.size() == csv_columns().size());
}

TEST_CASE("export csv: an ordinary charge reads back column by column") {
    const auto records = parse_rfc4180(csv_of(sample_chunks()));
    const auto admin = row_of(records, 1);
    CHECK(admin.at("batch_id") == "7");
    CHECK(admin.at("visit_id") == "12");
    CHECK(admin.at("revision") == "0");
    CHECK(admin.at("line_number") == "1");
    CHECK(admin.at("transaction_id") == "V12-R0-L1");
    CHECK(admin.at("transaction_type") == "CG");
    CHECK(admin.at("reverses").empty());
    CHECK(admin.at("patient_name") == "Doe, Jane");  // quoted for its comma, not guarded
    CHECK(admin.at("patient_birth_date") == "1980-04-09");
    CHECK(admin.at("date_of_service") == "2026-03-02");
    CHECK(admin.at("place_of_service") == "11");
    CHECK(admin.at("code") == "96369");
    CHECK(admin.at("code_system") == "C4");
    CHECK(admin.at("modifier_1").empty());
    CHECK(admin.at("units") == "1");
    CHECK(admin.at("diagnosis_1") == "D80.1");
    CHECK(admin.at("diagnosis_2") == "D83.9");
    CHECK(admin.at("diagnosis_3").empty());
    CHECK(admin.at("diagnoses_all") == "D80.1;D83.9");
    CHECK(admin.at("rendering_clinician") == "rn.smith");
    CHECK(admin.at("ndc").empty());
    CHECK(admin.at("ndc_qualifier").empty());
    CHECK(admin.at("infusion_start") == "2026-03-02T09:10:00-05:00");
    CHECK(admin.at("infusion_stop") == "2026-03-02T10:25:00-05:00");
    CHECK(admin.at("description") == "SC infusion, initial, up to 1 hour");

    const auto drug = row_of(records, 2);
    CHECK(drug.at("code_system") == "HCPCS");
    CHECK(drug.at("modifier_1") == "JZ");
    CHECK(drug.at("units") == "80");
    CHECK(drug.at("ndc") == "44206045101");  // 11 digits, no dashes, as on the claim
    CHECK(drug.at("ndc_qualifier") == "N4");
    CHECK(drug.at("ndc_unit") == "ML");
    CHECK(drug.at("ndc_quantity") == "40");
}

TEST_CASE("export csv: a reversal is CD with negative units and quantity, never guarded, then the new charge") {
    const auto records = parse_rfc4180(csv_of(sample_chunks()));
    const auto reversal = row_of(records, 3);
    CHECK(reversal.at("transaction_id") == "V13-R0-L2-CD");
    CHECK(reversal.at("transaction_type") == "CD");
    CHECK(reversal.at("reverses") == "V13-R0-L2");
    CHECK(reversal.at("revision") == "0");  // the revision of the charge it cancels
    CHECK(reversal.at("line_number") == "2");
    CHECK(reversal.at("units") == "-80");
    CHECK(reversal.at("ndc_quantity") == "-40");
    CHECK(reversal.at("patient_name") == "Müller-Ström, Zoë \"Zo\"");  // UTF-8 and quotes survive
    const auto corrected = row_of(records, 4);
    CHECK(corrected.at("transaction_type") == "CG");
    CHECK(corrected.at("revision") == "1");
    CHECK(corrected.at("units") == "85");
    CHECK(corrected.at("ndc_quantity") == "42.5");
    CHECK(corrected.at("modifier_1") == "JZ");
    CHECK(corrected.at("modifier_2") == "59");
    CHECK(corrected.at("modifier_3") == "XS");
    CHECK(corrected.at("modifier_4").empty());
}

TEST_CASE("export csv: free text starting a formula gets an apostrophe (CWE-1236), quotes and newlines survive") {
    const std::string text = csv_of(sample_chunks());
    const auto records = parse_rfc4180(text);
    const auto hostile = row_of(records, 5);
    CHECK(hostile.at("patient_name") == "'=HYPERLINK(\"http://evil.example/?a=1,b=2\",\"Click\"), Eve");
    CHECK(hostile.at("patient_id") == "'@P-1003");
    CHECK(hostile.at("rendering_clinician") == "'+dr.who");
    CHECK(hostile.at("description") == "'-2 hours\r\nsecond line, with comma");
    CHECK(hostile.at("patient_birth_date").empty());
    CHECK(hostile.at("diagnosis_4") == "Z79.899");
    CHECK(hostile.at("diagnoses_all") == "D80.1;D83.9;E86.0;Z79.899;R50.9");  // the 5th only here
    CHECK(hostile.at("ndc") == "44206045101");                                // 5-3-2 padded
    CHECK(hostile.at("ndc_quantity") == "0.5");
    CHECK(hostile.at("infusion_start").empty());
    // The raw bytes: the formula text is quoted with its quotes doubled.
    CHECK(text.find("\"'=HYPERLINK(\"\"http://evil.example/?a=1,b=2\"\",\"\"Click\"\"), Eve\"") != std::string::npos);

    const auto separators = row_of(records, 6);
    CHECK(separators.at("patient_name") == "Pipe|Caret^Tilde~Amp&Back\\slash, \tTabbed");
    CHECK(separators.at("description") == "line one\nline two");
}

TEST_CASE("export csv: each formula starter is guarded in each free-text column, and only at the start") {
    for (const std::string start : {"=", "+", "-", "@", "\t", "\r"}) {
        ChargeLine line = administration_line();
        line.patient_name = start + "1+1";
        line.description = start + "cmd";
        line.clinician = start + "x";
        line.patient_id = start + "9";
        const auto record = parse_rfc4180(csv_of({{line}}));
        const auto row = row_of(record, 1);
        CAPTURE(start);
        CHECK(row.at("patient_name") == "'" + start + "1+1");
        CHECK(row.at("description") == "'" + start + "cmd");
        CHECK(row.at("rendering_clinician") == "'" + start + "x");
        CHECK(row.at("patient_id") == "'" + start + "9");
    }
    ChargeLine inner = administration_line();
    inner.patient_name = "Smith-Jones, A=B";
    CHECK(row_of(parse_rfc4180(csv_of({{inner}})), 1).at("patient_name") == "Smith-Jones, A=B");
}

TEST_CASE(
    "export csv: a free-text value that begins with an apostrophe gets one more, so stripping one gives it back") {
    // docs/export-csv.md tells importers to strip a leading apostrophe from the free-text columns: a real
    // name such as 't Hooft must survive that, and must not read the same as a guarded "=...".
    ChargeLine line = administration_line();
    line.patient_name = "'t Hooft, Gerard";
    line.patient_id = "'=SUM(1)";
    const auto row = row_of(parse_rfc4180(csv_of({{line}})), 1);
    CHECK(row.at("patient_name") == "''t Hooft, Gerard");
    CHECK(row.at("patient_id") == "''=SUM(1)");
    // As files written before 2026-12-04 were (a re-export of such a batch writes its bytes again).
    std::string before;
    append_csv_lines(before, std::vector<ChargeLine>{line}, false);
    CHECK(before.find(",\"'t Hooft, Gerard\",") != std::string::npos);
}

TEST_CASE("export csv: numbers ignore the stream's and the global locale") {
    // A locale with a decimal comma and digit grouping, as de_DE has: nothing of it may reach the file.
    struct GermanPunct : std::numpunct<char> {
        char do_decimal_point() const override { return ','; }
        char do_thousands_sep() const override { return '.'; }
        std::string do_grouping() const override { return "\3"; }
    };
    const std::locale german(std::locale::classic(), new GermanPunct);
    const std::locale previous = std::locale::global(german);
    ChargeLine line = drug_line();
    line.units = 12345;
    line.ndc_quantity = 1234.5;
    std::ostringstream out;
    out.imbue(german);
    write_csv_lines(out, {line});
    std::locale::global(previous);
    const auto row = parse_rfc4180(out.str()).at(0);
    CHECK(row.at(19) == "12345");
    CHECK(row.at(29) == "1234.5");
}

TEST_CASE("export csv: NDC quantities have up to 3 decimals and no trailing zeros") {
    const std::pair<double, const char*> rows[] = {
        {8.0, "8"}, {0.5, "0.5"}, {0.1 + 0.2, "0.3"}, {2.125, "2.125"}, {1234.5678, "1234.568"}, {10.10, "10.1"},
    };
    for (const auto& [quantity, expected] : rows) {
        ChargeLine line = drug_line();
        line.ndc_quantity = quantity;
        std::ostringstream out;
        write_csv_lines(out, {line});
        CHECK(parse_rfc4180(out.str()).at(0).at(29) == expected);
    }
}

TEST_CASE("export csv: a line that is not a correct charge throws and nothing of its chunk is written") {
    const std::pair<void (*)(ChargeLine&), const char*> rows[] = {
        {[](ChargeLine& l) { l.transaction_id.clear(); }, "no transaction id"},
        {[](ChargeLine& l) { l.code = "=1+1"; }, "a formula in a code column"},
        {[](ChargeLine& l) { l.diagnoses.push_back("D80.1;X"); }, "a separator in a diagnosis"},
        {[](ChargeLine& l) { l.code_system = "CPT"; }, "an unknown code system"},
        {[](ChargeLine& l) {
             l.modifiers = {"JZ", "59", "XS", "XU", "GA"};
         },
         "5 modifiers"},
        {[](ChargeLine& l) { l.units = -80; }, "a charge with negative units"},
        {[](ChargeLine& l) { l.kind = ChargeKind::reversal; }, "a reversal with positive units and no id"},
        {[](ChargeLine& l) { l.ndc = "4420645101"; }, "a 10-digit NDC"},
        {[](ChargeLine& l) { l.ndc_quantity.reset(); }, "an NDC without quantity"},
        {[](ChargeLine& l) { l.ndc_unit = "MG"; }, "an NDC unit outside F2 GR ME ML UN"},
        {[](ChargeLine& l) { l.infusion_start = "09:10"; }, "a start time that is not ISO 8601"},
        {[](ChargeLine& l) { l.patient_name = "Doe, J\xC3"; }, "a name that is not UTF-8"},
        {[](ChargeLine& l) { l.patient_id.clear(); }, "no patient id"},
        {[](ChargeLine& l) { l.ndc_quantity = std::nan(""); }, "a quantity that is not a number"},
        {[](ChargeLine& l) { l.ndc_quantity = -40.0; }, "a charge with a negative NDC quantity"},
        {[](ChargeLine& l) { l.diagnoses = {"D80.1 "}; }, "a space in a diagnosis"},
    };
    for (const auto& [change, what] : rows) {
        ChargeLine bad = drug_line();
        change(bad);
        std::ostringstream out;
        CAPTURE(what);
        CHECK_THROWS_AS(write_csv_lines(out, {administration_line(), bad}), ExportError);
        CHECK(out.str().empty());
    }
}

TEST_CASE("export csv: the error names the line") {
    ChargeLine bad = drug_line();
    bad.ndc = "123";
    std::string error;
    try {
        std::ostringstream out;
        write_csv_lines(out, {bad});
    } catch (const ExportError& e) {
        error = e.what();
    }
    CHECK(error == "charge line V12-R0-L2: NDC \"123\" is not an 11-digit 5-4-2 NDC");
}

TEST_CASE("export csv: a facility line carries its revenue code and place of service") {
    ChargeLine line = administration_line();
    line.setting = "facility";
    line.place_of_service = "22";
    line.revenue_code = "0260";
    const auto row = row_of(parse_rfc4180(csv_of({{line}})), 1);
    CHECK(row.at("place_of_service") == "22");
    CHECK(row.at("revenue_code") == "0260");  // leading zero kept: a code, not a number
}

TEST_CASE("export csv: a failed stream is an error, not a short file") {
    std::ostringstream out;
    out.setstate(std::ios::badbit);
    CHECK_THROWS_AS(write_csv_header(out), ExportError);
    CHECK_THROWS_AS(write_csv_lines(out, {administration_line()}), ExportError);
}
