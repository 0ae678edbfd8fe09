// Visit content <-> rows, on either backend (sql_session.hpp). Sections: 1. helpers  2. patients
// 3. content  4. coding
#include "storage/visit_rows.hpp"

#include "storage/seal.hpp"
#include "storage/worklist_state_sql.hpp"

#include <bit>
#include <map>
#include <stdexcept>

namespace infusion::storage::detail {
namespace {

// ---- 1. helpers --------------------------------------------------------------------------------
SqlValue time_text(const std::optional<core::WallTime>& t) {
    if (!t) return std::monostate{};
    return core::format_iso(*t);
}

std::optional<core::WallTime> time_value(const SqlRow& r, int column) {
    auto text = r.opt_text(column);
    if (!text) return std::nullopt;
    auto parsed = core::parse_iso(*text);
    // Only this program writes these columns; a value it cannot read means the record was edited by hand.
    if (!parsed) throw std::runtime_error("unreadable time '" + *text + "' in the database");
    return parsed;
}

SqlValue date_text(const std::optional<std::chrono::year_month_day>& d) {
    if (!d) return std::monostate{};
    return core::format_date(*d);
}

template <typename T>
SqlValue text_of(const std::optional<T>& value) {
    if (!value) return std::monostate{};
    return std::string(core::to_string(*value));
}

SqlValue ord(std::size_t i) { return static_cast<std::int64_t>(i); }

}  // namespace

VisitSummary read_summary(const SqlRow& s) {
    VisitSummary row;
    row.id = s.integer(0);
    row.patient_id = s.text(1);
    row.patient_name = s.text(2);
    row.status = visit_status_from_string(s.text(3)).value_or(VisitStatus::draft);
    row.date_of_service = core::parse_date(s.text(4));
    row.clinician = s.text(5);
    row.revision = static_cast<int>(s.integer(6));
    row.infusion_minutes = s.opt_int(7);
    row.billable = s.opt_flag(8);
    row.updated_at = s.text(9);
    if (const auto state = s.opt_int(10)) row.billing_state = static_cast<WorklistState>(*state);
    return row;
}

std::string visit_summary_select() {
    return std::string("SELECT v.id, p.mrn, ") + documented_name_sql("v.id", "v.current_revision", "p.name") +
           ", v.status, v.date_of_service, v.clinician, v.current_revision, "
           "v.infusion_minutes, v.billable, v.updated_at, CASE WHEN v.status = 'draft' THEN NULL ELSE " +
           worklist_state_sql + " END ";
}

// ---- 2. patients -------------------------------------------------------------------------------
PatientRowWrite upsert_patient(SqlSession& db, const core::Patient& patient, PatientNaming naming) {
    bool known = false;
    std::string on_record;
    std::optional<std::string> born_on_record;
    db.query("SELECT name, birth_date FROM patients WHERE mrn = ?", {patient.id}, [&](const SqlRow& r) {
        known = true;
        on_record = r.text(0);
        born_on_record = r.opt_text(1);
    });
    // The name and birth date on record change only by a confirmed change (a draft begun before it
    // wrote the old birth date back, found from outside); either is filled where the record has none.
    const bool change = naming == PatientNaming::rename;
    std::string name = patient.name;
    if (known && !on_record.empty() && (!change || name.empty())) name = on_record;
    std::optional<std::string> born;
    if (patient.birth_date) born = core::format_date(*patient.birth_date);
    if (known && born_on_record && (!change || !born)) born = born_on_record;
    const auto id = db.value(
        "INSERT INTO patients(mrn, name, birth_date, allergies) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(mrn) DO UPDATE SET name = excluded.name, birth_date = excluded.birth_date, "
        "allergies = CASE WHEN excluded.allergies <> '' THEN excluded.allergies ELSE patients.allergies END "
        "RETURNING id",
        {patient.id, name, born ? SqlValue(*born) : SqlValue(std::monostate{}), patient.allergies});
    if (!id || !std::holds_alternative<std::int64_t>(*id)) throw std::runtime_error("patient row not written");
    PatientRowWrite out{std::get<std::int64_t>(*id), std::nullopt, std::nullopt};
    if (known && !on_record.empty() && on_record != name) out.renamed_from = on_record;
    if (known && born_on_record && born != born_on_record) out.born_before = born_on_record;
    return out;
}

std::string renamed_text(const core::Patient& patient, const PatientRowWrite& row) {
    std::string out;
    if (row.renamed_from) out += "; patient " + patient.id + " renamed: " + *row.renamed_from + " -> " + patient.name;
    if (row.born_before) {
        out += "; patient " + patient.id + " birth date: " + *row.born_before + " -> " +
               (patient.birth_date ? core::format_date(*patient.birth_date) : std::string("(none)"));
    }
    return out;
}

// ---- 3. content --------------------------------------------------------------------------------
void insert_revision_row(SqlSession& db, VisitId id, int number, const core::Visit& v, const Actor& actor,
                         const std::string& reason, const ContentDigests& digests) {
    db.exec(
        "INSERT INTO revisions(visit_id, number, author, created_at, reason, patient_mrn, patient_name, "
        "patient_birth_date, patient_allergies, clinician, setting, time_zone, content_digest, content_rest_digest) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {id, std::int64_t{number}, actor.user, actor.at, reason, v.patient.id, v.patient.name,
         date_text(v.patient.birth_date), v.patient.allergies, v.clinician, text_of(v.setting), v.time_zone,
         digests.digest, digests.rest});
}

