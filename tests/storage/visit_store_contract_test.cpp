// The storage contract: what every VisitStore/AuditLog backend must do (see store_fixture.hpp).
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace infusion;

namespace {

storage::SignedCoding coding_of(const core::Visit& v) { return app::signed_coding(v, test::repo_config()); }

core::Visit visit_on(int day, const std::string& mrn) {
    core::Visit v = test::sample_visit(75);
    v.patient.id = mrn;
    for (auto& p : v.pump_setups) {
        p.start->local += std::chrono::days{day};
        p.stop->local += std::chrono::days{day};
    }
    return v;
}

}  // namespace

TEST_CASE("contract: a draft is saved as typed and read back the same") {
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& store = db->visits();
        core::Visit v = test::sample_visit(75);
        v.patient.allergies = "Latex";
        v.notes.push_back({test::at_offset(2026, 3, 2, 9, 45, -300), core::NoteKind::monitoring, "Sites \"ok\"\nall"});
        v.pump_setups[0].pauses.push_back({test::at(2026, 3, 2, 9, 30), test::at(2026, 3, 2, 9, 40), "pump alarm"});
        v.pump_setups[0].sites[1].prepped.reset();
        const auto id = store.create_draft(v, test::actor());
        REQUIRE(id.ok());
        auto loaded = store.load(id.value());
        REQUIRE(loaded.ok());
        CHECK(loaded.value().status == storage::VisitStatus::draft);
        const core::Visit& back = loaded.value().current().content;
        CHECK(back.patient.id == v.patient.id);
        CHECK(back.patient.allergies == "Latex");
        CHECK(back.diagnoses == v.diagnoses);
        CHECK(back.notes.size() == 1);
        CHECK(back.notes[0].at == v.notes[0].at);
        CHECK(back.notes[0].text == v.notes[0].text);
        CHECK(back.pump_setups[0].start == v.pump_setups[0].start);
        CHECK(back.pump_setups[0].pauses.size() == 1);
        CHECK_FALSE(back.pump_setups[0].sites[1].prepped.has_value());
        CHECK(back.pump_setups[0].sites[0].aspiration == core::Aspiration::no_blood);
        CHECK(back.substances[0].dose == v.substances[0].dose);

        // Every change replaces the draft: the last save is what is there.
        v.pump_setups[0].stop.reset();
        REQUIRE(store.save_draft(id.value(), store.load(id.value()).value().version, v, test::actor()).ok());
        CHECK_FALSE(store.load(id.value()).value().current().content.pump_setups[0].stop.has_value());
    }
}

TEST_CASE("contract: a signed visit keeps its lines and refuses every change, an amendment keeps the original") {
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& store = db->visits();
        core::Visit v = test::sample_visit(97);
        const auto id = store.create_draft(v, test::actor()).value();
        REQUIRE(store.sign(id, 1, coding_of(v), test::actor("rn.okafor", "2026-03-02T15:30:00Z")).ok());

        auto signed_visit = store.load(id).value();
        CHECK(signed_visit.status == storage::VisitStatus::signed_);
        REQUIRE(signed_visit.current().coding);
        CHECK(test::summary(signed_visit.current().coding->lines) == "96369x1 96370x1 J1559x80:JZ");
        CHECK(signed_visit.current().signed_by == "rn.okafor");

        CHECK_FALSE(store.save_draft(id, signed_visit.version, v, test::actor()).ok());
        CHECK_FALSE(store.sign(id, signed_visit.version, coding_of(v), test::actor()).ok());
        CHECK_FALSE(store.discard_draft(id, test::actor()).ok());

        core::Visit corrected = v;
        corrected.pump_setups[0].stop->local -= std::chrono::minutes{20};  // 77 min: no 96370
        CHECK_FALSE(store.amend(id, signed_visit.version, corrected, "", coding_of(corrected), test::actor())
                        .ok());  // a reason is required
        const auto number = store.amend(id, signed_visit.version, corrected, "stop time was misread",
                                        coding_of(corrected), test::actor("rn.okafor", "2026-03-03T09:00:00Z"));
        REQUIRE(number.ok());
        CHECK(number.value() == 1);
        auto amended = store.load(id).value();
        CHECK(amended.status == storage::VisitStatus::amended);
        REQUIRE(amended.revisions.size() == 2);
        CHECK(test::summary(amended.revisions[0].coding->lines) == "96369x1 96370x1 J1559x80:JZ");
        CHECK(test::summary(amended.current().coding->lines) == "96369x1 J1559x80:JZ");
        CHECK(amended.current().reason == "stop time was misread");
        CHECK(amended.revisions[0].content.pump_setups[0].stop == v.pump_setups[0].stop);
    }
}

