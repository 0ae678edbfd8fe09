// Fuzz target: the HL7 v2.5.1 DFT^P03 writer (export/hl7_writer, docs/export-hl7.md). A visit's charge
// lines and the batch header are built from the input, written as one message, and read back with a
// segment splitter and unescaper written here (not the production code). Properties: a refused message
// writes nothing; a written one holds no control character but the CR ending each segment, has its
// segments in the documented order, uses only the escapes \F\ \S\ \R\ \E\ \T\ \Xhh\, and every text
// field (names, ids, clinician, codes, description, facility) reads back exactly, whatever | ^ ~ \ &
// or control characters it held.
#include "charge_input.hpp"
#include "export/export_error.hpp"
#include "export/hl7_writer.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

using namespace infusion;

namespace {

using Components = std::vector<std::string>;
using Field = std::vector<Components>;     // repetitions, each split into (unescaped) components
using Segment = std::vector<std::string>;  // [0] the segment id, then fields 1.. still escaped

// Whole pieces at a time (not a character at a time): the checker runs on every input, and appending
// byte by byte under ASan was most of its cost.
std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> out;
    std::size_t begin = 0;
    while (true) {
        const std::size_t end = text.find(separator, begin);
        out.emplace_back(text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
        if (end == std::string_view::npos) return out;
        begin = end + 1;
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    fuzz::fail("HL7: a \\X escape with a character that is not upper-case hex", std::string(1, c));
}

// HL7 v2.5.1 section 2.7: the escape sequences this writer may use, nothing else.
std::string unescape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            fuzz::require(text[i] != '|' && text[i] != '^' && text[i] != '~' && text[i] != '&',
                          "HL7: a separator left in data", text);
            out += text[i];
            continue;
        }
        const std::size_t end = text.find('\\', i + 1);
        fuzz::require(end != std::string_view::npos, "HL7: an escape without its closing \\", text);
        const std::string_view code = text.substr(i + 1, end - i - 1);
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
        else {
            fuzz::require(code.size() >= 3 && code.size() % 2 == 1 && code[0] == 'X', "HL7: an unknown escape", text);
            for (std::size_t h = 1; h < code.size(); h += 2)
                out += static_cast<char>(hex_value(code[h]) * 16 + hex_value(code[h + 1]));
        }
        i = end;
    }
    return out;
}

Field field(const Segment& segment, std::size_t number) {
    Field out;
    if (number >= segment.size() || segment[number].empty()) return out;
    for (const auto& repetition : split(segment[number], '~')) {
        Components components;
        for (const auto& component : split(repetition, '^')) components.push_back(unescape(component));
        while (components.size() > 1 && components.back().empty()) components.pop_back();
        out.push_back(std::move(components));
    }
    return out;
}

// The single value of a field that has no components ("" when absent).
std::string text(const Segment& segment, std::size_t number) {
    const Field f = field(segment, number);
    if (f.empty()) return "";
    fuzz::require(f.size() == 1 && f[0].size() == 1, "HL7: a text field with components", segment[number]);
    return f[0][0];
}

Components components(const Segment& segment, std::size_t number) {
    const Field f = field(segment, number);
    if (f.empty()) return {};
    fuzz::require(f.size() == 1, "HL7: a repeated field where one value is written", segment[number]);
    return f[0];
}

Components trimmed_tail(Components values) {
    while (values.size() > 1 && values.back().empty()) values.pop_back();
    return values;
}

std::string trim_spaces(std::string_view text) {
    const auto first = text.find_first_not_of(' ');
    if (first == std::string_view::npos) return "";
    return std::string(text.substr(first, text.find_last_not_of(' ') - first + 1));
}