namespace {

// The tables of a revision's content and coding. Seal format 2 covers exactly these columns (seal.cpp):
// a column added here is a new seal format.
constexpr TableShape diagnoses_shape{"diagnoses", "ord, code", "ord"};
constexpr TableShape substances_shape{"substances", "ord, name, dose, unit, ndc, lot, wasted", "ord"};
constexpr TableShape vials_shape{"vials", "substance_ord, ord, gtin, lot, expiry, serial", "substance_ord, ord"};
constexpr TableShape pump_setups_shape{"pump_setups", "ord, pump, set_up_at, start, stop", "ord"};
constexpr TableShape sites_shape{"sites", "setup_ord, ord, location, needle, prepped, aspiration, secured",
                                 "setup_ord, ord"};
constexpr TableShape pauses_shape{"pauses", "setup_ord, ord, start, stop, reason", "setup_ord, ord"};
constexpr TableShape notes_shape{"notes", "ord, at, kind, text", "ord"};
constexpr TableShape intervals_shape{"intervals", "ord, start_utc, stop_utc", "ord"};
constexpr TableShape billing_lines_shape{"billing_lines",
                                         "ord, kind, code, units, modifiers, reason, description, revenue_code, ndc, "
                                         "ndc_unit, ndc_quantity, substance_ord, service_date",
                                         "ord"};
constexpr TableShape problems_shape{"problems", "ord, severity, code, field, message", "ord"};

// INSERT INTO table(visit_id, revision, columns...) VALUES (?, ?, ...), made once per shape.
const std::string& insert_sql(const TableShape& shape) {
    static const std::map<const TableShape*, std::string> made = [] {
        std::map<const TableShape*, std::string> out;
        for (const auto* list : {&content_shapes(), &coding_shapes()}) {
            for (const TableShape* t : *list) {
                std::string marks = "?, ?, ?";
                for (const char* c = t->columns; *c != '\0'; ++c) {
                    if (*c == ',') marks += ", ?";
                }
                out.emplace(t, std::string("INSERT INTO ") + t->table + "(visit_id, revision, " + t->columns +
                                   ") VALUES (" + marks + ")");
            }
        }
        return out;
    }();
    return made.at(&shape);
}

}  // namespace

const std::vector<const TableShape*>& content_shapes() {
    static const std::vector<const TableShape*> all{&diagnoses_shape,   &substances_shape, &vials_shape,
                                                    &pump_setups_shape, &sites_shape,      &pauses_shape,
                                                    &notes_shape};
    return all;
}

const std::vector<const TableShape*>& coding_shapes() {
    static const std::vector<const TableShape*> all{&intervals_shape, &billing_lines_shape, &problems_shape};
    return all;
}

