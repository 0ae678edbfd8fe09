#include "core/visit.hpp"

namespace infusion::core {

std::optional<std::chrono::year_month_day> first_start_date(const Visit& visit) {
    std::optional<LocalSeconds> first;
    for (const auto& setup : visit.pump_setups) {
        if (setup.start && (!first || setup.start->local < *first)) first = setup.start->local;
    }
    if (!first) return std::nullopt;
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(*first)};
}

const char* to_string(Setting setting) { return setting == Setting::office ? "office" : "facility"; }

const char* to_string(DoseUnit unit) {
    switch (unit) {
        case DoseUnit::g: return "g";
        case DoseUnit::mg: return "mg";
        case DoseUnit::mL: return "mL";
        case DoseUnit::units: return "units";
    }
    return "?";
}

const char* to_string(Aspiration aspiration) {
    switch (aspiration) {
        case Aspiration::no_blood: return "no-blood";
        case Aspiration::blood: return "blood";
        case Aspiration::not_checked: return "not-checked";
    }
    return "?";
}

const char* to_string(NoteKind kind) {
    switch (kind) {
        case NoteKind::general: return "general";
        case NoteKind::monitoring: return "monitoring";
        case NoteKind::reaction: return "reaction";
        case NoteKind::site_condition: return "site-condition";
        case NoteKind::instructions: return "instructions";
    }
    return "?";
}

std::optional<Setting> setting_from_string(std::string_view text) {
    if (text == "office") return Setting::office;
    if (text == "facility") return Setting::facility;
    return std::nullopt;
}

std::optional<DoseUnit> dose_unit_from_string(std::string_view text) {
    if (text == "g") return DoseUnit::g;
    if (text == "mg") return DoseUnit::mg;
    if (text == "mL" || text == "ml") return DoseUnit::mL;
    if (text == "units") return DoseUnit::units;
    return std::nullopt;
}

std::optional<Aspiration> aspiration_from_string(std::string_view text) {
    if (text == "no-blood") return Aspiration::no_blood;
    if (text == "blood") return Aspiration::blood;
    if (text == "not-checked") return Aspiration::not_checked;
    return std::nullopt;
}

std::optional<NoteKind> note_kind_from_string(std::string_view text) {
    for (NoteKind kind : {NoteKind::general, NoteKind::monitoring, NoteKind::reaction, NoteKind::site_condition,
                          NoteKind::instructions}) {
        if (text == to_string(kind)) return kind;
    }
    return std::nullopt;
}

}  // namespace infusion::core