void check(const std::string& message, const exporting::BatchHeader& header, const exporting::VisitCharges& visit) {
    fuzz::require(!message.empty() && message.back() == '\r', "HL7: the message does not end with CR", message);
    for (const char c : message) {
        const auto byte = static_cast<unsigned char>(c);
        fuzz::require(c == '\r' || (byte >= 0x20 && byte != 0x7F), "HL7: a raw control character in the message",
                      message);
    }
    std::vector<Segment> segments;
    for (const auto& line : split(std::string_view(message).substr(0, message.size() - 1), '\r')) {
        Segment segment = split(line, '|');
        if (segment[0] == "MSH") {
            // MSH-1 is the field separator itself: shift so segment[n] is MSH-n.
            segment.insert(segment.begin() + 1, "|");
        }
        segments.push_back(std::move(segment));
    }
    const auto& lines = visit.lines;
    const auto& first = lines.front();
    // DG1: the charges' diagnoses when the message has charges, else the reversals' (export-hl7.md, DG1).
    const bool any_charge = std::any_of(lines.begin(), lines.end(), [](const exporting::ChargeLine& line) {
        return line.kind == exporting::ChargeKind::charge;
    });
    std::vector<std::string> diagnoses;
    for (const auto& line : lines) {
        if (visit.diagnoses_of_charges && any_charge && line.kind != exporting::ChargeKind::charge) continue;
        for (const auto& code : line.diagnoses)
            if (std::find(diagnoses.begin(), diagnoses.end(), code) == diagnoses.end()) diagnoses.push_back(code);
    }
    fuzz::require(segments.size() == 4 + lines.size() + diagnoses.size(), "HL7: the wrong number of segments", message);
    const std::array<const char*, 4> head{"MSH", "EVN", "PID", "PV1"};
    for (std::size_t i = 0; i < head.size(); ++i)
        fuzz::require(segments[i][0] == head[i], "HL7: the header segments are out of order", message);

    const Segment& msh = segments[0];
    fuzz::require(msh.size() > 2 && msh[2] == "^~\\&", "HL7: MSH-2 is not the standard encoding characters", message);
    fuzz::require(text(msh, 3) == header.sending_application && text(msh, 4) == header.sending_facility &&
                      text(msh, 5) == header.receiving_application,
                  "HL7: MSH-3..5 do not read back", message);
    fuzz::require(text(segments[1], 5) == header.created_by, "HL7: EVN-5 does not read back", message);

    const Segment& pid = segments[2];
    fuzz::require(components(pid, 3) == trimmed_tail({first.patient_id, "", "", header.sending_facility, "MR"}),
                  "HL7: PID-3 does not read back", message);
    const auto comma = first.patient_name.find(',');
    const Components name = comma == std::string::npos
                                ? Components{trim_spaces(first.patient_name)}
                                : Components{trim_spaces(std::string_view(first.patient_name).substr(0, comma)),
                                             trim_spaces(std::string_view(first.patient_name).substr(comma + 1))};
    const Components read_name = components(pid, 5);
    fuzz::require(read_name == trimmed_tail(name) || (read_name.empty() && trimmed_tail(name) == Components{""}),
                  "HL7: PID-5 does not read back", message);

    const Segment& pv1 = segments[3];
    fuzz::require(text(pv1, 3) == first.place_of_service && text(pv1, 7) == first.clinician,
                  "HL7: PV1-3 or PV1-7 does not read back", message);

    for (std::size_t l = 0; l < lines.size(); ++l) {
        const auto& line = lines[l];
        const Segment& ft1 = segments[4 + l];
        fuzz::require(ft1[0] == "FT1" && text(ft1, 1) == std::to_string(l + 1), "HL7: FT1 out of order", message);
        fuzz::require(text(ft1, 2) == line.transaction_id, "HL7: FT1-2 does not read back", message);
        fuzz::require(text(ft1, 10) == std::to_string(line.units), "HL7: FT1-10 does not read back", message);
        const Components coded = trimmed_tail({line.code, line.description, line.code_system});
        fuzz::require(components(ft1, 7) == coded && components(ft1, 25) == coded,
                      "HL7: FT1-7 or FT1-25 does not read back", message);
        fuzz::require(text(ft1, 20) == line.clinician, "HL7: FT1-20 does not read back", message);
        const std::string& original =
            line.kind == exporting::ChargeKind::reversal ? line.reverses : line.transaction_id;
        fuzz::require(components(ft1, 23) == trimmed_tail({original, header.sending_application}),
                      "HL7: FT1-23 does not read back", message);
        const Field dx = field(ft1, 19);
        fuzz::require(dx.size() == line.diagnoses.size(), "HL7: FT1-19 has the wrong number of diagnoses", message);
        for (std::size_t d = 0; d < dx.size(); ++d)
            fuzz::require(dx[d] == Components{line.diagnoses[d], "", "I10"}, "HL7: FT1-19 does not read back", message);
        const Field modifiers = field(ft1, 26);
        fuzz::require(modifiers.size() == line.modifiers.size(), "HL7: FT1-26 has the wrong number of modifiers",
                      message);
        for (std::size_t m = 0; m < modifiers.size(); ++m)
            fuzz::require(modifiers[m] == Components{line.modifiers[m]}, "HL7: FT1-26 does not read back", message);
    }
    for (std::size_t d = 0; d < diagnoses.size(); ++d) {
        const Segment& dg1 = segments[4 + lines.size() + d];
        fuzz::require(dg1[0] == "DG1" && components(dg1, 3) == Components{diagnoses[d], "", "I10"},
                      "HL7: DG1 does not read back in claim order", message);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::Input input(data, size);
    exporting::BatchHeader header;
    const fuzz::VisitPart visit_part = fuzz::visit_part(input);
    header.batch_id = visit_part.batch_id;
    header.created_at = fuzz::one_of(input, std::array{"2026-03-02T16:02:40Z", "2026-03-02T11:02:40-05:00"}, 32);
    header.created_by = fuzz::one_of(input, std::array{"sup.nakamura", "a|b^c~d\\e&f"}, 24);
    header.sending_facility = fuzz::one_of(input, std::array{"Riverside Infusion Clinic", "NPI 1234567893"}, 40);
    if (input.pick(4) == 0) header.sending_application = input.text(16);
    exporting::VisitCharges visit;
    for (std::size_t n = 1 + input.pick(3); n > 0; --n)
        visit.lines.push_back(fuzz::charge_line(input, visit_part, static_cast<int>(visit.lines.size()) + 1));
    if (input.pick(16) == 0) visit.lines.clear();

    std::ostringstream out;
    try {
        exporting::write_hl7_message(out, header, visit, 1);
    } catch (const exporting::ExportError& error) {
        fuzz::require(out.str().empty(), "a refused message wrote something", out.str());
        fuzz::require(std::string_view(error.what()).find("HL7 message 1") == 0,
                      "a refusal that does not name the message", error.what());
        return 0;
    }
    check(out.str(), header, visit);
    return 0;
}