TEST_CASE("contract: lists come newest first, page by page, with every filter") {
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& store = db->visits();
        std::vector<storage::VisitStore::NewVisit> batch;
        for (int i = 0; i < 120; ++i) {
            core::Visit v = visit_on(i / 3, i % 4 == 0 ? "MRN-000001" : "MRN-00000" + std::to_string(2 + i % 3));
            batch.push_back({v, i % 2 == 0 ? std::optional<storage::SignedCoding>(coding_of(v)) : std::nullopt});
        }
        REQUIRE(store.create_many(batch, test::actor()).ok());

        std::set<storage::VisitId> seen;
        storage::VisitFilter filter;
        filter.limit = 25;
        std::string last_key = "9999-99-99:999999999";
        int pages = 0;
        while (true) {
            auto page = store.list(filter);
            REQUIRE(page.ok());
            ++pages;
            for (const auto& row : page.value().rows) {
                const std::string key =
                    core::format_date(*row.date_of_service) + ":" + std::to_string(1000000000 + row.id);
                CHECK(key < last_key);  // strictly newest first
                last_key = key;
                CHECK(seen.insert(row.id).second);
            }
            if (!page.value().next) break;
            filter.after = page.value().next;
        }
        CHECK(seen.size() == 120);
        CHECK(pages == 5);

        storage::VisitFilter by_patient;
        by_patient.patient_id = "MRN-000001";
        by_patient.limit = 1000;
        CHECK(store.list(by_patient).value().rows.size() == 30);
        storage::VisitFilter drafts;
        drafts.status = storage::VisitStatus::draft;
        drafts.limit = 1000;
        CHECK(store.list(drafts).value().rows.size() == 60);
        storage::VisitFilter range;
        range.from = std::chrono::year{2026} / 3 / 5;  // days 3..5 of the batch: 9 visits
        range.to = std::chrono::year{2026} / 3 / 7;
        range.limit = 1000;
        CHECK(store.list(range).value().rows.size() == 9);
    }
}

TEST_CASE("contract: a batch is all or nothing") {
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        core::Visit good = test::sample_visit();
        core::Visit bad = test::sample_visit();
        bad.patient.id.clear();
        CHECK_FALSE(db->visits().create_many({{good, std::nullopt}, {bad, std::nullopt}}, test::actor()).ok());
        CHECK(db->visits().list({}).value().rows.empty());
    }
}

TEST_CASE("contract: the audit log answers who created, changed, viewed, signed and amended a visit") {
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        test::TestClinic tc("2026-03-02T16:10:00Z", backend.open());
        storage::Database* db = &tc.db();
        app::VisitService& service = tc.clinic().visits();
        // After the sample visit's stop (15:25Z): edition 2 refuses to sign a stop in the future.
        // A database without users: the names act unchecked (the roles are the app tests' matter).
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        const app::Acting supervisor = tc.clinic().without_users("sup.nakamura");
        core::Visit v = test::sample_visit();
        const auto id = service.create(nurse, v).value();
        tc.now = "2026-03-02T16:11:00Z";
        REQUIRE(service.save_draft(nurse, id, 1, v).ok());
        tc.now = "2026-03-02T16:12:00Z";
        REQUIRE(service.sign(nurse, id).value().signed_visit);
        tc.now = "2026-03-02T16:13:00Z";
        REQUIRE(service.open(supervisor, id).ok());
        core::Visit corrected = v;
        corrected.notes.push_back({std::nullopt, core::NoteKind::site_condition, "No redness next day"});
        tc.now = "2026-03-02T16:14:00Z";
        REQUIRE(service.amend(nurse, id, corrected, "late entry: site check").ok());

        storage::AuditFilter filter;
        filter.visit_id = id;
        const auto rows = db->audit().entries(filter).value();
        std::vector<std::string> actions;
        for (const auto& r : rows) actions.push_back(r.action + ":" + r.actor);
        CHECK(actions == std::vector<std::string>{"create:rn.okafor", "change:rn.okafor", "sign:rn.okafor",
                                                  "view:sup.nakamura", "amend:rn.okafor"});
        CHECK(rows.front().at == "2026-03-02T16:10:00Z");
        const auto report = db->audit().verify().value();
        CHECK(report.ok);
        // ... and the first signature's acceptance of the billing configuration (database-fact).
        CHECK(report.audit_rows == 6);
    }
}

