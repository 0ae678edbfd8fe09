// The visit record as PDF. Sections: 1. wording helpers  2. one visit  3. the cover page  4. write_pdf
#include "core/time_entry.hpp"
#include "print/pdf_canvas.hpp"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>

#include <cstdio>
#include <string>

namespace infusion::print {
namespace {

using detail::Canvas;
using detail::Weight;

// ---- 1. wording helpers --------------------------------------------------------------------------
// A documented time with its UTC offset (printing.md): the one recorded with it (a "Now" or the repeated hour's
// choice), else the visit's zone's at that moment. A reading the zone does not place (the repeated hour
// without a choice, a skipped hour) is printed without, as documented; its visit says why it is held.
std::string when(const std::optional<core::WallTime>& t, const std::string& zone) {
    if (!t) return "not documented";
    std::string s = core::format_local(*t);
    std::optional<std::chrono::minutes> offset = t->utc_offset;
    if (!offset) {
        if (const core::ResolvedTime placed = core::resolve(*t, zone); placed.status == core::TimeResolution::ok) {
            offset = placed.offset;
        }
    }
    if (offset) s += " (UTC" + core::format_offset(*offset) + ")";
    return s;
}

// The zone a visit's times are read in: its own, else the clinic's.
const std::string& zone_of(const Document& doc, const core::Visit& v) {
    return v.time_zone.empty() ? doc.clinic.time_zone : v.time_zone;
}

std::string yes_no(const std::optional<bool>& v, const char* yes, const char* no) {
    if (!v) return "not documented";
    return *v ? yes : no;
}

std::string number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
}

// A stored UTC stamp (signed, amended, countersigned, printed) as the clinic reads it, with its zone:
// "2026-03-02 10:40 EST", as the window shows it. Printed in UTC, a visit of 4 December in New York read
// "signed 2026-12-05 00:32 UTC" (found from outside).
std::string stamp(const Document& doc, const std::string& iso) { return core::format_stamp(iso, doc.clinic.time_zone); }

std::string site_name(const Document& doc, const std::string& id) {
    for (const auto& s : doc.sites) {
        if (s.id == id) return s.name;
    }
    return id;
}

// ---- 2. one visit ----------------------------------------------------------------------------------
void patient_banner(Canvas& c, const core::Patient& p) {
    // Wrapped, the banner as tall as its lines: a long allergy list ran off the page's edge and its end
    // (", sulfa, adhesive tape, iodine") was not on paper at all (found from outside).
    const double width = c.content_width() - 12.0;
    c.font(Weight::bold, 11.0);
    // An id that says it is one ("MRN-004211") is not labelled again: "MRN MRN-004211" (found from outside).
    const bool says_mrn = p.id.size() >= 3 && (p.id.compare(0, 3, "MRN") == 0 || p.id.compare(0, 3, "mrn") == 0);
    const auto name = c.wrap((p.name.empty() ? "(no name)" : p.name) + (says_mrn ? "   " : "   MRN ") + p.id, width);
    c.font(Weight::normal, 9.0);
    std::string line = "Born " + (p.birth_date ? core::format_date(*p.birth_date) : std::string("not recorded"));
    line += "   Allergies: " + (p.allergies.empty() ? std::string("none recorded") : p.allergies);
    const auto details = c.wrap(line, width);
    const double height = 8.0 + 13.0 * static_cast<double>(name.size()) + 11.0 * static_cast<double>(details.size());
    c.ensure(height + 8.0);
    const double top = c.y() + 4.0;
    cairo_set_source_rgb(c.cr(), 0.93, 0.95, 0.98);
    cairo_rectangle(c.cr(), c.left(), top, c.content_width(), height);
    cairo_fill(c.cr());
    cairo_set_source_rgb(c.cr(), 0, 0, 0);
    double y = top + 1.0;
    c.font(Weight::bold, 11.0);
    for (const auto& text : name) c.show(c.left() + 6.0, y += 13.0, text);
    c.font(Weight::normal, 9.0);
    y += 1.0;
    for (const auto& text : details) c.show(c.left() + 6.0, y += 11.0, text);
    c.set_y(top + height + 4.0);
}

void substances(Canvas& c, const core::Visit& v) {
    c.section("Substance");
    if (v.substances.empty()) c.paragraph("No substance documented.");
    for (std::size_t i = 0; i < v.substances.size(); ++i) {
        const auto& s = v.substances[i];
        std::string dose =
            s.dose ? number(*s.dose) + " " + (s.unit ? core::to_string(*s.unit) : "?") : "not documented";
        c.field("Product", s.name.empty() ? "(not named)" : s.name);
        c.field("Dose", dose);
        c.field("NDC", s.ndc.empty() ? "not documented" : s.ndc);
        c.field("Lot", s.lot.empty() ? "not documented" : s.lot);
        if (s.wasted) c.field("Discarded", number(*s.wasted) + " " + (s.unit ? core::to_string(*s.unit) : ""));
        if (!s.vials.empty()) {
            c.row({"Vial", "Lot", "Expiry", "Serial", "GTIN"}, {0, 40, 150, 230, 360}, Weight::bold);
            for (std::size_t j = 0; j < s.vials.size(); ++j) {
                const auto& vial = s.vials[j];
                c.row({std::to_string(j + 1), vial.lot.empty() ? "-" : vial.lot,
                       vial.expiry ? core::format_date(*vial.expiry) : "-", vial.serial.empty() ? "-" : vial.serial,
                       vial.gtin.empty() ? "-" : vial.gtin},
                      {0, 40, 150, 230, 360});
            }
        }
        if (i + 1 < v.substances.size()) c.rule();
    }
}

void setups(Canvas& c, const Document& doc, const core::Visit& v) {
    c.section("Pump set-ups and sites");
    // The body map on the right of the set-up list, one drawing for all set-ups (numbers = set-up).
    const double map_w = 150.0;
    const double map_h = detail::body_map_height(map_w);
    c.ensure(map_h + 8.0);
    const double top = c.y();
    detail::draw_body_map(c, c.left() + c.content_width() - map_w, top + 6.0, map_w, v, doc.sites);
    const double text_w = c.content_width() - map_w - 14.0;
    if (v.pump_setups.empty()) c.paragraph("No pump set-up documented.", 0, Weight::normal, 9.0, text_w);
    for (std::size_t i = 0; i < v.pump_setups.size(); ++i) {
        const auto& p = v.pump_setups[i];
        c.paragraph("Set-up " + std::to_string(i + 1) + ": " + (p.pump.empty() ? "(pump not named)" : p.pump), 0,
                    Weight::bold, 9.5, text_w);
        const std::string& zone = zone_of(doc, v);
        c.paragraph(
            "Set up " + when(p.set_up_at, zone) + "; start " + when(p.start, zone) + "; stop " + when(p.stop, zone),
            8.0, Weight::normal, 9.0, text_w - 8.0);
        for (const auto& pause : p.pauses) {
            c.paragraph("Paused " + when(pause.start, zone) + " to " + when(pause.stop, zone) +
                            (pause.reason.empty() ? "" : ": " + pause.reason),
                        8.0, Weight::normal, 9.0, text_w - 8.0);
        }
        for (std::size_t j = 0; j < p.sites.size(); ++j) {
            const auto& s = p.sites[j];
            c.paragraph("Site " + std::to_string(j + 1) + ": " + site_name(doc, s.location) +
                            (s.needle.empty() ? "" : ", needle " + s.needle) + ". Prep " +
                            yes_no(s.prepped, "done", "not done") + "; aspiration " +
                            (s.aspiration ? core::to_string(*s.aspiration) : "not documented") + "; secured " +
                            yes_no(s.secured, "yes", "no") +
                            (s.usable() ? "" : ". Needle removed (blood return): not an infusion site"),
                        16.0, Weight::normal, 8.5, text_w - 16.0);
        }
    }
    c.set_y(std::max(c.y(), top + map_h + 10.0));
}

void notes(Canvas& c, const Document& doc, const core::Visit& v) {
    c.section("Notes and reactions");
    if (v.notes.empty()) c.paragraph("No notes.");
    for (const auto& n : v.notes) {
        // Both stand out in bold; only a reaction is called one (a site condition printed "REACTION" read
        // as a systemic reaction to the drug, found from outside).
        const bool reaction = n.kind == core::NoteKind::reaction;
        const bool stands_out = reaction || n.kind == core::NoteKind::site_condition;
        // With its UTC offset, as the set-up times: in the repeated hour of a fall-back night "01:45" is
        // two moments (found from outside).
        // A reaction's kind in capitals, once ("[reaction] REACTION" said it twice).
        const std::string kind = reaction ? std::string("REACTION") : core::to_string(n.kind);
        c.paragraph((n.at ? when(n.at, zone_of(doc, v)) : std::string("(no time)")) + "  [" + kind + "]  " + n.text, 0,
                    stands_out ? Weight::bold : Weight::normal);
    }
}

void billing(Canvas& c, const RevisionRecord& r) {
    c.section("Billing lines (derived at signing, with reasons)");
    c.field("Infusion time", r.infusion_minutes ? std::to_string(*r.infusion_minutes) + " min" : "not derived");
    c.field("Claim", r.billable ? "billable" : "held (see problems)");
    c.field("Rules version", r.rules_version.empty() ? "-" : r.rules_version);
    const std::vector<double> x{0, 50, 82, 140, 230};
    c.row({"Code", "Units", "Modifiers", "NDC", "Reason"}, x, Weight::bold);
    for (const auto& l : r.lines) {
        std::string modifiers;
        for (const auto& m : l.modifiers) modifiers += (modifiers.empty() ? "" : " ") + m;
        std::string ndc = l.ndc;
        if (!ndc.empty() && l.ndc_quantity) ndc += " " + l.ndc_unit + " " + number(*l.ndc_quantity);
        c.row({l.code, std::to_string(l.units), modifiers.empty() ? "-" : modifiers, ndc.empty() ? "-" : ndc, l.reason},
              x);
    }
    if (r.lines.empty()) c.paragraph("No billing lines.");
    for (const auto& p : r.problems) {
        c.paragraph(std::string(core::to_string(p.severity)) + " " + p.code +
                        (p.field.empty() ? "" : " at " + p.field) + ": " + p.message,
                    8.0, Weight::normal, 8.5);
    }
}

void signatures(Canvas& c, const Document& doc, const VisitRecord& visit) {
    c.section("Signatures, amendments and seal");
    for (const auto& r : visit.revisions) {
        if (r.number == 0) {
            // Who began the visit, and who saved it last when a colleague did: the last saver alone was
            // printed as the one who documented it (found from outside).
            const bool colleague = !visit.created_by.empty() && visit.created_by != r.author;
            c.field("Documented by", colleague ? visit.created_by + ", " + stamp(doc, visit.created_at) +
                                                     "; last saved by " + r.author + ", " + stamp(doc, r.created_at)
                                               : r.author + ", " + stamp(doc, r.created_at));
            c.field("Signed by", r.sealed ? r.signed_by + ", " + stamp(doc, r.signed_at) : "NOT SIGNED (draft)");
        } else {
            c.field("Amendment " + std::to_string(r.number),
                    r.author + ", " + stamp(doc, r.created_at) + ". Reason: " + r.reason +
                        (r.sealed ? ". Signed by " + r.signed_by + ", " + stamp(doc, r.signed_at) : ""));
        }
        c.field("Seal (SHA-256)", r.seal.empty() ? "none: not signed" : r.seal, 92.0, 0.0);
    }
    if (visit.countersignature) {
        const auto& cs = *visit.countersignature;
        c.field("Countersigned", cs.supervisor + ", " + stamp(doc, cs.at) + " (revision " +
                                     std::to_string(cs.revision) + ")" +
                                     (cs.comment.empty() ? "" : ". Comment: " + cs.comment));
    } else {
        c.field("Countersigned", "not countersigned");
    }
    for (const auto& line : visit.review) c.paragraph(line, 0, Weight::normal, 8.5);
    if (!visit.seal_source.empty()) c.paragraph(visit.seal_source, 0, Weight::normal, 7.5);
}

void visit_pages(Canvas& c, const Document& doc, const VisitRecord& visit) {
    c.set_running(
        doc.clinic.name + "  -  Infusion visit record, visit " + std::to_string(visit.id) + "  -  " +
            visit.content.patient.name + " (" + visit.content.patient.id + ")",
        "Printed " + stamp(doc, doc.printed_at) + " by " + doc.printed_by + "   visit " + std::to_string(visit.id));
    c.begin_page();
    c.title(doc.clinic.name.empty() ? "Infusion visit record" : doc.clinic.name);
    c.paragraph("SC infusion visit record   Visit " + std::to_string(visit.id) + "   Status: " + visit.status +
                (doc.clinic.npi.empty() ? "" : "   NPI " + doc.clinic.npi));
    patient_banner(c, visit.content.patient);
    const auto& v = visit.content;
    c.section("Visit");
    c.field("Date of service", visit.date_of_service.empty() ? "not documented" : visit.date_of_service);
    c.field("Clinician", v.clinician.empty() ? "not documented" : v.clinician);
    c.field("Setting", v.setting ? core::to_string(*v.setting) : "clinic default");
    c.field("Time zone", v.time_zone.empty() ? doc.clinic.time_zone + " (clinic default)" : v.time_zone);
    std::string diagnoses;
    for (const auto& d : v.diagnoses) diagnoses += (diagnoses.empty() ? "" : ", ") + d;
    c.field("Diagnoses", diagnoses.empty() ? "none documented" : diagnoses);
    substances(c, v);
    setups(c, doc, v);
    notes(c, doc, v);
    if (!visit.revisions.empty() && visit.revisions.back().sealed) {
        billing(c, visit.revisions.back());
    } else {
        c.section("Billing lines");
        c.paragraph("Not derived: the visit is a draft. Lines are fixed when it is signed.");
    }
    signatures(c, doc, visit);
    c.end_page();
}

// ---- 3. the cover page -------------------------------------------------------------------------------
void cover_page(Canvas& c, const Document& doc) {
    const auto& cover = *doc.cover;
    c.set_running(doc.clinic.name + "  -  Records for " + cover.patient_name + " (" + cover.patient_id + ")",
                  "Printed " + stamp(doc, doc.printed_at) + " by " + doc.printed_by + "   cover");
    c.begin_page();
    c.title(doc.clinic.name.empty() ? "Infusion records" : doc.clinic.name);
    if (!doc.clinic.npi.empty())
        c.paragraph("NPI " + doc.clinic.npi + (doc.clinic.tax_id.empty() ? "" : "   Tax ID " + doc.clinic.tax_id));
    c.gap(6.0);
    c.paragraph("Infusion visit records", 0, Weight::bold, 12.0);
    c.field("Patient", cover.patient_name.empty() ? "(no name)" : cover.patient_name);
    c.field("MRN", cover.patient_id);
    c.field("Born", cover.birth_date.empty() ? "not recorded" : cover.birth_date);
    c.field("Dates of service", cover.from + " to " + cover.to);
    c.field("Visits enclosed", std::to_string(doc.visits.size()));
    c.section("Enclosed visits");
    const std::vector<double> x{0, 60, 140, 210, 290, 360};
    c.row({"Visit", "Date", "Status", "Infusion", "Claim", "Signed by"}, x, Weight::bold);
    for (const auto& v : doc.visits) {
        const RevisionRecord* r = v.revisions.empty() ? nullptr : &v.revisions.back();
        c.row({std::to_string(v.id), v.date_of_service.empty() ? "-" : v.date_of_service, v.status,
               r && r->infusion_minutes ? std::to_string(*r->infusion_minutes) + " min" : "-",
               r && r->sealed ? (r->billable ? "billable" : "held") : "draft",
               v.revisions.empty() || !v.revisions.front().sealed ? "-" : v.revisions.front().signed_by},
              x);
    }
    if (doc.visits.empty()) c.paragraph("No visits of this patient in the range.");
    c.gap(10.0);
    c.paragraph(
        "Each record that follows is a complete copy of the visit as documented and signed, with its "
        "amendments and their reasons. Prepared by " +
        doc.printed_by + " on " + stamp(doc, doc.printed_at) + ".");
    c.end_page();
}

}  // namespace

