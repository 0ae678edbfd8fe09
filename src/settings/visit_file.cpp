#include "settings/visit_file.hpp"

#include "core/codes.hpp"
#include "settings/toml_fields.hpp"

#include "core/gs1.hpp"

namespace infusion::settings {
namespace {

using core::Error;
using core::Result;

template <typename E>
std::optional<E> enum_field(Fields& f, std::string_view key, std::optional<E> (*parse)(std::string_view),
                            const char* allowed) {
    auto text = f.text(key);
    if (!text) return std::nullopt;
    auto value = parse(*text);
    if (!value) f.fail(key, "'" + *text + "' is not allowed: use " + allowed);
    return value;
}

core::Site read_site(const toml::table& t, const std::string& path, ReadContext& ctx, const core::SiteCatalog& sites) {
    Fields f(t, path, ctx);
    core::Site site;
    site.location = f.text("location").value_or("");
    if (!site.location.empty() && sites.find(site.location) == nullptr) {
        std::string known;
        for (const auto& s : sites.sites) known += (known.empty() ? "" : ", ") + s.id;
        f.fail("location", "unknown site '" + site.location + "' (known: " + known + ")");
    }
    site.needle = f.text("needle").value_or("");
    site.prepped = f.boolean("prepped");
    site.aspiration = enum_field<core::Aspiration>(f, "aspiration", core::aspiration_from_string,
                                                   "\"no-blood\", \"blood\" or \"not-checked\"");
    site.secured = f.boolean("secured");
    f.finish();
    return site;
}

core::PumpSetup read_setup(const toml::table& t, const std::string& path, ReadContext& ctx,
                           const core::SiteCatalog& sites) {
    Fields f(t, path, ctx);
    core::PumpSetup setup;
    setup.pump = f.text("pump").value_or("");
    setup.set_up_at = f.date_time("set_up_at");
    setup.start = f.date_time("start");
    setup.stop = f.date_time("stop");
    const auto site_tables = f.tables("sites");
    for (std::size_t i = 0; i < site_tables.size(); ++i) {
        setup.sites.push_back(read_site(*site_tables[i], f.field("sites") + "[" + std::to_string(i) + "]", ctx, sites));
    }
    const auto pause_tables = f.tables("pauses");
    for (std::size_t i = 0; i < pause_tables.size(); ++i) {
        Fields p(*pause_tables[i], f.field("pauses") + "[" + std::to_string(i) + "]", ctx);
        core::Pause pause;
        pause.start = p.date_time("start");
        pause.stop = p.date_time("stop");
        pause.reason = p.text("reason").value_or("");
        p.finish();
        setup.pauses.push_back(std::move(pause));
    }
    f.finish();
    return setup;
}

core::Substance read_substance(const toml::table& t, const std::string& path, ReadContext& ctx) {
    Fields f(t, path, ctx);
    core::Substance s;
    s.name = f.text("name").value_or("");
    s.dose = f.number("dose");
    s.unit = enum_field<core::DoseUnit>(f, "unit", core::dose_unit_from_string, "\"g\", \"mg\", \"mL\" or \"units\"");
    s.ndc = f.text("ndc").value_or("");
    s.lot = f.text("lot").value_or("");
    s.wasted = f.number("wasted");
    const auto vial_tables = f.tables("vials");
    for (std::size_t i = 0; i < vial_tables.size(); ++i) {
        Fields v(*vial_tables[i], f.field("vials") + "[" + std::to_string(i) + "]", ctx);
        core::Vial vial;
        vial.gtin = v.text("gtin").value_or("");
        // A GTIN is only ever kept with a good check digit: a typo here would name another product.
        if (!vial.gtin.empty() && !core::gtin_check_digit_ok(vial.gtin)) {
            v.fail("gtin", "'" + vial.gtin + "' is not a GTIN-14 with a correct check digit");
        }
        vial.lot = v.text("lot").value_or("");
        vial.expiry = v.date("expiry");
        vial.serial = v.text("serial").value_or("");
        v.finish();
        s.vials.push_back(std::move(vial));
    }
    f.finish();
    return s;
}

VisitFile read_root(const toml::table& root, const core::SiteCatalog& sites) {
    VisitFile out;
    ReadContext ctx;
    ctx.unknown_keys_are_errors = false;
    Fields top(root, "", ctx);
    const auto format = top.text("format");
    if (!format) throw ReadError("format: missing: a visit file starts with format = \"infusiondoc-visit-1\"", {1, 1});
    if (*format != visit_format_1) {
        top.fail("format",
                 "'" + *format + "' is not a visit format this program reads (expected \"" + visit_format_1 + "\")");
    }
    core::Visit& v = out.visit;
    if (const toml::table* t = top.table("patient")) {
        Fields f(*t, "patient", ctx);
        // Blanks around an id (a space, a no-break space from a pasted MRN) made another patient, who then
        // billed the first hour again on the date (found from outside): they are no part of the id.
        v.patient.id = std::string(core::trim_blanks(f.text("id").value_or("")));
        v.patient.name = f.text("name").value_or("");
        v.patient.birth_date = f.date("birth_date");
        v.patient.allergies = f.text("allergies").value_or("");
        f.finish();
    }
    if (const toml::table* t = top.table("visit")) {
        Fields f(*t, "visit", ctx);
        v.clinician = f.text("clinician").value_or("");
        v.setting = enum_field<core::Setting>(f, "setting", core::setting_from_string, "\"office\" or \"facility\"");
        v.time_zone = f.text("time_zone").value_or("");
        if (!v.time_zone.empty() && !core::is_known_zone(v.time_zone)) {
            f.fail("time_zone", "unknown time zone '" + v.time_zone + "': use an IANA name such as America/New_York");
        }
        // [ed. 2] "D801" is read as D80.1: claims carry the code without its dot; we store and show it dotted.
        v.diagnoses = f.text_list("diagnoses");
        for (auto& code : v.diagnoses) code = core::dotted_icd10cm(code);
        f.finish();
    }
    const auto substances = top.tables("substances");
    for (std::size_t i = 0; i < substances.size(); ++i) {
        v.substances.push_back(read_substance(*substances[i], "substances[" + std::to_string(i) + "]", ctx));
    }
    const auto setups = top.tables("pump_setups");
    for (std::size_t i = 0; i < setups.size(); ++i) {
        v.pump_setups.push_back(read_setup(*setups[i], "pump_setups[" + std::to_string(i) + "]", ctx, sites));
    }
    const auto notes = top.tables("notes");
    for (std::size_t i = 0; i < notes.size(); ++i) {
        Fields f(*notes[i], "notes[" + std::to_string(i) + "]", ctx);
        core::Note note;
        note.at = f.date_time("at");
        note.kind = enum_field<core::NoteKind>(f, "kind", core::note_kind_from_string,
                                               "\"general\", \"monitoring\", \"reaction\", \"site-condition\" or "
                                               "\"instructions\"")
                        .value_or(core::NoteKind::general);
        note.text = f.text("text").value_or("");
        f.finish();
        v.notes.push_back(std::move(note));
    }
    top.finish();
    out.notices = std::move(ctx.notices);
    out.positions = std::move(ctx.positions);
    return out;
}

}  // namespace

Result<VisitFile> parse_visit(std::string_view text, const std::string& source_name, const core::SiteCatalog& sites) {
    try {
        if (text.size() > max_visit_file_bytes) throw ReadError("the file is too large to be a visit file", {});
        return read_root(parse_text(text, source_name), sites);
    } catch (const ReadError& e) {
        return Error{e.what(), source_name, e.pos};
    }
}

Result<VisitFile> read_visit_file(const std::filesystem::path& file, const core::SiteCatalog& sites) {
    try {
        return read_root(parse_file(file.string(), max_visit_file_bytes), sites);
    } catch (const ReadError& e) {
        return Error{e.what(), file.string(), e.pos};
    }
}

}  // namespace infusion::settings
