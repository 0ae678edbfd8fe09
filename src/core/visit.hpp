#pragma once
// The documented visit: what a nurse recorded at the chair, as plain data (no rules, no I/O).
// Mirrors the visit file, format 1 (docs/visit-file.md). Optional fields are optional because a
// draft is incomplete until signed: validate() says what is missing, the model does not refuse it.
#include "core/wall_time.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace infusion::core {

enum class Setting { office, facility };
enum class DoseUnit { g, mg, mL, units };
enum class Aspiration { no_blood, blood, not_checked };
enum class NoteKind { general, monitoring, reaction, site_condition, instructions };

struct Patient {
    std::string id;
    std::string name;
    std::optional<std::chrono::year_month_day> birth_date;
    std::string allergies;  // free text shown in the patient header

    bool operator==(const Patient&) const = default;  // a draft's save names what changed
};

// One vial (or other container) used, as its barcode or label gave it (docs/visit-file.md, extension).
struct Vial {
    std::string gtin;  // GTIN-14 from the barcode; empty when typed from the label
    std::string lot;
    std::optional<std::chrono::year_month_day> expiry;
    std::string serial;  // AI 21; a serial seen twice in a visit is the same vial scanned again

    bool operator==(const Vial&) const = default;  // a draft's save names what changed
};

struct Substance {
    std::string name;
    std::optional<double> dose;
    std::optional<DoseUnit> unit;
    std::string ndc;
    std::string lot;
    std::optional<double> wasted;  // amount discarded, in the dose's unit (JW/JZ)
    std::vector<Vial> vials;       // several vials of one product add up; the dose stays the nurse's entry

    bool operator==(const Substance&) const = default;  // a draft's save names what changed
};

struct Site {
    std::string location;  // an id from config/sites.toml
    std::string needle;    // e.g. "27G 9mm"
    std::optional<bool> prepped;
    std::optional<Aspiration> aspiration;
    std::optional<bool> secured;

    // A needle that returned blood was removed: it is not an infusion site (coding-rules.md 3).
    [[nodiscard]] bool usable() const { return aspiration != Aspiration::blood; }

    bool operator==(const Site&) const = default;  // a draft's save names what changed
};

// A documented interruption inside a set-up's infusion (format 1 extension, docs/visit-file.md).
struct Pause {
    std::optional<WallTime> start;
    std::optional<WallTime> stop;
    std::string reason;

    bool operator==(const Pause&) const = default;  // a draft's save names what changed
};

struct PumpSetup {
    std::string pump;
    std::optional<WallTime> set_up_at;
    std::optional<WallTime> start;
    std::optional<WallTime> stop;  // absent while still running
    std::vector<Site> sites;
    std::vector<Pause> pauses;

    bool operator==(const PumpSetup&) const = default;  // a draft's save names what changed
};

struct Note {
    std::optional<WallTime> at;
    NoteKind kind = NoteKind::general;
    std::string text;

    bool operator==(const Note&) const = default;  // a draft's save names what changed
};

struct Visit {
    Patient patient;
    std::string clinician;
    std::optional<Setting> setting;  // default from the clinic settings
    std::string time_zone;           // IANA name; empty: default from the clinic settings
    std::vector<std::string> diagnoses;
    std::vector<Substance> substances;
    std::vector<PumpSetup> pump_setups;
    std::vector<Note> notes;

    bool operator==(const Visit&) const = default;  // a draft's save names what changed
};

// The local date of the earliest documented start, as written (for lists before any coding).
[[nodiscard]] std::optional<std::chrono::year_month_day> first_start_date(const Visit& visit);

[[nodiscard]] const char* to_string(Setting setting);
[[nodiscard]] const char* to_string(DoseUnit unit);
[[nodiscard]] const char* to_string(Aspiration aspiration);
[[nodiscard]] const char* to_string(NoteKind kind);
[[nodiscard]] std::optional<Setting> setting_from_string(std::string_view text);
[[nodiscard]] std::optional<DoseUnit> dose_unit_from_string(std::string_view text);
[[nodiscard]] std::optional<Aspiration> aspiration_from_string(std::string_view text);
[[nodiscard]] std::optional<NoteKind> note_kind_from_string(std::string_view text);

}  // namespace infusion::core
