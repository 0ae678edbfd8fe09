#include "export/charge_fields.hpp"

#include "core/codes.hpp"
#include "core/wall_time.hpp"
#include "export/export_error.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace infusion::exporting {
namespace {

// Beyond this a double no longer holds thousandths exactly; no drug quantity comes near it.
constexpr double max_quantity = 1e12;

bool is_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Our line ids ("V12-R0-L3", "V12-R1-L3-CD"): they must not start with '-' so the CSV may leave them
// unguarded, and must not need HL7 escaping to be matched by a receiving system.
bool is_id_text(std::string_view text) {
    if (text.empty() || !is_alnum(text.front())) return false;
    for (const char c : text)
        if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
    return true;
}

[[noreturn]] void fail(const ChargeLine& line, const std::string& problem) {
    const std::string who = line.transaction_id.empty()
                                ? "visit " + integer_text(line.visit_id) + " line " + integer_text(line.line_number)
                                : line.transaction_id;
    throw ExportError("charge line " + who + ": " + problem);
}

void check_code(const ChargeLine& line, std::string_view what, std::string_view value, bool required) {
    if (value.empty() && !required) return;
    if (!is_code_text(value)) fail(line, std::string(what) + " \"" + std::string(value) + "\" is not a code");
}

void check_timestamp(const ChargeLine& line, std::string_view what, const std::string& value) {
    if (!value.empty() && !core::parse_iso(value))
        fail(line, std::string(what) + " \"" + value + "\" is not an ISO 8601 date-time");
}

// The NDC's unit of measure qualifiers of coding-rules.md section 7 (X12 CTP05-1).
bool is_ndc_unit(std::string_view unit) {
    constexpr std::array<std::string_view, 5> units{"F2", "GR", "ME", "ML", "UN"};
    for (const auto known : units)
        if (unit == known) return true;
    return false;
}

void check_ndc(const ChargeLine& line, bool reversal) {
    if (line.ndc.empty()) {
        if (!line.ndc_unit.empty() || line.ndc_quantity) fail(line, "an NDC unit or quantity without an NDC");
        return;
    }
    if (!core::normalize_ndc(line.ndc)) fail(line, "NDC \"" + line.ndc + "\" is not an 11-digit 5-4-2 NDC");
    if (!is_ndc_unit(line.ndc_unit)) fail(line, "NDC unit \"" + line.ndc_unit + "\" is not F2, GR, ME, ML or UN");
    if (!line.ndc_quantity) fail(line, "an NDC without its quantity");
    if (!std::isfinite(*line.ndc_quantity) || std::fabs(*line.ndc_quantity) >= max_quantity)
        fail(line, "NDC quantity out of range");
    const std::string quantity = quantity_text(*line.ndc_quantity);
    if (quantity == "0") fail(line, "NDC quantity rounds to 0");
    if ((quantity.front() == '-') != reversal)
        fail(line, reversal ? "a reversal with a positive NDC quantity" : "a charge with a negative NDC quantity");
}

}  // namespace

void check_line(const ChargeLine& line) {
    if (!is_id_text(line.transaction_id))
        fail(line, "transaction id \"" + line.transaction_id + "\" is missing or malformed");
    const bool reversal = line.kind == ChargeKind::reversal;
    if (reversal && !is_id_text(line.reverses)) fail(line, "a reversal without the transaction id it reverses");
    if (!reversal && !line.reverses.empty()) fail(line, "a charge that names a transaction it reverses");
    // A reversal cancels a charge: its units carry the minus sign (billing-formats.md section 2).
    if (reversal ? line.units >= 0 : line.units <= 0)
        fail(line, reversal ? "a reversal needs negative units" : "a charge needs positive units");
    if (line.patient_id.empty()) fail(line, "no patient id");
    if (!line.date_of_service.ok()) fail(line, "no valid date of service");
    if (line.birth_date && !line.birth_date->ok()) fail(line, "an invalid birth date");
    check_code(line, "code", line.code, true);
    if (line.code_system != "C4" && line.code_system != "HCPCS")
        fail(line, "code system \"" + line.code_system + "\" is neither C4 (CPT) nor HCPCS");
    // A claim line has 4 modifier slots (837P SV101-3..6); a fifth would be dropped by the receiver.
    if (line.modifiers.size() > 4) fail(line, "more than 4 modifiers");
    for (const auto& modifier : line.modifiers) check_code(line, "modifier", modifier, true);
    for (const auto& diagnosis : line.diagnoses) check_code(line, "diagnosis", diagnosis, true);
    check_code(line, "place of service", line.place_of_service, false);
    check_code(line, "revenue code", line.revenue_code, false);
    check_ndc(line, reversal);
    check_timestamp(line, "infusion start", line.infusion_start);
    check_timestamp(line, "infusion stop", line.infusion_stop);
    for (const auto* text : {&line.patient_id, &line.patient_name, &line.clinician, &line.description})
        if (!is_valid_utf8(*text)) fail(line, "text that is not UTF-8");
}

std::string_view transaction_type(const ChargeLine& line) { return line.kind == ChargeKind::reversal ? "CD" : "CG"; }

std::string integer_text(std::int64_t value) {
    std::array<char, 24> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return std::string(buffer.data(), result.ptr);
}

std::string quantity_text(double value) {
    // Thousandths as an integer: exact digits, no locale, no binary-fraction noise ("0.30000000000000004").
    if (!std::isfinite(value) || std::fabs(value) >= max_quantity) throw ExportError("quantity out of range");
    const long long thousandths = std::llround(value * 1000.0);
    const long long magnitude = std::llabs(thousandths);
    std::string text = (thousandths < 0 ? "-" : "") + integer_text(magnitude / 1000);
    const long long fraction = magnitude % 1000;
    if (fraction == 0) return text;
    std::string decimals = integer_text(fraction);
    decimals.insert(0, 3 - decimals.size(), '0');
    while (decimals.back() == '0') decimals.pop_back();
    return text + "." + decimals;
}

std::string ndc_digits(std::string_view ndc) {
    if (ndc.empty()) return {};
    const auto normalized = core::normalize_ndc(ndc);
    if (!normalized) throw ExportError("NDC \"" + std::string(ndc) + "\" is not an 11-digit 5-4-2 NDC");
    std::string digits;
    for (const char c : *normalized)
        if (c != '-') digits += c;
    return digits;
}

bool is_code_text(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text)
        if (!is_alnum(c) && c != '.') return false;
    return true;
}

bool is_valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        // The sequence length from the lead byte, and the smallest code point that needs that length.
        std::size_t length = 0;
        unsigned smallest = 0;
        if ((lead & 0xE0U) == 0xC0U) {
            length = 2;
            smallest = 0x80;
        } else if ((lead & 0xF0U) == 0xE0U) {
            length = 3;
            smallest = 0x800;
        } else if ((lead & 0xF8U) == 0xF0U) {
            length = 4;
            smallest = 0x10000;
        } else {
            return false;
        }
        if (i + length > text.size()) return false;
        unsigned code = lead & (0x7FU >> length);
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0U) != 0x80U) return false;
            code = (code << 6U) | (next & 0x3FU);
        }
        // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8 (RFC 3629).
        if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
        i += length;
    }
    return true;
}

}  // namespace infusion::exporting