RevisionRows content_rows(const core::Visit& v) {
    TableRows diagnoses{&diagnoses_shape, {}};
    TableRows substances{&substances_shape, {}};
    TableRows vials{&vials_shape, {}};
    TableRows setups{&pump_setups_shape, {}};
    TableRows sites{&sites_shape, {}};
    TableRows pauses{&pauses_shape, {}};
    TableRows notes{&notes_shape, {}};
    for (std::size_t i = 0; i < v.diagnoses.size(); ++i) diagnoses.rows.push_back({ord(i), v.diagnoses[i]});
    for (std::size_t i = 0; i < v.substances.size(); ++i) {
        const auto& x = v.substances[i];
        substances.rows.push_back(
            {ord(i), x.name, sql_value(x.dose), text_of(x.unit), x.ndc, x.lot, sql_value(x.wasted)});
        for (std::size_t j = 0; j < x.vials.size(); ++j) {
            const auto& vial = x.vials[j];
            vials.rows.push_back({ord(i), ord(j), vial.gtin, vial.lot, date_text(vial.expiry), vial.serial});
        }
    }
    for (std::size_t i = 0; i < v.pump_setups.size(); ++i) {
        const auto& p = v.pump_setups[i];
        setups.rows.push_back({ord(i), p.pump, time_text(p.set_up_at), time_text(p.start), time_text(p.stop)});
        for (std::size_t j = 0; j < p.sites.size(); ++j) {
            const auto& site = p.sites[j];
            sites.rows.push_back({ord(i), ord(j), site.location, site.needle, sql_value(site.prepped),
                                  text_of(site.aspiration), sql_value(site.secured)});
        }
        for (std::size_t j = 0; j < p.pauses.size(); ++j) {
            const auto& pause = p.pauses[j];
            pauses.rows.push_back({ord(i), ord(j), time_text(pause.start), time_text(pause.stop), pause.reason});
        }
    }
    for (std::size_t i = 0; i < v.notes.size(); ++i) {
        const auto& n = v.notes[i];
        notes.rows.push_back({ord(i), time_text(n.at), std::string(core::to_string(n.kind)), n.text});
    }
    RevisionRows out;
    for (TableRows* t : {&diagnoses, &substances, &vials, &setups, &sites, &pauses, &notes})
        out.push_back(std::move(*t));
    return out;
}

void insert_rows(SqlSession& db, VisitId id, int revision, const RevisionRows& tables) {
    std::vector<SqlValue> params;
    for (const TableRows& t : tables) {
        const std::string& sql = insert_sql(*t.shape);
        for (const auto& row : t.rows) {
            params.clear();
            params.reserve(row.size() + 2);
            params.emplace_back(id);
            params.emplace_back(std::int64_t{revision});
            params.insert(params.end(), row.begin(), row.end());
            db.exec(sql, params);
        }
    }
}

void delete_content(SqlSession& db, VisitId id, int revision) {
    // Children before parents, for the foreign keys.
    for (const char* sql : {"DELETE FROM sites WHERE visit_id = ? AND revision = ?",
                            "DELETE FROM pauses WHERE visit_id = ? AND revision = ?",
                            "DELETE FROM pump_setups WHERE visit_id = ? AND revision = ?",
                            "DELETE FROM vials WHERE visit_id = ? AND revision = ?",
                            "DELETE FROM substances WHERE visit_id = ? AND revision = ?",
                            "DELETE FROM diagnoses WHERE visit_id = ? AND revision = ?",
                            "DELETE FROM notes WHERE visit_id = ? AND revision = ?"}) {
        db.exec(sql, {id, std::int64_t{revision}});
    }
    delete_coding(db, id, revision);
}

namespace {

// A stored value against one about to be written: the same type and the same value (a real's bits, so
// -0.0 and 0.0 differ as their seal encodings do).
bool same_value(const SqlValueView& stored, const SqlValue& value) {
    if (stored.index() != value.index()) return false;
    return std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return true;
            } else if constexpr (std::is_same_v<T, std::string_view>) {
                return v == std::get<std::string>(value);
            } else if constexpr (std::is_same_v<T, double>) {
                return std::bit_cast<std::uint64_t>(v) == std::bit_cast<std::uint64_t>(std::get<double>(value));
            } else {
                return v == std::get<T>(value);
            }
        },
        stored);
}

}  // namespace

std::string select_rows_sql(const char* table, const char* columns, const char* key) {
    return std::string("SELECT ") + columns + " FROM " + table + " WHERE visit_id = ? AND revision = ? ORDER BY " + key;
}

const std::string& select_rows_sql(const TableShape& shape) {
    static const std::map<const TableShape*, std::string> made = [] {
        std::map<const TableShape*, std::string> out;
        for (const auto* list : {&content_shapes(), &coding_shapes()}) {
            for (const TableShape* t : *list) out.emplace(t, select_rows_sql(t->table, t->columns, t->key));
        }
        return out;
    }();
    return made.at(&shape);
}

StoredRows compare_stored_rows(SqlSession& db, VisitId id, int revision, const RevisionRows& tables) {
    bool any = false;
    bool same = true;
    const std::vector<SqlValue> key{id, std::int64_t{revision}};
    for (const TableRows& t : tables) {
        std::size_t n = 0;
        db.query(select_rows_sql(*t.shape), key, [&](const SqlRow& r) {
            any = true;
            if (!same) return;
            if (n >= t.rows.size() || static_cast<std::size_t>(r.columns()) != t.rows[n].size()) {
                same = false;
                return;
            }
            for (int c = 0; c < r.columns() && same; ++c)
                same = same_value(r.view(c), t.rows[n][static_cast<std::size_t>(c)]);
            ++n;
        });
        if (n != t.rows.size()) same = false;
    }
    if (same) return StoredRows::same;
    return any ? StoredRows::other : StoredRows::none;
}

