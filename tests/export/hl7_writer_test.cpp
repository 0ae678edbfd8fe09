// HL7 v2.5.1 DFT^P03 (billing-formats.md section 2, docs/export-hl7.md): messages split on CR and |
// here, and every field checked at its standard position.
#include "export/hl7_writer.hpp"
#include "export/export_error.hpp"
#include "sample_charges.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace infusion::exporting;
using namespace exporttest;

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at; (at = text.find(separator, start)) != std::string::npos; start = at + 1)
        parts.push_back(text.substr(start, at - start));
    parts.push_back(text.substr(start));
    return parts;
}

// A message as segments of fields, indexed by HL7 field number: seg[n] is field n. MSH is shifted so
// that MSH-1 (the separator itself) is index 1 and MSH-2 the encoding characters.
struct Message {
    std::vector<std::vector<std::string>> segments;

    std::vector<const std::vector<std::string>*> all(const std::string& id) const {
        std::vector<const std::vector<std::string>*> out;
        for (const auto& segment : segments)
            if (segment.at(0) == id) out.push_back(&segment);
        return out;
    }
    const std::vector<std::string>& one(const std::string& id, std::size_t nth = 0) const { return *all(id).at(nth); }
};

// A missing trailing field is empty (the writer omits empty trailing fields).
std::string field(const std::vector<std::string>& segment, std::size_t number) {
    return number < segment.size() ? segment[number] : std::string();
}

Message parse(const std::string& text) {
    REQUIRE(!text.empty());
    REQUIRE(text.back() == '\r');  // segments end with CR, the last one too
    CHECK(text.find('\n') == std::string::npos);
    Message message;
    for (const auto& line : split(text.substr(0, text.size() - 1), '\r')) {
        auto fields = split(line, '|');
        if (fields.at(0) == "MSH") fields.insert(fields.begin() + 1, "|");
        message.segments.push_back(fields);
    }
    return message;
}

std::string write(const VisitCharges& visit, int number = 1) {
    std::ostringstream out;
    write_hl7_message(out, sample_header(), visit, number);
    return out.str();
}

// Reverses the writer's escaping: \F\ \S\ \R\ \E\ \T\ and \Xhh\.
std::string unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        const auto end = text.find('\\', i + 1);
        REQUIRE(end != std::string::npos);
        const std::string code = text.substr(i + 1, end - i - 1);
        if (code == "F")
            out += '|';
        else if (code == "S")
            out += '^';
        else if (code == "R")
            out += '~';
        else if (code == "E")
            out += '\\';
        else if (code == "T")
            out += '&';
        else if (code.size() == 3 && code[0] == 'X')
            out += static_cast<char>(std::stoi(code.substr(1), nullptr, 16));
        else
            FAIL("unknown escape " << code);
        i = end;
    }
    return out;
}

}  // namespace

TEST_CASE("export hl7: MSH, EVN, PID and PV1 carry the batch, the patient and the visit") {
    const Message m = parse(write({{administration_line(), drug_line()}}));
    std::vector<std::string> order;
    for (const auto& segment : m.segments) order.push_back(segment[0]);
    CHECK(order == std::vector<std::string>{"MSH", "EVN", "PID", "PV1", "FT1", "FT1", "DG1", "DG1"});

    const auto& msh = m.one("MSH");
    CHECK(field(msh, 1) == "|");
    CHECK(field(msh, 2) == "^~\\&");
    CHECK(field(msh, 3) == "INFUSIONDOC");
    CHECK(field(msh, 4) == "Sunrise Infusion \\T\\ Allergy");
    CHECK(field(msh, 5) == "BILLING");
    CHECK(field(msh, 7) == "20260303150405+0000");
    CHECK(field(msh, 9) == "DFT^P03^DFT_P03");
    CHECK(field(msh, 10) == "B7V12");
    CHECK(field(msh, 11) == "P");
    CHECK(field(msh, 12) == "2.5.1");
    CHECK(field(msh, 18) == "UNICODE UTF-8");

    const auto& evn = m.one("EVN");
    CHECK(field(evn, 1) == "P03");
    CHECK(field(evn, 2) == "20260303150405+0000");
    CHECK(field(evn, 5) == "biller1");

    const auto& pid = m.one("PID");
    CHECK(field(pid, 1) == "1");
    CHECK(field(pid, 3) == "P-1001^^^Sunrise Infusion \\T\\ Allergy^MR");
    CHECK(field(pid, 5) == "Doe^Jane");
    CHECK(field(pid, 7) == "19800409");

    const auto& pv1 = m.one("PV1");
    CHECK(field(pv1, 1) == "1");
    CHECK(field(pv1, 2) == "O");
    CHECK(field(pv1, 3) == "11");
    CHECK(field(pv1, 7) == "rn.smith");
    CHECK(field(pv1, 19) == "12");
}