TEST_CASE("contract: a visit whose documentation blocks signing is not signed, and nothing changes") {
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        test::TestClinic tc("2026-03-02T16:10:00Z", backend.open());
        storage::Database* db = &tc.db();
        app::VisitService& service = tc.clinic().visits();
        const app::Acting nurse = tc.clinic().without_users("rn.okafor");
        core::Visit v = test::sample_visit();
        v.pump_setups[0].stop.reset();
        const auto id = service.create(nurse, v).value();
        const auto outcome = service.sign(nurse, id);
        REQUIRE(outcome.ok());
        CHECK_FALSE(outcome.value().signed_visit);
        REQUIRE(outcome.value().blocking.size() == 1);
        CHECK(outcome.value().blocking[0].code == "time.stop-missing");
        CHECK(db->visits().load(id).value().status == storage::VisitStatus::draft);

        // A missing diagnosis holds billing but the nurse may sign what she did.
        core::Visit no_dx = test::sample_visit();
        no_dx.diagnoses.clear();
        const auto id2 = service.create(nurse, no_dx).value();
        const auto outcome2 = service.sign(nurse, id2);
        REQUIRE(outcome2.ok());
        CHECK(outcome2.value().signed_visit);
        const auto stored = db->visits().load(id2).value();
        CHECK_FALSE(stored.current().coding->billable);
    }
}

TEST_CASE("contract: patients are found by id or name ignoring case, ids that begin with it first, in one byte order") {
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& store = db->visits();
        const std::vector<std::pair<std::string, std::string>> patients{
            {"MRN-100", "Dunn, Ada"}, {"MRN-101", "de Vries, Ben"}, {"MRN-200", "Okafor, Ada"}, {"X-7", "100% Cotton"}};
        for (int day = 0; day < 2; ++day) {
            for (const auto& [mrn, name] : patients) {
                core::Visit v = visit_on(day, mrn);
                v.patient.name = name;
                REQUIRE(store.create_draft(v, test::actor()).ok());
            }
        }
        const auto names = [&](const std::string& text, int limit) {
            std::vector<std::string> out;
            for (const auto& p : store.find_patients(text, limit).value()) out.push_back(p.patient_id + " " + p.name);
            return out;
        };
        // Upper case before lower case, as bytes order them, whatever the server's locale.
        CHECK(names("mrn-10", 10) == std::vector<std::string>{"MRN-100 Dunn, Ada", "MRN-101 de Vries, Ben"});
        CHECK(names("ADA", 10) == std::vector<std::string>{"MRN-100 Dunn, Ada", "MRN-200 Okafor, Ada"});
        // Anywhere in an id too: a nurse says the number, not "MRN-" (found in the real window: "589394"
        // found nothing). Ids that begin with the text come first.
        CHECK(names("100", 10) == std::vector<std::string>{"X-7 100% Cotton", "MRN-100 Dunn, Ada"});
        CHECK(names("200", 10) == std::vector<std::string>{"MRN-200 Okafor, Ada"});
        CHECK(names("X-", 10) == std::vector<std::string>{"X-7 100% Cotton"});
        CHECK(names("0%", 10) == std::vector<std::string>{"X-7 100% Cotton"});  // % is a character, not a wildcard
        CHECK(names("_", 10).empty());
        CHECK(names("a", 1).size() == 1);
        const auto found = store.find_patients("Okafor", 5).value();
        REQUIRE(found.size() == 1);
        CHECK(found[0].last_visit == core::parse_date("2026-03-03"));
    }
}

TEST_CASE("contract: a name is found without its accents, typed with or without them, in either case") {
    // Found from outside: "Novak" did not find "Novák", and the next step was a second record of the patient.
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& store = db->visits();
        const std::vector<std::pair<std::string, std::string>> patients{{"MRN-301", "Novák, Zuzana"},
                                                                        {"MRN-302", "Nguyễn, Lê Ánh"},
                                                                        {"MRN-303", "ŁUKASZEWSKI, Øystein"},
                                                                        {"MRN-304", "Müller, Jürgen"},
                                                                        {"MRN-305", "Иванова, Анна"}};
        for (std::size_t i = 0; i < patients.size(); ++i) {
            core::Visit v = visit_on(static_cast<int>(i), patients[i].first);
            v.patient.name = patients[i].second;
            REQUIRE(store.create_draft(v, test::actor()).ok());
        }
        const auto ids = [&](const std::string& text) {
            std::vector<std::string> out;
            for (const auto& p : store.find_patients(text, 10).value()) out.push_back(p.patient_id);
            return out;
        };
        using Ids = std::vector<std::string>;
        CHECK(ids("Novak") == Ids{"MRN-301"});
        CHECK(ids("novák") == Ids{"MRN-301"});
        CHECK(ids("NOVÁK") == Ids{"MRN-301"});
        CHECK(ids("nguyen, le anh") == Ids{"MRN-302"});
        CHECK(ids("Nguyễn") == Ids{"MRN-302"});
        CHECK(ids("lukaszewski") == Ids{"MRN-303"});
        CHECK(ids("oystein") == Ids{"MRN-303"});
        CHECK(ids("Muller") == Ids{"MRN-304"});
        CHECK(ids("Иванова") == Ids{"MRN-305"});  // other scripts as typed
        CHECK(ids("Novac").empty());
        // Each word, in any order, without the comma (found from outside: "zoe nunez" found no one).
        CHECK(ids("zuzana novak") == Ids{"MRN-301"});
        CHECK(ids("Novák,Zuzana") == Ids{"MRN-301"});
        CHECK(ids("le anh nguyen") == Ids{"MRN-302"});
        CHECK(ids("MRN 302") == Ids{"MRN-302"});
        CHECK(ids("novak nguyen").empty());  // every word, not any
        // The names come back as recorded.
        CHECK(store.find_patients("novak", 1).value().at(0).name == "Novák, Zuzana");
    }
}