void delete_coding(SqlSession& db, VisitId id, int revision) {
    for (const char* sql : {"DELETE FROM intervals WHERE visit_id = ? AND revision = ?",
                            "DELETE FROM billing_lines WHERE visit_id = ? AND revision = ?",
                            "DELETE FROM problems WHERE visit_id = ? AND revision = ?"}) {
        db.exec(sql, {id, std::int64_t{revision}});
    }
}

core::Visit read_content(SqlSession& db, VisitId id, int revision) {
    core::Visit v;
    const std::vector<SqlValue> key{id, std::int64_t{revision}};
    bool found = false;
    db.query(
        "SELECT patient_mrn, patient_name, patient_birth_date, patient_allergies, clinician, "
        "setting, time_zone FROM revisions WHERE visit_id = ? AND number = ?",
        key, [&](const SqlRow& s) {
            found = true;
            v.patient.id = s.text(0);
            v.patient.name = s.text(1);
            if (auto d = s.opt_text(2)) v.patient.birth_date = core::parse_date(*d);
            v.patient.allergies = s.text(3);
            v.clinician = s.text(4);
            if (auto setting = s.opt_text(5)) v.setting = core::setting_from_string(*setting);
            v.time_zone = s.text(6);
        });
    if (!found) throw std::runtime_error("revision " + std::to_string(revision) + " is missing");
    db.query("SELECT code FROM diagnoses WHERE visit_id = ? AND revision = ? ORDER BY ord", key,
             [&](const SqlRow& s) { v.diagnoses.push_back(s.text(0)); });
    db.query(
        "SELECT name, dose, unit, ndc, lot, wasted FROM substances "
        "WHERE visit_id = ? AND revision = ? ORDER BY ord",
        key, [&](const SqlRow& s) {
            core::Substance x;
            x.name = s.text(0);
            x.dose = s.opt_real(1);
            if (auto unit = s.opt_text(2)) x.unit = core::dose_unit_from_string(*unit);
            x.ndc = s.text(3);
            x.lot = s.text(4);
            x.wasted = s.opt_real(5);
            v.substances.push_back(std::move(x));
        });
    db.query(
        "SELECT substance_ord, gtin, lot, expiry, serial FROM vials "
        "WHERE visit_id = ? AND revision = ? ORDER BY substance_ord, ord",
        key, [&](const SqlRow& s) {
            const auto substance = static_cast<std::size_t>(s.integer(0));
            if (substance >= v.substances.size()) throw std::runtime_error("a vial refers to a missing substance");
            core::Vial vial;
            vial.gtin = s.text(1);
            vial.lot = s.text(2);
            if (auto d = s.opt_text(3)) vial.expiry = core::parse_date(*d);
            vial.serial = s.text(4);
            v.substances[substance].vials.push_back(std::move(vial));
        });
    db.query(
        "SELECT pump, set_up_at, start, stop FROM pump_setups "
        "WHERE visit_id = ? AND revision = ? ORDER BY ord",
        key, [&](const SqlRow& s) {
            core::PumpSetup p;
            p.pump = s.text(0);
            p.set_up_at = time_value(s, 1);
            p.start = time_value(s, 2);
            p.stop = time_value(s, 3);
            v.pump_setups.push_back(std::move(p));
        });
    db.query(
        "SELECT setup_ord, location, needle, prepped, aspiration, secured FROM sites "
        "WHERE visit_id = ? AND revision = ? ORDER BY setup_ord, ord",
        key, [&](const SqlRow& s) {
            const auto setup = static_cast<std::size_t>(s.integer(0));
            if (setup >= v.pump_setups.size()) throw std::runtime_error("a site refers to a missing pump set-up");
            core::Site site;
            site.location = s.text(1);
            site.needle = s.text(2);
            site.prepped = s.opt_flag(3);
            if (auto a = s.opt_text(4)) site.aspiration = core::aspiration_from_string(*a);
            site.secured = s.opt_flag(5);
            v.pump_setups[setup].sites.push_back(std::move(site));
        });
    db.query(
        "SELECT setup_ord, start, stop, reason FROM pauses "
        "WHERE visit_id = ? AND revision = ? ORDER BY setup_ord, ord",
        key, [&](const SqlRow& s) {
            const auto setup = static_cast<std::size_t>(s.integer(0));
            if (setup >= v.pump_setups.size()) throw std::runtime_error("a pause refers to a missing pump set-up");
            core::Pause pause;
            pause.start = time_value(s, 1);
            pause.stop = time_value(s, 2);
            pause.reason = s.text(3);
            v.pump_setups[setup].pauses.push_back(std::move(pause));
        });
    db.query("SELECT at, kind, text FROM notes WHERE visit_id = ? AND revision = ? ORDER BY ord", key,
             [&](const SqlRow& s) {
                 core::Note n;
                 n.at = time_value(s, 0);
                 n.kind = core::note_kind_from_string(s.text(1)).value_or(core::NoteKind::general);
                 n.text = s.text(2);
                 v.notes.push_back(std::move(n));
             });
    return v;
}

