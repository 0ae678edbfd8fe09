// Visit content <-> rows. Sections: 1. helpers  2. patients  3. content  4. coding
#include "storage/visit_rows.hpp"

#include "storage/sqlite_support.hpp"

#include <stdexcept>

namespace infusion::storage::detail {
namespace {

// ---- 1. helpers --------------------------------------------------------------------------------
std::optional<std::string> time_text(const std::optional<core::WallTime>& t) {
    if (!t) return std::nullopt;
    return core::format_iso(*t);
}

std::optional<core::WallTime> time_value(const SQLite::Column& c) {
    auto text = column_text(c);
    if (!text) return std::nullopt;
    auto parsed = core::parse_iso(*text);
    // Only this program writes these columns; a value it cannot read means the file was edited by hand.
    if (!parsed) throw std::runtime_error("unreadable time '" + *text + "' in the database");
    return parsed;
}

}  // namespace

VisitSummary read_summary(SQLite::Statement& s) {
    VisitSummary row;
    row.id = s.getColumn(0).getInt64();
    row.patient_id = s.getColumn(1).getString();
    row.patient_name = s.getColumn(2).getString();
    row.status = visit_status_from_string(s.getColumn(3).getString()).value_or(VisitStatus::draft);
    row.date_of_service = core::parse_date(s.getColumn(4).getString());
    row.clinician = s.getColumn(5).getString();
    row.revision = s.getColumn(6).getInt();
    row.infusion_minutes = column_int(s.getColumn(7));
    row.billable = column_flag(s.getColumn(8));
    row.updated_at = s.getColumn(9).getString();
    return row;
}

// ---- 2. patients -------------------------------------------------------------------------------
std::int64_t upsert_patient(Connection& db, const core::Patient& patient) {
    auto upsert_use = db.prepare(
        "INSERT INTO patients(mrn, name, birth_date, allergies) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(mrn) DO UPDATE SET "
        "name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE name END, "
        "birth_date = COALESCE(excluded.birth_date, birth_date), "
        "allergies = CASE WHEN excluded.allergies <> '' THEN excluded.allergies ELSE allergies END "
        "RETURNING id");
    SQLite::Statement& upsert = *upsert_use;
    upsert.bind(1, patient.id);
    upsert.bind(2, patient.name);
    bind_text(upsert, 3,
              patient.birth_date ? std::optional<std::string>(core::format_date(*patient.birth_date)) : std::nullopt);
    upsert.bind(4, patient.allergies);
    if (!upsert.executeStep()) throw std::runtime_error("patient row not written");
    return upsert.getColumn(0).getInt64();
}

// ---- 3. content --------------------------------------------------------------------------------
void insert_content(Connection& db, VisitId id, int revision, const core::Visit& v) {
    {
        auto s_use = db.prepare("INSERT INTO diagnoses(visit_id, revision, ord, code) VALUES (?, ?, ?, ?)");
        SQLite::Statement& s = *s_use;
        for (std::size_t i = 0; i < v.diagnoses.size(); ++i) {
            s.bind(1, id), s.bind(2, revision), s.bind(3, static_cast<int>(i)), s.bind(4, v.diagnoses[i]);
            s.exec();
            s.reset();
        }
    }
    {
        auto s_use = db.prepare(
            "INSERT INTO substances(visit_id, revision, ord, name, dose, unit, ndc, lot, wasted) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        SQLite::Statement& s = *s_use;
        for (std::size_t i = 0; i < v.substances.size(); ++i) {
            const auto& x = v.substances[i];
            s.bind(1, id), s.bind(2, revision), s.bind(3, static_cast<int>(i)), s.bind(4, x.name);
            bind_real(s, 5, x.dose);
            bind_text(s, 6, x.unit ? std::optional<std::string>(core::to_string(*x.unit)) : std::nullopt);
            s.bind(7, x.ndc), s.bind(8, x.lot);
            bind_real(s, 9, x.wasted);
            s.exec();
            s.reset();
        }
        auto vial_use = db.prepare(
            "INSERT INTO vials(visit_id, revision, substance_ord, ord, gtin, lot, expiry, serial) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        SQLite::Statement& vial = *vial_use;
        for (std::size_t i = 0; i < v.substances.size(); ++i) {
            const auto& vials = v.substances[i].vials;
            for (std::size_t j = 0; j < vials.size(); ++j) {
                const auto& x = vials[j];
                vial.bind(1, id), vial.bind(2, revision), vial.bind(3, static_cast<int>(i));
                vial.bind(4, static_cast<int>(j)), vial.bind(5, x.gtin), vial.bind(6, x.lot);
                bind_text(vial, 7, x.expiry ? std::optional<std::string>(core::format_date(*x.expiry)) : std::nullopt);
                vial.bind(8, x.serial);
                vial.exec();
                vial.reset();
            }
        }
    }
    auto setup_row_use = db.prepare(
        "INSERT INTO pump_setups(visit_id, revision, ord, pump, set_up_at, start, stop) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement& setup_row = *setup_row_use;
    auto site_row_use = db.prepare(
        "INSERT INTO sites(visit_id, revision, setup_ord, ord, location, needle, prepped, "
        "aspiration, secured) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement& site_row = *site_row_use;
    auto pause_row_use = db.prepare(
        "INSERT INTO pauses(visit_id, revision, setup_ord, ord, start, stop, reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement& pause_row = *pause_row_use;
    for (std::size_t i = 0; i < v.pump_setups.size(); ++i) {
        const auto& p = v.pump_setups[i];
        const int ord = static_cast<int>(i);
        setup_row.bind(1, id), setup_row.bind(2, revision), setup_row.bind(3, ord), setup_row.bind(4, p.pump);
        bind_text(setup_row, 5, time_text(p.set_up_at));
        bind_text(setup_row, 6, time_text(p.start));
        bind_text(setup_row, 7, time_text(p.stop));
        setup_row.exec();
        setup_row.reset();
        for (std::size_t j = 0; j < p.sites.size(); ++j) {
            const auto& site = p.sites[j];
            site_row.bind(1, id), site_row.bind(2, revision), site_row.bind(3, ord);
            site_row.bind(4, static_cast<int>(j)), site_row.bind(5, site.location), site_row.bind(6, site.needle);
            bind_flag(site_row, 7, site.prepped);
            bind_text(site_row, 8,
                      site.aspiration ? std::optional<std::string>(core::to_string(*site.aspiration)) : std::nullopt);
            bind_flag(site_row, 9, site.secured);
            site_row.exec();
            site_row.reset();
        }
        for (std::size_t j = 0; j < p.pauses.size(); ++j) {
            const auto& pause = p.pauses[j];
            pause_row.bind(1, id), pause_row.bind(2, revision), pause_row.bind(3, ord);
            pause_row.bind(4, static_cast<int>(j));
            bind_text(pause_row, 5, time_text(pause.start));
            bind_text(pause_row, 6, time_text(pause.stop));
            pause_row.bind(7, pause.reason);
            pause_row.exec();
            pause_row.reset();
        }
    }
    auto note_row_use =
        db.prepare("INSERT INTO notes(visit_id, revision, ord, at, kind, text) VALUES (?, ?, ?, ?, ?, ?)");
    SQLite::Statement& note_row = *note_row_use;
    for (std::size_t i = 0; i < v.notes.size(); ++i) {
        const auto& n = v.notes[i];
        note_row.bind(1, id), note_row.bind(2, revision), note_row.bind(3, static_cast<int>(i));
        bind_text(note_row, 4, time_text(n.at));
        note_row.bind(5, core::to_string(n.kind)), note_row.bind(6, n.text);
        note_row.exec();
        note_row.reset();
    }
}

void delete_content(Connection& db, VisitId id, int revision) {
    // Children before parents, for the foreign keys.
    for (const char* sql : {"DELETE FROM sites WHERE visit_id = ? AND revision = ?",
                            "DELETE FROM pauses WHERE visit_id = ? AND revision = ?",
                            "DELETE FROM pump_setups WHERE visit_id = ? AND revision = ?",
                            "DELETE FROM vials WHERE visit_id = ? AND revision = ?",
                            "DELETE FROM substances WHERE visit_id = ? AND revision = ?",
                            "DELETE FROM diagnoses WHERE visit_id = ? AND revision = ?",
                            "DELETE FROM notes WHERE visit_id = ? AND revision = ?"}) {
        auto s_use = db.prepare(sql);
        SQLite::Statement& s = *s_use;
        s.bind(1, id), s.bind(2, revision);
        s.exec();
    }
}

core::Visit read_content(Connection& db, VisitId id, int revision) {
    core::Visit v;
    {
        auto s_use = db.prepare(
            "SELECT patient_mrn, patient_name, patient_birth_date, patient_allergies, clinician, "
            "setting, time_zone FROM revisions WHERE visit_id = ? AND number = ?");
        SQLite::Statement& s = *s_use;
        s.bind(1, id), s.bind(2, revision);
        if (!s.executeStep()) throw std::runtime_error("revision " + std::to_string(revision) + " is missing");
        v.patient.id = s.getColumn(0).getString();
        v.patient.name = s.getColumn(1).getString();
        if (auto d = column_text(s.getColumn(2))) v.patient.birth_date = core::parse_date(*d);
        v.patient.allergies = s.getColumn(3).getString();
        v.clinician = s.getColumn(4).getString();
        if (auto setting = column_text(s.getColumn(5))) v.setting = core::setting_from_string(*setting);
        v.time_zone = s.getColumn(6).getString();
    }
    {
        auto s_use = db.prepare("SELECT code FROM diagnoses WHERE visit_id = ? AND revision = ? ORDER BY ord");
        SQLite::Statement& s = *s_use;
        s.bind(1, id), s.bind(2, revision);
        while (s.executeStep()) v.diagnoses.push_back(s.getColumn(0).getString());
    }
    {
        auto s_use = db.prepare(
            "SELECT name, dose, unit, ndc, lot, wasted FROM substances "
            "WHERE visit_id = ? AND revision = ? ORDER BY ord");
        SQLite::Statement& s = *s_use;
        s.bind(1, id), s.bind(2, revision);
        while (s.executeStep()) {
            core::Substance x;
            x.name = s.getColumn(0).getString();
            x.dose = column_real(s.getColumn(1));
            if (auto unit = column_text(s.getColumn(2))) x.unit = core::dose_unit_from_string(*unit);
            x.ndc = s.getColumn(3).getString();
            x.lot = s.getColumn(4).getString();
            x.wasted = column_real(s.getColumn(5));
            v.substances.push_back(std::move(x));
        }
    }
    {
        auto s_use = db.prepare(
            "SELECT substance_ord, gtin, lot, expiry, serial FROM vials "
            "WHERE visit_id = ? AND revision = ? ORDER BY substance_ord, ord");
        SQLite::Statement& s = *s_use;
        s.bind(1, id), s.bind(2, revision);
        while (s.executeStep()) {
            const auto substance = static_cast<std::size_t>(s.getColumn(0).getInt());
            if (substance >= v.substances.size()) throw std::runtime_error("a vial refers to a missing substance");
            core::Vial vial;
            vial.gtin = s.getColumn(1).getString();
            vial.lot = s.getColumn(2).getString();
            if (auto d = column_text(s.getColumn(3))) vial.expiry = core::parse_date(*d);
            vial.serial = s.getColumn(4).getString();
            v.substances[substance].vials.push_back(std::move(vial));
        }
    }
    {
        auto s_use = db.prepare(
            "SELECT pump, set_up_at, start, stop FROM pump_setups "
            "WHERE visit_id = ? AND revision = ? ORDER BY ord");
        SQLite::Statement& s = *s_use;
        s.bind(1, id), s.bind(2, revision);
        while (s.executeStep()) {
            core::PumpSetup p;
            p.pump = s.getColumn(0).getString();
            p.set_up_at = time_value(s.getColumn(1));
            p.start = time_value(s.getColumn(2));
            p.stop = time_value(s.getColumn(3));
            v.pump_setups.push_back(std::move(p));
        }
    }
    {
        auto s_use = db.prepare(
            "SELECT setup_ord, location, needle, prepped, aspiration, secured FROM sites "
            "WHERE visit_id = ? AND revision = ? ORDER BY setup_ord, ord");
        SQLite::Statement& s = *s_use;
        s.bind(1, id), s.bind(2, revision);
        while (s.executeStep()) {
            const auto setup = static_cast<std::size_t>(s.getColumn(0).getInt());
            if (setup >= v.pump_setups.size()) throw std::runtime_error("a site refers to a missing pump set-up");
            core::Site site;
            site.location = s.getColumn(1).getString();
            site.needle = s.getColumn(2).getString();
            site.prepped = column_flag(s.getColumn(3));
            if (auto a = column_text(s.getColumn(4))) site.aspiration = core::aspiration_from_string(*a);
            site.secured = column_flag(s.getColumn(5));
            v.pump_setups[setup].sites.push_back(std::move(site));
        }
    }
    {
        auto s_use = db.prepare(
            "SELECT setup_ord, start, stop, reason FROM pauses "
            "WHERE visit_id = ? AND revision = ? ORDER BY setup_ord, ord");
        SQLite::Statement& s = *s_use;
        s.bind(1, id), s.bind(2, revision);
        while (s.executeStep()) {
            const auto setup = static_cast<std::size_t>(s.getColumn(0).getInt());
            if (setup >= v.pump_setups.size()) throw std::runtime_error("a pause refers to a missing pump set-up");
            core::Pause pause;
            pause.start = time_value(s.getColumn(1));
            pause.stop = time_value(s.getColumn(2));
            pause.reason = s.getColumn(3).getString();
            v.pump_setups[setup].pauses.push_back(std::move(pause));
        }
    }
    {
        auto s_use = db.prepare("SELECT at, kind, text FROM notes WHERE visit_id = ? AND revision = ? ORDER BY ord");
        SQLite::Statement& s = *s_use;
        s.bind(1, id), s.bind(2, revision);
        while (s.executeStep()) {
            core::Note n;
            n.at = time_value(s.getColumn(0));
            n.kind = core::note_kind_from_string(s.getColumn(1).getString()).value_or(core::NoteKind::general);
            n.text = s.getColumn(2).getString();
            v.notes.push_back(std::move(n));
        }
    }
    return v;
}

// ---- 4. coding ---------------------------------------------------------------------------------
void insert_coding(Connection& db, VisitId id, int revision, const SignedCoding& coding) {
    auto line_use = db.prepare(
        "INSERT INTO billing_lines(visit_id, revision, ord, kind, code, units, modifiers, reason, "
        "description, revenue_code, ndc, ndc_unit, ndc_quantity, substance_ord, service_date) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement& line = *line_use;
    for (std::size_t i = 0; i < coding.lines.size(); ++i) {
        const auto& l = coding.lines[i];
        line.bind(1, id), line.bind(2, revision), line.bind(3, static_cast<int>(i));
        line.bind(4, l.kind == core::LineKind::drug ? "drug" : "administration");
        line.bind(5, l.code), line.bind(6, l.units), line.bind(7, join_list(l.modifiers)), line.bind(8, l.reason);
        line.bind(9, l.description), line.bind(10, l.revenue_code), line.bind(11, l.ndc), line.bind(12, l.ndc_unit);
        bind_real(line, 13, l.ndc_quantity);
        bind_int(line, 14, l.substance_index >= 0 ? std::optional<int>(l.substance_index) : std::nullopt);
        line.bind(15, l.service_date ? core::format_date(*l.service_date) : std::string());
        line.exec();
        line.reset();
    }
    auto problem_use = db.prepare(
        "INSERT INTO problems(visit_id, revision, ord, severity, code, field, message) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement& problem = *problem_use;
    for (std::size_t i = 0; i < coding.problems.size(); ++i) {
        const auto& p = coding.problems[i];
        problem.bind(1, id), problem.bind(2, revision), problem.bind(3, static_cast<int>(i));
        problem.bind(4, core::to_string(p.severity)), problem.bind(5, p.code), problem.bind(6, p.field);
        problem.bind(7, p.message);
        problem.exec();
        problem.reset();
    }
    auto interval_use =
        db.prepare("INSERT INTO intervals(visit_id, revision, ord, start_utc, stop_utc) VALUES (?, ?, ?, ?, ?)");
    SQLite::Statement& interval = *interval_use;
    for (std::size_t i = 0; i < coding.intervals.size(); ++i) {
        interval.bind(1, id), interval.bind(2, revision), interval.bind(3, static_cast<int>(i));
        interval.bind(4, core::format_utc(coding.intervals[i].start));
        interval.bind(5, core::format_utc(coding.intervals[i].stop));
        interval.exec();
        interval.reset();
    }
}

SignedCoding read_coding(Connection& db, VisitId id, int revision) {
    SignedCoding out;
    {
        auto s_use = db.prepare(
            "SELECT rules_version, billable, infusion_minutes, date_of_service FROM revisions "
            "WHERE visit_id = ? AND number = ?");
        SQLite::Statement& s = *s_use;
        s.bind(1, id), s.bind(2, revision);
        if (s.executeStep()) {
            out.rules_version = s.getColumn(0).isNull() ? "" : s.getColumn(0).getString();
            out.billable = column_flag(s.getColumn(1)).value_or(false);
            out.infusion_minutes = column_int(s.getColumn(2));
            if (auto d = column_text(s.getColumn(3))) out.date_of_service = core::parse_date(*d);
        }
    }
    {
        auto s_use = db.prepare(
            "SELECT kind, code, units, modifiers, reason, description, revenue_code, ndc, ndc_unit, "
            "ndc_quantity, substance_ord, service_date FROM billing_lines WHERE visit_id = ? AND revision = ? "
            "ORDER BY ord");
        SQLite::Statement& s = *s_use;
        s.bind(1, id), s.bind(2, revision);
        while (s.executeStep()) {
            core::BillingLine l;
            l.kind = s.getColumn(0).getString() == "drug" ? core::LineKind::drug : core::LineKind::administration;
            l.code = s.getColumn(1).getString();
            l.units = s.getColumn(2).getInt();
            l.modifiers = split_list(s.getColumn(3).getString());
            l.reason = s.getColumn(4).getString();
            l.description = s.getColumn(5).getString();
            l.revenue_code = s.getColumn(6).getString();
            l.ndc = s.getColumn(7).getString();
            l.ndc_unit = s.getColumn(8).getString();
            l.ndc_quantity = column_real(s.getColumn(9));
            l.substance_index = column_int(s.getColumn(10)).value_or(-1);
            if (auto d = column_text(s.getColumn(11)); d && !d->empty()) l.service_date = core::parse_date(*d);
            out.lines.push_back(std::move(l));
        }
    }
    {
        auto s_use = db.prepare(
            "SELECT severity, code, field, message FROM problems WHERE visit_id = ? AND revision = ? "
            "ORDER BY ord");
        SQLite::Statement& s = *s_use;
        s.bind(1, id), s.bind(2, revision);
        while (s.executeStep()) {
            core::Problem p;
            p.severity = s.getColumn(0).getString() == "error" ? core::Severity::error : core::Severity::warning;
            p.code = s.getColumn(1).getString();
            p.field = s.getColumn(2).getString();
            p.message = s.getColumn(3).getString();
            out.problems.push_back(std::move(p));
        }
    }
    {
        auto s_use =
            db.prepare("SELECT flags, long_infusion_minutes FROM revision_flags WHERE visit_id = ? AND revision = ?");
        SQLite::Statement& s = *s_use;
        s.bind(1, id), s.bind(2, revision);
        if (s.executeStep()) {
            out.review = core::SignedReview{static_cast<std::uint32_t>(s.getColumn(0).getInt64()),
                                            core::ReviewSettings{s.getColumn(1).getInt()}};
        }
        s.reset();
    }
    return out;
}

}  // namespace infusion::storage::detail