TEST_CASE("export hl7: each FT1 field of billing-formats.md section 2 at its position") {
    const Message m = parse(write({{administration_line(), drug_line()}}));
    const auto& admin = m.one("FT1", 0);
    CHECK(field(admin, 1) == "1");
    CHECK(field(admin, 2) == "V12-R0-L1");
    CHECK(field(admin, 3) == "7");
    CHECK(field(admin, 4) == "20260302091000-0500^20260302102500-0500");
    CHECK(field(admin, 5) == "20260303150405+0000");
    CHECK(field(admin, 6) == "CG");
    CHECK(field(admin, 7) == "96369^SC infusion, initial, up to 1 hour^C4");
    CHECK(field(admin, 10) == "1");
    CHECK(field(admin, 19) == "D80.1^^I10~D83.9^^I10");
    CHECK(field(admin, 20) == "rn.smith");
    CHECK(field(admin, 23) == "V12-R0-L1^INFUSIONDOC");
    CHECK(field(admin, 25) == "96369^SC infusion, initial, up to 1 hour^C4");
    CHECK(field(admin, 26).empty());
    CHECK(field(admin, 29).empty());
    CHECK(admin.size() == 26);  // trailing empty fields omitted: the last is FT1-25

    const auto& drug = m.one("FT1", 1);
    CHECK(field(drug, 1) == "2");
    CHECK(field(drug, 7) == "J1559^Hizentra, per 100 mg^HCPCS");
    CHECK(field(drug, 10) == "80");
    CHECK(field(drug, 25) == "J1559^Hizentra, per 100 mg^HCPCS");
    CHECK(field(drug, 26) == "JZ");
    CHECK(field(drug, 29) == "44206045101^^NDC");
    for (const auto number : {8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 24, 27, 28})
        CHECK(field(drug, static_cast<std::size_t>(number)).empty());
}

TEST_CASE("export hl7: DG1 per distinct diagnosis in claim order, final, ranked") {
    ChargeLine second = drug_line();
    second.diagnoses = {"D83.9", "E86.0"};
    const Message m = parse(write({{administration_line(), second}}));
    const auto dg1 = m.all("DG1");
    REQUIRE(dg1.size() == 3);
    const char* codes[] = {"D80.1", "D83.9", "E86.0"};
    for (std::size_t i = 0; i < dg1.size(); ++i) {
        CHECK(field(*dg1[i], 1) == std::to_string(i + 1));
        CHECK(field(*dg1[i], 2).empty());  // coding method: backward compatible only in v2.5.1
        CHECK(field(*dg1[i], 3) == std::string(codes[i]) + "^^I10");
        CHECK(field(*dg1[i], 6) == "F");
        CHECK(field(*dg1[i], 15) == std::to_string(i + 1));
    }
}

TEST_CASE("export hl7: a reversal is CD with negative quantity, pointing at the charge it cancels") {
    const Message m = parse(write(amended_visit()));
    const auto& reversal = m.one("FT1", 0);
    CHECK(field(reversal, 2) == "V13-R0-L2-CD");
    CHECK(field(reversal, 6) == "CD");
    CHECK(field(reversal, 10) == "-80");
    CHECK(field(reversal, 23) == "V13-R0-L2^INFUSIONDOC");
    const auto& corrected = m.one("FT1", 1);
    CHECK(field(corrected, 2) == "V13-R1-L2");
    CHECK(field(corrected, 6) == "CG");
    CHECK(field(corrected, 10) == "85");
    CHECK(field(corrected, 23) == "V13-R1-L2^INFUSIONDOC");
    CHECK(field(corrected, 26) == "JZ~59~XS");                   // repeating modifiers
    CHECK(field(m.one("PID"), 5) == "Müller-Ström^Zoë \"Zo\"");  // UTF-8 as is (MSH-18)
}

TEST_CASE("export hl7: separators and the escape character in data are escaped, and come back") {
    const Message m = parse(write({{separator_line()}}));
    const auto& pid = m.one("PID");
    REQUIRE(pid.size() == 8);  // a | in the name did not make a field
    CHECK(field(pid, 5) == "Pipe\\F\\Caret\\S\\Tilde\\R\\Amp\\T\\Back\\E\\slash^\\X09\\Tabbed");
    const auto components = split(field(pid, 5), '^');
    REQUIRE(components.size() == 2);
    CHECK(unescape(components[0]) == "Pipe|Caret^Tilde~Amp&Back\\slash");
    CHECK(unescape(components[1]) == "\tTabbed");
    const auto& ft1 = m.one("FT1");
    CHECK(field(ft1, 7) == "96369^line one\\X0A\\line two^C4");
}