// ---- 4. coding ---------------------------------------------------------------------------------
RevisionRows coding_rows(const SignedCoding& coding) {
    TableRows intervals{&intervals_shape, {}};
    TableRows lines{&billing_lines_shape, {}};
    TableRows problems{&problems_shape, {}};
    for (std::size_t i = 0; i < coding.intervals.size(); ++i) {
        intervals.rows.push_back(
            {ord(i), core::format_utc(coding.intervals[i].start), core::format_utc(coding.intervals[i].stop)});
    }
    for (std::size_t i = 0; i < coding.lines.size(); ++i) {
        const auto& l = coding.lines[i];
        lines.rows.push_back(
            {ord(i), std::string(l.kind == core::LineKind::drug ? "drug" : "administration"), l.code,
             std::int64_t{l.units}, join_list(l.modifiers), l.reason, l.description, l.revenue_code, l.ndc, l.ndc_unit,
             sql_value(l.ndc_quantity),
             l.substance_index >= 0 ? SqlValue(std::int64_t{l.substance_index}) : SqlValue(std::monostate{}),
             l.service_date ? core::format_date(*l.service_date) : std::string()});
    }
    for (std::size_t i = 0; i < coding.problems.size(); ++i) {
        const auto& p = coding.problems[i];
        problems.rows.push_back({ord(i), std::string(core::to_string(p.severity)), p.code, p.field, p.message});
    }
    RevisionRows out;
    for (TableRows* t : {&intervals, &lines, &problems}) out.push_back(std::move(*t));
    return out;
}

SignedCoding read_coding(SqlSession& db, VisitId id, int revision) {
    SignedCoding out;
    const std::vector<SqlValue> key{id, std::int64_t{revision}};
    db.query(
        "SELECT rules_version, billable, infusion_minutes, date_of_service FROM revisions "
        "WHERE visit_id = ? AND number = ?",
        key, [&](const SqlRow& s) {
            out.rules_version = s.text(0);
            out.billable = s.opt_flag(1).value_or(false);
            out.infusion_minutes = s.opt_int(2);
            if (auto d = s.opt_text(3)) out.date_of_service = core::parse_date(*d);
        });
    db.query(
        "SELECT kind, code, units, modifiers, reason, description, revenue_code, ndc, ndc_unit, "
        "ndc_quantity, substance_ord, service_date FROM billing_lines WHERE visit_id = ? AND revision = ? "
        "ORDER BY ord",
        key, [&](const SqlRow& s) {
            core::BillingLine l;
            l.kind = s.text(0) == "drug" ? core::LineKind::drug : core::LineKind::administration;
            l.code = s.text(1);
            l.units = static_cast<int>(s.integer(2));
            l.modifiers = split_list(s.text(3));
            l.reason = s.text(4);
            l.description = s.text(5);
            l.revenue_code = s.text(6);
            l.ndc = s.text(7);
            l.ndc_unit = s.text(8);
            l.ndc_quantity = s.opt_real(9);
            l.substance_index = s.opt_int(10).value_or(-1);
            if (auto d = s.opt_text(11); d && !d->empty()) l.service_date = core::parse_date(*d);
            out.lines.push_back(std::move(l));
        });
    db.query(
        "SELECT severity, code, field, message FROM problems WHERE visit_id = ? AND revision = ? "
        "ORDER BY ord",
        key, [&](const SqlRow& s) {
            core::Problem p;
            p.severity = s.text(0) == "error" ? core::Severity::error : core::Severity::warning;
            p.code = s.text(1);
            p.field = s.text(2);
            p.message = s.text(3);
            out.problems.push_back(std::move(p));
        });
    db.query("SELECT flags, long_infusion_minutes FROM revision_flags WHERE visit_id = ? AND revision = ?", key,
             [&](const SqlRow& s) {
                 out.review = core::SignedReview{static_cast<std::uint32_t>(s.integer(0)),
                                                 core::ReviewSettings{static_cast<int>(s.integer(1))}};
             });
    return out;
}

}  // namespace infusion::storage::detail
