#include "cli/visit_report.hpp"

#include "app/export_billing.hpp"
#include "app/hold_reasons.hpp"
#include "core/terminal_text.hpp"
#include "core/time_entry.hpp"
#include "core/wall_time.hpp"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <ostream>

namespace infusion::cli {
namespace {

using Json = nlohmann::ordered_json;

// A documented time as written, with the UTC offset it is read at when it was typed without one ("Now"
// carries its own): one form for both (found from outside: "22:30:00" beside "22:41:07-05:00"). A reading
// the zone cannot place (a clock change's gap or repeated hour) stays as written: Billing says why.
std::string time_text(const std::optional<core::WallTime>& t, std::string_view zone) {
    if (!t) return {};
    if (t->utc_offset) return core::format_iso(*t);
    const core::ResolvedTime r = core::resolve(*t, zone);
    if (r.status != core::TimeResolution::ok || !r.offset) return core::format_iso(*t);
    core::WallTime placed = *t;
    placed.utc_offset = r.offset;
    return core::format_iso(placed);
}

// A record's UTC stamp (created, signed, countersigned) with the clinic's reading of it after: the stamps
// read as UTC only, hours off the clinic's day (found from outside).
std::string stamp_text(const std::string& utc, std::string_view zone) {
    if (zone == "UTC" || zone == "Etc/UTC") return utc;  // said already
    const std::string local = core::format_stamp(utc, zone);
    return local.empty() || local == utc ? utc : utc + " (" + local + ")";
}
Json time_json(const std::optional<core::WallTime>& t) { return t ? Json(core::format_iso(*t)) : Json(nullptr); }
template <typename T>
Json optional_json(const std::optional<T>& v) {
    return v ? Json(*v) : Json(nullptr);
}

std::string flag(const std::optional<bool>& v, const char* yes, const char* no) {
    if (!v) return "not documented";
    return *v ? yes : no;
}

Json content_json(const core::Visit& v) {
    Json j;
    j["patient"] = {
        {"id", v.patient.id},
        {"name", v.patient.name},
        {"birth_date", v.patient.birth_date ? Json(core::format_date(*v.patient.birth_date)) : Json(nullptr)},
        {"allergies", v.patient.allergies}};
    j["visit"] = {{"clinician", v.clinician},
                  {"setting", v.setting ? Json(core::to_string(*v.setting)) : Json(nullptr)},
                  {"time_zone", v.time_zone},
                  {"diagnoses", v.diagnoses}};
    j["substances"] = Json::array();
    for (const auto& s : v.substances) {
        Json vials = Json::array();
        for (const auto& vial : s.vials) {
            vials.push_back({{"gtin", vial.gtin},
                             {"lot", vial.lot},
                             {"expiry", vial.expiry ? Json(core::format_date(*vial.expiry)) : Json(nullptr)},
                             {"serial", vial.serial}});
        }
        j["substances"].push_back({{"name", s.name},
                                   {"dose", optional_json(s.dose)},
                                   {"unit", s.unit ? Json(core::to_string(*s.unit)) : Json(nullptr)},
                                   {"ndc", s.ndc},
                                   {"lot", s.lot},
                                   {"wasted", optional_json(s.wasted)},
                                   {"vials", vials}});
    }
    j["pump_setups"] = Json::array();
    for (const auto& p : v.pump_setups) {
        Json setup = {{"pump", p.pump},
                      {"set_up_at", time_json(p.set_up_at)},
                      {"start", time_json(p.start)},
                      {"stop", time_json(p.stop)},
                      {"sites", Json::array()},
                      {"pauses", Json::array()}};
        for (const auto& s : p.sites) {
            setup["sites"].push_back(
                {{"location", s.location},
                 {"needle", s.needle},
                 {"prepped", optional_json(s.prepped)},
                 {"aspiration", s.aspiration ? Json(core::to_string(*s.aspiration)) : Json(nullptr)},
                 {"secured", optional_json(s.secured)}});
        }
        for (const auto& pause : p.pauses) {
            setup["pauses"].push_back(
                {{"start", time_json(pause.start)}, {"stop", time_json(pause.stop)}, {"reason", pause.reason}});
        }
        j["pump_setups"].push_back(setup);
    }
    j["notes"] = Json::array();
    for (const auto& n : v.notes) {
        j["notes"].push_back({{"at", time_json(n.at)}, {"kind", core::to_string(n.kind)}, {"text", n.text}});
    }
    return j;
}

Json coding_json(const storage::SignedCoding& c) {
    Json j = {{"rules_version", c.rules_version},
              {"billable", c.billable},
              {"infusion_minutes", optional_json(c.infusion_minutes)},
              {"date_of_service", c.date_of_service ? Json(core::format_date(*c.date_of_service)) : Json(nullptr)},
              {"lines", Json::array()},
              {"problems", Json::array()}};
    for (const auto& l : c.lines) {
        Json line = {{"code", l.code},
                     {"units", l.units},
                     {"modifiers", l.modifiers},
                     {"reason", l.reason},
                     {"kind", l.kind == core::LineKind::drug ? "drug" : "administration"}};
        if (!l.ndc.empty()) {
            line["ndc"] = l.ndc;
            line["ndc_unit"] = l.ndc_unit;
            line["ndc_quantity"] = l.ndc_quantity.value_or(0.0);
        }
        if (!l.revenue_code.empty()) line["revenue_code"] = l.revenue_code;
        j["lines"].push_back(line);
    }
    for (const auto& p : c.problems) {
        j["problems"].push_back(
            {{"severity", core::to_string(p.severity)}, {"code", p.code}, {"field", p.field}, {"message", p.message}});
    }
    return j;
}

// The coding's "ready" or "HELD", or where the lines went since, as the worklist says it: an exported
// visit read "ready" (found from outside).
std::string billing_words(const storage::SignedCoding& c, const std::optional<storage::WorklistRow>& billing,
                          std::string_view zone) {
    if (billing) {
        switch (billing->state) {
            case storage::WorklistState::exported:
                return billing->batch ? "exported in batch " + std::to_string(*billing->batch) : "exported";
            case storage::WorklistState::amended_after_export:
                // Held by the amendment: only the reversals go (it read as if new lines went too; found from outside).
                if (!c.billable) {
                    return "amended after export (its reversals go in " + app::next_export_for(billing->sent_as) +
                           "; its billing is held, so no new line goes)";
                }
                return "amended after export (its reversals and new lines go in " +
                       app::next_export_for(billing->sent_as) + ")";
            case storage::WorklistState::held: {
                // Lines the documentation does not hold are held by an open correction request: say it (the
                // documentation's own errors are listed under the lines).
                std::string words = "HELD";
                if (c.billable) {
                    const auto reasons = app::hold_reasons(*billing, zone);
                    for (std::size_t i = 0; i < reasons.size(); ++i)
                        words += (i == 0 ? ": " : "; ") + core::one_line(reasons[i]);
                }
                return words;
            }
            case storage::WorklistState::ready:
                // A visit sent before whose lines were all taken back, released by an amendment: its new lines go
                // where its first ones went, which "ready" did not say (found from outside).
                if (c.billable && !billing->sent_as.empty())
                    return "ready for " + app::next_export_for(billing->sent_as);
                break;
        }
    }
    return c.billable ? "ready" : "HELD";
}

}  // namespace

void write_visit_json(const storage::StoredVisit& visit, const app::ReviewRecord& review,
                      const std::optional<storage::WorklistRow>& billing, std::string_view zone, std::ostream& out) {
    const auto* countersigned = app::countersignature_of(review.countersignatures, visit.current().number);
    Json j = {{"id", visit.id},
              {"status", storage::to_string(visit.status)},
              {"created_by", visit.created_by},
              {"created_at", visit.created_at},
              {"updated_at", visit.updated_at},
              {"revisions", Json::array()}};
    for (const auto& r : visit.revisions) {
        Json rev = {{"number", r.number},         {"author", r.author},
                    {"created_at", r.created_at}, {"reason", r.reason},
                    {"signed", r.sealed},         {"signed_by", r.signed_by},
                    {"signed_at", r.signed_at},   {"content", content_json(r.content)}};
        rev["coding"] = r.coding ? coding_json(*r.coding) : Json(nullptr);
        j["revisions"].push_back(rev);
    }
    const auto countersignature_json = [](const storage::Countersignature& c) {
        return Json{{"supervisor", c.supervisor}, {"at", c.at}, {"revision", c.revision}, {"comment", c.comment}};
    };
    // "countersignature" is the current revision's (null after an amendment since); "countersignatures" all.
    j["countersignature"] = countersigned != nullptr ? countersignature_json(*countersigned) : Json(nullptr);
    j["countersignatures"] = Json::array();
    for (const auto& c : review.countersignatures) j["countersignatures"].push_back(countersignature_json(c));
    // Where the visit stands with billing now (the coding at signing says only ready or held): null for a draft.
    j["billing"] = billing ? Json{{"state", storage::to_string(billing->state)},
                                  {"batch", billing->batch ? Json(*billing->batch) : Json(nullptr)},
                                  {"hold_reasons", app::hold_reasons(*billing, zone)}}
                           : Json(nullptr);
    j["site_care_notes"] = Json::array();
    for (const auto& n : review.site_care) {
        j["site_care_notes"].push_back({{"author", n.author},
                                        {"at", n.at},
                                        {"location", n.location},
                                        {"conditions", n.conditions},
                                        {"grade", n.grade},
                                        {"text", n.text}});
    }
    j["correction_requests"] = Json::array();
    for (const auto& c : review.corrections) {
        j["correction_requests"].push_back(
            {{"requested_by", c.requested_by},
             {"at", c.at},
             {"revision", c.revision},
             {"reason", c.reason},
             {"resolved_revision", c.resolved_revision ? Json(*c.resolved_revision) : Json(nullptr)},
             {"resolved_at", c.resolved_revision ? Json(c.resolved_at) : Json(nullptr)}});
    }
    out << j.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

void write_visit_text(const storage::StoredVisit& visit, const app::ReviewRecord& review,
                      const std::optional<storage::WorklistRow>& billing, std::string_view zone, std::ostream& out) {
    const storage::Revision& current = visit.current();
    const auto* countersigned = app::countersignature_of(review.countersignatures, current.number);
    const core::Visit& v = current.content;
    const std::string visit_zone = v.time_zone.empty() ? std::string(zone) : v.time_zone;
    // What the nurse typed stays under its heading: one-line values keep a line break as "\n", notes and
    // reasons go on indented (core/terminal_text.hpp), so no value passes for a line of the report.
    out << "Visit " << visit.id << " - " << storage::to_string(visit.status) << ", created by "
        << core::one_line(visit.created_by) << " at " << stamp_text(visit.created_at, zone) << "\n";
    out << "Patient   " << core::one_line(v.patient.id) << "  " << core::one_line(v.patient.name);
    if (v.patient.birth_date) out << "  born " << core::format_date(*v.patient.birth_date);
    out << "\n";
    if (!v.patient.allergies.empty()) out << "Allergies " << core::continued(v.patient.allergies, "          ") << "\n";
    out << "Clinician " << core::one_line(v.clinician) << "   setting "
        << (v.setting ? core::to_string(*v.setting) : "(clinic default)") << "   zone "
        << (v.time_zone.empty() ? "(clinic default)" : core::one_line(v.time_zone)) << "\n";
    out << "Diagnoses";
    for (const auto& d : v.diagnoses) out << " " << core::one_line(d);
    out << "\n";
    for (const auto& s : v.substances) {
        out << "Substance " << core::one_line(s.name);
        if (s.dose) out << " " << *s.dose << " " << (s.unit ? core::to_string(*s.unit) : "?");
        if (!s.ndc.empty()) out << "  NDC " << core::one_line(s.ndc);
        if (!s.lot.empty()) out << "  lot " << core::one_line(s.lot);
        if (s.wasted && *s.wasted > 0.0) {
            out << "  discarded " << *s.wasted << " " << (s.unit ? core::to_string(*s.unit) : "?");
        }
        out << "\n";
        for (std::size_t i = 0; i < s.vials.size(); ++i) {
            const auto& vial = s.vials[i];
            out << "  vial " << i + 1 << "  lot " << (vial.lot.empty() ? "-" : core::one_line(vial.lot)) << "  expires "
                << (vial.expiry ? core::format_date(*vial.expiry) : "-");
            if (!vial.serial.empty()) out << "  serial " << core::one_line(vial.serial);
            if (!vial.gtin.empty()) out << "  GTIN " << core::one_line(vial.gtin);
            out << "\n";
        }
    }
    for (std::size_t i = 0; i < v.pump_setups.size(); ++i) {
        const auto& p = v.pump_setups[i];
        out << "Set-up " << i + 1 << "  " << core::one_line(p.pump);
        // The set-up time dates a facility 96371 and orders the set-ups: it was left out (found from outside).
        if (p.set_up_at) out << "  set up " << time_text(p.set_up_at, visit_zone);
        out << "  start " << time_text(p.start, visit_zone) << "  stop "
            << (p.stop ? time_text(p.stop, visit_zone) : "(not documented)") << "\n";
        for (const auto& s : p.sites) {
            out << "  site " << std::left << std::setw(22) << core::one_line(s.location) << " "
                << core::one_line(s.needle) << "  prep " << flag(s.prepped, "done", "not done") << ", aspiration "
                << (s.aspiration ? core::to_string(*s.aspiration) : "not documented") << ", secured "
                << flag(s.secured, "yes", "no") << (s.usable() ? "" : "  [needle removed: blood return]") << "\n";
        }
        // The pauses come off the billed minutes: the text left them out, and the minutes below did not add up
        // (found from outside).
        for (const auto& pause : p.pauses) {
            out << "  paused " << time_text(pause.start, visit_zone) << "  resumed "
                << (pause.stop ? time_text(pause.stop, visit_zone) : "(not documented)");
            if (!pause.reason.empty()) out << "  " << core::one_line(pause.reason);
            out << "\n";
        }
    }
    for (const auto& n : v.notes) {
        out << "Note " << (n.at ? time_text(n.at, visit_zone) : "") << " [" << core::to_string(n.kind) << "] "
            << core::continued(n.text, "     ") << "\n";
    }
    for (const auto& r : visit.revisions) {
        if (r.number == 0 && !r.sealed) {
            // A draft's revision names whoever saved it last, who need not be who created it (any nurse
            // documents a draft, users.md): both are said (found from outside: a colleague's edit read
            // as the original's author).
            out << "Revision 0 (draft) created by " << core::one_line(visit.created_by) << ", last saved by "
                << core::one_line(r.author);
        } else if (r.number == 0 && !visit.created_by.empty() && visit.created_by != r.author) {
            out << "Revision 0 (original) created by " << core::one_line(visit.created_by) << ", last saved by "
                << core::one_line(r.author);
        } else if (r.number == 0) {
            out << "Revision 0 (original) by " << core::one_line(r.author);
        } else {
            out << "Amendment " << r.number << " by " << core::one_line(r.author) << " at "
                << stamp_text(r.created_at, zone) << ": " << core::continued(r.reason, "     ");
        }
        if (r.sealed) out << "; signed by " << core::one_line(r.signed_by) << " at " << stamp_text(r.signed_at, zone);
        out << "\n";
    }
    for (const auto& c : review.countersignatures) {
        out << "Countersigned by " << core::one_line(c.supervisor) << " at " << stamp_text(c.at, zone) << " (revision "
            << c.revision << (&c == countersigned ? ")" : "; amended since)");
        if (!c.comment.empty()) out << ": " << core::continued(c.comment, "     ");
        out << "\n";
    }
    if (countersigned == nullptr && visit.status != storage::VisitStatus::draft) {
        out << "Not countersigned";
        if (!review.countersignatures.empty()) out << " since amendment " << current.number;
        out << "\n";
    }
    for (const auto& c : review.corrections) {
        out << "Correction requested by " << core::one_line(c.requested_by) << " at " << stamp_text(c.at, zone)
            << " (revision " << c.revision << "): " << core::continued(c.reason, "     ") << "\n";
        if (c.resolved_revision) {
            out << "  answered by amendment " << *c.resolved_revision << " at " << stamp_text(c.resolved_at, zone)
                << "\n";
        } else {
            out << "  open: the visit's clinician is asked to amend it\n";
        }
    }
    for (const auto& n : review.site_care) {
        out << "Site-care note by " << core::one_line(n.author) << " at " << n.at << ": "
            << (n.location.empty() ? std::string("the visit as a whole") : core::one_line(n.location)) << ", grade "
            << n.grade;
        if (n.grade >= 0 && static_cast<std::size_t>(n.grade) < app::site_care_grades.size()) {
            out << " " << app::site_care_grades[static_cast<std::size_t>(n.grade)];
        }
        if (!n.conditions.empty()) {
            out << " (";
            for (std::size_t i = 0; i < n.conditions.size(); ++i) {
                out << (i == 0 ? "" : ", ") << core::one_line(n.conditions[i]);
            }
            out << ")";
        }
        if (!n.text.empty()) out << ": " << core::continued(n.text, "     ");
        out << "\n";
    }
    if (current.coding) {
        const auto& c = *current.coding;
        out << "Billing (rules " << c.rules_version << "): " << billing_words(c, billing, zone);
        if (c.infusion_minutes) out << ", SC infusion " << *c.infusion_minutes << " min";
        out << "\n";
        for (const auto& l : c.lines) {
            // The code with its modifiers as one column ("J1559-JW"), as the worklist and the footer
            // write it: modifiers after the units pushed that line's reason out of line (found from outside).
            out << "  " << std::left << std::setw(10) << core::code_with_modifiers(l) << " x" << std::setw(5) << l.units
                << " " << core::one_line(l.reason) << "\n";
        }
        for (const auto& p : c.problems) {
            out << "  " << core::to_string(p.severity) << " " << p.code << ": " << core::one_line(p.message) << "\n";
        }
    }
}

}  // namespace infusion::cli