// ---- 4. render_pdf -----------------------------------------------------------------------------------
namespace {

// cairo's stream callback: appends each piece of the PDF to the std::string behind `closure`.
cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

core::Result<std::string> render_pdf(const Document& document) {
    const auto size = detail::page_size(document.paper);
    std::string pdf;
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_to_string, &pdf, size.width, size.height);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        const std::string why = cairo_status_to_string(cairo_surface_status(surface));
        cairo_surface_destroy(surface);
        return core::Error{"cannot make the PDF: " + why + "; nothing was written", {}, {}};
    }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "Infusion visit record");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "InfusionDoc");
    cairo_t* cr = cairo_create(surface);
    {
        Canvas canvas(cr, size);
        if (document.cover) cover_page(canvas, document);
        for (const auto& visit : document.visits) visit_pages(canvas, document, visit);
    }
    const auto status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const auto finished = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    // cairo keeps the fontconfig patterns of the fonts it used in static caches; release them so a
    // long-running window does not hold them and LeakSanitizer sees every allocation returned.
    cairo_debug_reset_static_data();
    FcFini();  // and fontconfig's own configuration and caches, read again on the next print
    if (status != CAIRO_STATUS_SUCCESS || finished != CAIRO_STATUS_SUCCESS) {
        return core::Error{"cannot make the PDF: " +
                               std::string(cairo_status_to_string(status != CAIRO_STATUS_SUCCESS ? status : finished)) +
                               "; nothing was written",
                           {},
                           {}};
    }
    return pdf;
}

}  // namespace infusion::print
