#include "cli/code_report.hpp"

#include "core/terminal_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace infusion::cli {
namespace {

std::string date_text(const std::chrono::year_month_day& d) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                  static_cast<unsigned>(d.day()));
    return buffer;
}

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

// [ed. 2] A line dated on another day than the visit (facility, past midnight) says its own date.
// Lines on the visit's date carry no extra key, so reports of other visits stay as they were.
std::optional<std::chrono::year_month_day> own_date(const core::BillingLine& line, const core::Coding& coding) {
    if (!line.service_date || line.service_date == coding.date_of_service) return std::nullopt;
    return line.service_date;
}

nlohmann::ordered_json line_json(const core::BillingLine& line, const core::Coding& coding) {
    nlohmann::ordered_json j = {{"code", line.code},
                                {"units", line.units},
                                {"modifiers", line.modifiers},
                                {"reason", line.reason},
                                {"kind", line.kind == core::LineKind::drug ? "drug" : "administration"},
                                {"description", line.description}};
    if (!line.revenue_code.empty()) j["revenue_code"] = line.revenue_code;
    if (const auto date = own_date(line, coding)) j["service_date"] = date_text(*date);
    if (!line.ndc.empty()) {
        j["ndc"] = line.ndc;
        j["ndc_unit"] = line.ndc_unit;
        j["ndc_quantity"] = line.ndc_quantity.value_or(0.0);
    }
    return j;
}

std::string where(const app::CodedFile& file, const core::Problem& p) {
    const auto pos = file.position(p.field);
    std::string out = core::one_line(file.file);
    if (pos.known()) out += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
    return out;
}

void write_lines(const std::vector<core::BillingLine>& lines, const core::Coding& coding, std::ostream& out) {
    // Each column is padded and then followed by one space, so a value wider than its column (units in
    // the millions) never runs into the next one; the usual widths give the same text as before.
    out << "  " << std::left << std::setw(7) << "code" << ' ' << std::setw(6) << "units" << ' ' << std::setw(10)
        << "modifiers" << ' ' << "reason\n";
    for (const auto& line : lines) {
        out << "  " << std::left << std::setw(7) << line.code << ' ' << std::setw(6) << line.units << ' '
            << std::setw(10) << join(line.modifiers, ",") << ' ' << core::one_line(line.reason);
        if (!line.ndc.empty() && line.ndc_quantity) {
            std::ostringstream qty;
            qty << *line.ndc_quantity;
            out << " [NDC " << core::one_line(line.ndc) << " " << line.ndc_unit << " " << qty.str() << "]";
        } else if (!line.ndc.empty()) {
            // A held line whose quantity cannot be stated: "[NDC X  0]" read as a quantity of 0 (found from outside).
            out << " [NDC " << core::one_line(line.ndc) << ", no quantity]";
        }
        if (!line.revenue_code.empty()) out << " [rev " << line.revenue_code << "]";
        if (const auto date = own_date(line, coding)) out << " [date " << date_text(*date) << "]";
        out << "\n";
    }
}

}  // namespace

void write_file_error(const app::CodedFile& file, std::ostream& err) {
    if (file.error) err << core::one_line(file.error->describe()) << "\n";
}

namespace {

// The field a file's error begins with ("substances[0].dose: expected a number"): a program reading the JSON
// had it only inside the message (found from outside). Empty when the message names none.
std::string field_named_by(const std::string& message) {
    const auto colon = message.find(": ");
    if (colon == std::string::npos || colon == 0) return {};
    const std::string head = message.substr(0, colon);
    const bool field_like = std::all_of(head.begin(), head.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '[' || c == ']' ||
               c == '-';
    });
    return field_like && std::isalpha(static_cast<unsigned char>(head.front())) != 0 ? head : std::string();
}

}  // namespace

void write_json_report(const app::CodedFile& file, std::ostream& out) {
    nlohmann::ordered_json j;
    j["file"] = file.file;
    if (!file.valid()) {
        j["valid"] = false;
        j["billable"] = false;
        j["infusion_minutes"] = nullptr;
        j["lines"] = nlohmann::ordered_json::array();
        nlohmann::ordered_json problem = {{"severity", "error"},
                                          {"code", "file.invalid"},
                                          {"field", field_named_by(file.error->message)},
                                          {"message", file.error->message}};
        if (file.error->pos.known()) {
            problem["line"] = file.error->pos.line;
            problem["column"] = file.error->pos.column;
        }
        j["problems"] = nlohmann::ordered_json::array({problem});
        out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
        return;
    }
    const core::Coding& c = file.coding;
    j["valid"] = true;
    j["billable"] = c.billable;
    j["infusion_minutes"] =
        c.infusion_minutes ? nlohmann::ordered_json(*c.infusion_minutes) : nlohmann::ordered_json(nullptr);
    j["date_of_service"] =
        c.date_of_service ? nlohmann::ordered_json(date_text(*c.date_of_service)) : nlohmann::ordered_json(nullptr);
    j["setting"] = core::to_string(c.setting);
    j["place_of_service"] = c.place_of_service;
    j["lines"] = nlohmann::ordered_json::array();
    for (const auto& line : c.lines) j["lines"].push_back(line_json(line, c));
    j["held_lines"] = nlohmann::ordered_json::array();
    for (const auto& line : c.held_lines) j["held_lines"].push_back(line_json(line, c));
    j["problems"] = nlohmann::ordered_json::array();
    for (const auto& p : c.problems) {
        nlohmann::ordered_json problem = {
            {"severity", core::to_string(p.severity)}, {"code", p.code}, {"field", p.field}, {"message", p.message}};
        if (const auto pos = file.position(p.field); pos.known()) {
            problem["line"] = pos.line;
            problem["column"] = pos.column;
        }
        j["problems"].push_back(problem);
    }
    // Strings from a file are UTF-8 checked by the reader; replace keeps a bad byte from aborting output.
    out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

void write_text_report(const app::CodedFile& file, std::ostream& out) {
    if (!file.valid()) {
        out << core::one_line(file.file) << ": NOT A VALID VISIT FILE: " << core::one_line(file.error->describe())
            << "\n\n";
        return;
    }
    const core::Coding& c = file.coding;
    const auto& patient = file.visit.visit.patient;
    // Values from the file are kept on their line (core::one_line): a line break in one could forge a line.
    out << core::one_line(file.file) << ": " << (c.billable ? "billable" : "BLOCKED, the claim is held");
    out << " | patient " << (patient.id.empty() ? "?" : core::one_line(patient.id));
    if (c.infusion_minutes) out << " | SC infusion " << *c.infusion_minutes << " min";
    if (c.date_of_service) out << " | " << date_text(*c.date_of_service);
    out << " | " << core::to_string(c.setting) << " (POS " << c.place_of_service << ")\n";
    if (c.billable) {
        write_lines(c.lines, c, out);
    } else if (!c.held_lines.empty()) {
        out << "  lines the documentation would support once the errors are fixed:\n";
        write_lines(c.held_lines, c, out);
    }
    for (const auto& p : c.problems) {
        out << "  " << where(file, p) << ": " << core::to_string(p.severity) << " " << p.code << ": "
            << core::one_line(p.message) << " [" << core::one_line(p.field) << "]\n";
    }
    out << "\n";
}

}  // namespace infusion::cli