TEST_CASE(
    "export hl7: no infusion times give the date of service as the range, and CR/LF in text never end a segment") {
    const Message m = parse(write({{hostile_line()}}));
    const auto& ft1 = m.one("FT1");
    CHECK(field(ft1, 4) == "20260302^20260302");
    CHECK(field(ft1, 7) == "J1559^-2 hours\\X0D\\\\X0A\\second line, with comma^HCPCS");
    CHECK(field(ft1, 19) == "D80.1^^I10~D83.9^^I10~E86.0^^I10~Z79.899^^I10~R50.9^^I10");
    CHECK(field(m.one("PID"), 7).empty());
    // The family name ends at the first comma; HL7 has no formula injection, so no apostrophe here.
    CHECK(field(m.one("PID"), 5) == "=HYPERLINK(\"http://evil.example/?a=1^b=2\",\"Click\"), Eve");
    CHECK(field(m.one("PID"), 3) == "@P-1003^^^Sunrise Infusion \\T\\ Allergy^MR");
    CHECK(m.all("DG1").size() == 5);
}

TEST_CASE("export hl7: messages of a batch follow each other directly, each with its own control id") {
    std::ostringstream out;
    int number = 0;
    for (const auto& visit : sample_visits()) write_hl7_message(out, sample_header(), visit, ++number);
    const std::string text = out.str();
    std::vector<std::string> ids;
    for (const auto& segment : split(text, '\r'))
        if (segment.rfind("MSH|", 0) == 0) ids.push_back(split(segment, '|').at(9));
    CHECK(ids == std::vector<std::string>{"B7V12", "B7V13", "B7V14", "B7V15"});
    CHECK(text.find("\r\r") == std::string::npos);
}

TEST_CASE("export hl7: created_at with an offset is written in UTC") {
    BatchHeader header = sample_header();
    header.created_at = "2026-03-03T10:04:05-05:00";
    std::ostringstream out;
    write_hl7_message(out, header, {{administration_line()}}, 1);
    CHECK(field(parse(out.str()).one("MSH"), 7) == "20260303150405+0000");
}

TEST_CASE("export hl7: a visit that cannot be a correct message throws and writes nothing") {
    const auto other_patient = [] {
        ChargeLine line = drug_line();
        line.patient_id = "P-9999";
        return line;
    }();
    const auto other_batch = [] {
        ChargeLine line = drug_line();
        line.batch_id = 8;
        return line;
    }();
    ChargeLine bad_stop = drug_line();
    bad_stop.infusion_stop = "2026-03-02 10:25";
    const std::pair<VisitCharges, const char*> rows[] = {
        {{}, "no lines"},
        {{{administration_line(), other_patient}}, "two patients"},
        {{{administration_line(), other_batch}}, "another batch"},
        {{{administration_line(), bad_stop}}, "a stop time that is not ISO 8601"},
    };
    for (const auto& [visit, what] : rows) {
        std::ostringstream out;
        CAPTURE(what);
        CHECK_THROWS_AS(write_hl7_message(out, sample_header(), visit, 3), ExportError);
        CHECK(out.str().empty());
    }
    std::ostringstream out;
    CHECK_THROWS_AS(write_hl7_message(out, sample_header(), {{administration_line()}}, 0), ExportError);
    BatchHeader header = sample_header();
    header.created_at = "yesterday";
    std::string error;
    try {
        write_hl7_message(out, header, {{administration_line()}}, 2);
    } catch (const ExportError& e) {
        error = e.what();
    }
    CHECK(error.rfind("HL7 message 2 (visit 12): batch created_at \"yesterday\"", 0) == 0);
    CHECK(out.str().empty());
    out.setstate(std::ios::badbit);
    CHECK_THROWS_AS(write_hl7_message(out, sample_header(), {{administration_line()}}, 1), ExportError);
}

TEST_CASE("export hl7: FT1-4 of a line dated on another day than the visit carries that day (edition 2)") {
    // docs/coding.md 5a: a facility infusion past midnight dates its later 96370 hours on the next day.
    ChargeLine day1 = administration_line();
    day1.visit_date_of_service = day1.date_of_service;
    ChargeLine day2 = administration_line();
    day2.line_number = 2;
    day2.transaction_id = "V12-R0-L2";
    day2.code = "96370";
    day2.units = 2;
    day2.visit_date_of_service = 2026y / 3 / 2;
    day2.date_of_service = 2026y / 3 / 3;
    const Message m = parse(write({{day1, day2}}));
    CHECK(field(m.one("FT1", 0), 4) == "20260302091000-0500^20260302102500-0500");  // the visit's own day
    CHECK(field(m.one("FT1", 1), 4) == "20260303^20260303");
}
