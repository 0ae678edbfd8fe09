// Fuzz target: the GS1 element-string parser (core/gs1), fed by what a keyboard-wedge scanner types at a
// vial. Properties: nothing crashes; a read scan holds a 14-digit GTIN with a correct check digit, a valid
// expiry, and a lot and serial of at most 20 characters; the same fields written back as a raw element
// string (GS-separated) read to the same scan; a refused scan says why.
#include "core/gs1.hpp"
#include "fuzz_input.hpp"

#include <array>

using namespace infusion;

namespace {

constexpr char gs = '\x1D';

bool all_digits(std::string_view text) {
    for (const char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::Input input(data, size);
    // What clinics configure as [scanner] gs_substitute (settings refuses letters, digits and '-').
    static constexpr std::array<std::string_view, 4> substitutes{"", "~", "^", "|"};
    const std::string_view substitute = substitutes[input.pick(substitutes.size())];
    const std::string text(input.rest());

    for (const auto& form : core::ndc10_forms(text)) {
        fuzz::require(form.digits.size() == 10 && all_digits(form.digits), "an NDC form that is not 10 digits", text);
    }
    const auto scan = core::parse_gs1(text, substitute);
    if (!scan) {
        fuzz::require(!scan.error().message.empty(), "a refused scan without a message", text);
        return 0;
    }
    const core::VialScan& vial = scan.value();
    if (!vial.gtin.empty()) {
        fuzz::require(vial.gtin.size() == 14 && all_digits(vial.gtin) && core::gtin_check_digit_ok(vial.gtin),
                      "a GTIN that is not 14 digits with its check digit", text);
        if (const auto ndc = core::ndc10_from_gtin(vial.gtin))
            fuzz::require(ndc->size() == 10 && all_digits(*ndc), "an NDC from a GTIN that is not 10 digits", text);
    }
    fuzz::require(!vial.expiry || vial.expiry->ok(), "an expiry that is not a date", text);
    fuzz::require(vial.lot.size() <= 20 && vial.serial.size() <= 20, "a lot or serial over 20 characters", text);

    // The raw form: the fixed-length GTIN first, then the variable-length fields with GS between them.
    std::string raw = vial.gtin.empty() ? std::string() : "01" + vial.gtin;
    if (!vial.lot.empty()) raw += "10" + vial.lot;
    if (!vial.serial.empty()) raw += (vial.lot.empty() ? "" : std::string(1, gs)) + "21" + vial.serial;
    if (raw.empty()) return 0;
    const auto again = core::parse_gs1(raw);
    fuzz::require(again.ok(), "the fields of a scan, written back, are refused",
                  text + " -> " + (again ? std::string() : again.error().message));
    fuzz::require(
        again.value().gtin == vial.gtin && again.value().lot == vial.lot && again.value().serial == vial.serial,
        "the fields of a scan, written back, read differently", text);
    return 0;
}