TEST_CASE("contract: a patient id typed whole is found first, however many ids begin with it") {
    // The new-visit check asks for the name on record under an id: "MRN-1" is the first row of a search
    // for it, before MRN-10 ... MRN-19 (whose names come earlier in the alphabet).
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& store = db->visits();
        for (int i = 0; i <= 10; ++i) {
            core::Visit v = visit_on(0, i == 0 ? "MRN-1" : "MRN-1" + std::to_string(i - 1));
            v.patient.name = i == 0 ? "Zeller, Zoe" : "Abbott, A" + std::to_string(i);
            REQUIRE(store.create_draft(v, test::actor()).ok());
        }
        const auto found = store.find_patients("MRN-1", 1).value();
        REQUIRE(found.size() == 1);
        CHECK(found[0].patient_id == "MRN-1");
        CHECK(found[0].name == "Zeller, Zoe");
    }
}

TEST_CASE("contract: the name on record changes only by a rename, which the visit's create row names") {
    // A name typed under a mistyped id renamed another patient on every list, unaudited (found from outside).
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& store = db->visits();
        const auto name_on_record = [&] { return store.find_patients("MRN-990002", 1).value().at(0).name; };
        core::Visit first = visit_on(0, "MRN-990002");
        first.patient.name = "Rivera, Tomas";
        first.patient.birth_date = core::parse_date("1950-01-01");
        const auto first_id = store.create_draft(first, test::actor()).value();
        core::Visit other = visit_on(1, "MRN-990002");
        other.patient.name = "Smith, John";
        const auto kept = store.create_draft(other, test::actor()).value();
        CHECK(name_on_record() == "Rivera, Tomas");
        core::Visit renamed = visit_on(2, "MRN-990002");
        renamed.patient.name = "Rivera-Smith, Tomas";
        renamed.patient.birth_date = core::parse_date("1951-02-02");
        const auto renamed_id = store.create_draft(renamed, test::actor(), storage::PatientNaming::rename).value();
        CHECK(name_on_record() == "Rivera-Smith, Tomas");
        // The draft begun before the change of name is saved: it does not change the name back.
        const auto version = store.load(first_id).value().version;
        REQUIRE(store.save_draft(first_id, version, first, test::actor()).ok());
        CHECK(name_on_record() == "Rivera-Smith, Tomas");
        CHECK(store.find_patients("MRN-990002", 1).value().at(0).birth_date == core::parse_date("1951-02-02"));
        const auto create_row = [&](storage::VisitId id) {
            storage::AuditFilter filter;
            filter.visit_id = id;
            for (const auto& row : db->audit().entries(filter).value()) {
                if (row.action == "create") return row.detail;
            }
            return std::string();
        };
        CHECK(create_row(kept) == "draft for patient MRN-990002");
        CHECK(create_row(renamed_id) ==
              "draft for patient MRN-990002; patient MRN-990002 renamed: Rivera, Tomas -> Rivera-Smith, Tomas; patient "
              "MRN-990002 birth date: 1950-01-01 -> 1951-02-02");
        CHECK(db->check().value().ok);
    }
}

TEST_CASE("contract: a discarded draft is gone whole and audited") {
    for (const auto& backend : test::backends(test::Stores::visits)) {
        CAPTURE(backend.name);
        auto db = backend.open();
        auto& store = db->visits();
        const auto id = store.create_draft(test::sample_visit(), test::actor()).value();
        REQUIRE(store.discard_draft(id, test::actor("rn.okafor", "2026-03-02T15:05:00Z")).ok());
        const auto gone = store.load(id);
        REQUIRE_FALSE(gone.ok());
        CHECK(gone.error().kind == core::ErrorKind::not_found);
        CHECK(store.list({}).value().rows.empty());
        const auto again = store.discard_draft(id, test::actor());
        REQUIRE_FALSE(again.ok());
        CHECK(again.error().kind == core::ErrorKind::not_found);
        storage::AuditFilter filter;
        filter.visit_id = id;
        std::vector<std::string> actions;
        for (const auto& row : db->audit().entries(filter).value()) actions.push_back(row.action);
        CHECK(actions == std::vector<std::string>{"create", "discard"});
        CHECK(db->check().value().ok);
    }
}
