// The billing store's contract on every backend that stores billing (store_fixture.hpp): the same visits
// give the same files byte for byte on SQLite and PostgreSQL (exports, replays), the same worklist pages,
// cursors, states, hold reasons and totals; two billers exporting at the same moment send every line
// exactly once; a failed or cancelled export and a dry run record nothing.
#include "app/export_billing.hpp"
#include "storage/pg_fixture.hpp"
#include "storage/store_fixture.hpp"
#include "support/test_clinic.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <latch>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

using namespace infusion;

namespace {

constexpr auto march_first = std::chrono::year{2026} / 3 / 1;
constexpr auto march_last = std::chrono::year{2026} / 3 / 31;

core::Visit visit_on(int day, int minutes, bool with_diagnosis = true, bool with_ndc = true) {
    core::Visit v = test::sample_visit(minutes);
    v.patient.id = "MRN-" + std::to_string(700000 + day * 10 + minutes % 10);
    for (auto& p : v.pump_setups) {
        p.start->local += std::chrono::days{day};
        p.stop->local += std::chrono::days{day};
    }
    if (!with_diagnosis) v.diagnoses.clear();
    if (!with_ndc) v.substances.at(0).ndc.clear();  // a warning: billed, with a check for the coder
    return v;
}

storage::VisitId signed_visit(test::TestClinic& tc, const app::Acting& nurse, int day, int minutes,
                              bool with_diagnosis = true, bool with_ndc = true) {
    const auto id = tc.clinic().visits().create(nurse, visit_on(day, minutes, with_diagnosis, with_ndc)).value();
    REQUIRE(tc.clinic().visits().sign(nurse, id).value().signed_visit);
    return id;
}

std::string describe(const std::optional<storage::PageCursor>& cursor) {
    return cursor ? cursor->date + "/" + std::to_string(cursor->id) : "end";
}

// Every page of the worklist under `filter`, walked by its cursors, as text to compare.
std::string walk(storage::BillingStore& billing, storage::WorklistFilter filter) {
    std::ostringstream out;
    for (int pages = 0; pages < 50; ++pages) {
        auto page = billing.worklist(filter);
        REQUIRE_MESSAGE(page.ok(), (page.ok() ? "" : page.error().describe()));
        out << "page\n";
        for (const auto& r : page.value().rows) {
            out << r.id << " " << (r.date_of_service ? core::format_date(*r.date_of_service) : "-") << " "
                << r.patient_id << " " << r.patient_name << " " << r.clinician << " r" << r.revision << " "
                << storage::to_string(r.state) << " batch " << (r.batch ? std::to_string(*r.batch) : "-") << " |";
            for (const auto& l : r.lines) {
                out << " " << l.code << "x" << l.units << (l.kind == core::LineKind::drug ? "d" : "a");
                for (const auto& m : l.modifiers) out << "-" << m;
            }
            for (const auto& reason : r.hold_reasons) out << " [" << reason << "]";
            for (const auto& check : r.checks) out << " {" << check << "}";
            out << "\n";
        }
        out << "next " << describe(page.value().next) << "\n";
        if (!page.value().next) break;
        filter.after = page.value().next;
    }
    return out.str();
}

std::string totals_of(storage::BillingStore& billing) {
    auto t = billing.totals(march_first, march_last);
    REQUIRE_MESSAGE(t.ok(), (t.ok() ? "" : t.error().describe()));
    std::ostringstream out;
    out << t.value().visits << " visits, " << t.value().billable << " billable, " << t.value().lines << " lines:";
    for (const auto& c : t.value().by_code) out << " " << c.code << "=" << c.lines << "/" << c.units;
    return out.str();
}

// Everything a biller would see of one clinic's March, on one backend.
struct Seen {
    std::vector<std::string> files;  // the batches' files as exported, then as written again
    std::string worklists;
    std::string batches;
};

Seen run_billing_month(std::unique_ptr<storage::Database> database) {
    test::TempDir dir;
    test::TestClinic tc("2026-04-01T12:00:00Z", std::move(database));
    const auto nurse = tc.as("rn.okafor", {app::Role::nurse});
    const auto biller = tc.as("billing.chen", {app::Role::biller});
    auto& billing = tc.db().billing();
    Seen seen;

    const auto a = signed_visit(tc, nurse, 0, 75);
    const auto b = signed_visit(tc, nurse, 1, 100);
    signed_visit(tc, nurse, 1, 160);
    const auto held = signed_visit(tc, nurse, 2, 75, false);  // no diagnosis: signed, billing held
    signed_visit(tc, nurse, 3, 100, true, false);             // no NDC: ready, with a check on its row
    // A draft, saved as the window saves it (so it keeps the coding it would be signed with): on no
    // worklist, in no export, in no totals.
    const auto draft = tc.clinic().visits().create(nurse, visit_on(4, 75)).value();
    REQUIRE(tc.clinic().visits().save_draft(nurse, draft, 1, visit_on(4, 75)).ok());

    storage::WorklistFilter all;
    all.from = march_first;
    all.to = march_last;
    all.limit = 2;
    const auto look = [&](const std::string& when) {
        seen.worklists += "== " + when + "\n" + walk(billing, all);
        for (const auto state : {storage::WorklistState::ready, storage::WorklistState::held,
                                 storage::WorklistState::exported, storage::WorklistState::amended_after_export}) {
            auto only = all;
            only.state = state;
            seen.worklists += std::string("-- ") + storage::to_string(state) + "\n" + walk(billing, only);
        }
        auto one = all;
        one.patient_id = visit_on(1, 100).patient.id;
        seen.worklists += "-- patient\n" + walk(billing, one) + "-- totals " + totals_of(billing) + "\n";
        // The visit lists (Today) say what the worklist says; a draft has no billing state. Found from
        // outside: Today said "ready" for a visit the worklist showed exported, or amended after export.
        storage::VisitFilter listed;
        listed.from = march_first;
        listed.to = march_last;
        listed.limit = 100;
        auto everything = all;
        everything.limit = 100;
        const auto work = billing.worklist(everything).value().rows;
        seen.worklists += "-- visit list\n";
        for (const auto& row : tc.db().visits().list(listed).value().rows) {
            const auto in_work = std::find_if(work.begin(), work.end(), [&](const auto& w) { return w.id == row.id; });
            CAPTURE(row.id);
            if (row.status == storage::VisitStatus::draft) {
                CHECK_FALSE(row.billing_state.has_value());
            } else {
                REQUIRE(in_work != work.end());
                REQUIRE(row.billing_state.has_value());
                CHECK(*row.billing_state == in_work->state);
            }
            seen.worklists += std::to_string(row.id) + " " +
                              (row.billing_state ? storage::to_string(*row.billing_state) : "draft") + "\n";
        }
    };
    look("signed");

    const auto run = [&](const std::string& name, const std::string& format, std::vector<storage::VisitId> visits) {
        app::ExportRequest r;
        r.format = format;
        r.out = dir.path() / name;
        r.selection.from = march_first;
        r.selection.to = march_last;
        r.selection.visits = std::move(visits);
        auto done = tc.clinic().billing().export_billing(biller, r, {});
        REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().describe()));
        REQUIRE(done.value().batch);
        seen.files.push_back(test::file_bytes(r.out));
        return done.value();
    };
    const auto first = run("1.csv", "csv", {});
    // 2 + 3 + 2 + 3: the held visit's lines wait; the second visit of day 1 bills no second 96369 (its MUE is
    // 1 per date of service for the patient, coding-rules.md 4)
    CHECK(first.lines == 10);
    CHECK(first.held_visits == 1);

    // Amendments after export: reversals of what went out, then the new lines, in the next batch.
    core::Visit shorter = tc.db().visits().load(b).value().current().content;
    shorter.pump_setups[0].stop->local -= std::chrono::minutes{25};
    REQUIRE(tc.clinic().visits().amend(nurse, b, shorter, "stop time corrected").ok());
    core::Visit fixed = tc.db().visits().load(held).value().current().content;
    fixed.diagnoses = {"D80.1"};
    REQUIRE(tc.clinic().visits().amend(nurse, held, fixed, "diagnosis from the order").ok());
    look("amended");
    // b's corrections go out as its charges went, in CSV: the HL7 export sends only the no longer held visit's 2
    // lines, and says b waits for a CSV export.
    const auto second = run("2.hl7", "hl7", {});
    CHECK(second.lines == 2);
    CHECK(second.reversals == 0);
    CHECK(second.other_format_visits == 1);
    const auto corrections = run("2.csv", "csv", {});
    CHECK(corrections.lines == 5);  // 3 reversals, 2 new charges
    CHECK(corrections.reversals == 3);
    CHECK(corrections.other_format_visits == 0);
    // A selection of the worklist: only the visits chosen (one exported already: nothing of it again).
    const auto late = signed_visit(tc, nurse, 5, 160);
    CHECK(run("3.csv", "csv", {late, a}).lines == 3);
    look("exported");

    for (int id = 1; id <= 4; ++id) {
        const auto again = dir.path() / ("again-" + std::to_string(id));
        REQUIRE(tc.clinic().billing().reexport_batch(biller, id, again).ok());
        seen.files.push_back(test::file_bytes(again));
    }
    for (const auto& batch : billing.batches(10).value()) {
        seen.batches += std::to_string(batch.id) + " " + batch.created_at + " " + batch.created_by + " " +
                        batch.format + " " + batch.from_date + ".." + batch.to_date + " " +
                        std::to_string(batch.line_count) + " " + batch.sha256 + " " +
                        (batch.delivered_at ? *batch.delivered_at : "-") + "\n";
    }
    CHECK(billing.undelivered().value().empty());
    const auto check = tc.db().check();
    REQUIRE(check.ok());
    CHECK(check.value().ok);
    return seen;
}

// The lines a batch carries, as (visit, revision, line, reversal), from its replay.
using LineKey = std::tuple<storage::VisitId, int, int, bool>;

std::vector<LineKey> lines_of(storage::BillingStore& billing, storage::BatchId id) {
    std::vector<LineKey> out;
    const auto replayed = billing.replay_batch(id, [&](const storage::ExportRow& row) {
        out.emplace_back(row.visit_id, row.revision, row.line_ord, row.reversal);
        return true;
    });
    REQUIRE(replayed.ok());
    return out;
}

}  // namespace

TEST_CASE("contract: the same visits give byte-identical exports, replays, worklist pages and totals") {
    std::optional<Seen> reference;
    std::string reference_name;
    for (const auto& backend : test::backends(test::Stores::billing)) {
        CAPTURE(backend.name);
        const Seen seen = run_billing_month(backend.open());
        REQUIRE(seen.files.size() == 8);
        for (std::size_t i = 0; i < 4; ++i) CHECK(seen.files[i + 4] == seen.files[i]);  // replays byte for byte
        CHECK(seen.worklists.find(" held batch - | 96369x1a") != std::string::npos);
        CHECK(seen.worklists.find("amended after export") != std::string::npos);
        CHECK(seen.worklists.find(" [") != std::string::npos);  // the held visit's reasons
        // The visit without an NDC is ready with its check, and once exported shows it no more.
        CHECK(seen.worklists.find(" ready batch - | 96369x1a 96370x1a J1559x80d-JZ {No NDC documented for Hizentra") !=
              std::string::npos);
        if (!reference) {
            reference = seen;
            reference_name = backend.name;
            continue;
        }
        CAPTURE(reference_name);
        for (std::size_t i = 0; i < seen.files.size(); ++i) {
            CAPTURE(i);
            CHECK(seen.files[i] == reference->files[i]);
        }
        CHECK(seen.worklists == reference->worklists);
        CHECK(seen.batches == reference->batches);
    }
    // And on a server whose collation is ICU's en-US, as a clinic's may be: still SQLite's bytes and pages.
    REQUIRE(reference);
    const test::PgTestDatabase icu("TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
    REQUIRE(storage::open_database(storage::DatabaseLocation::postgresql(icu.url())).ok());  // the owner migrates
    auto app = storage::open_database(storage::DatabaseLocation::postgresql(icu.url("infusiondoc_app")));
    REQUIRE(app.ok());
    const Seen seen = run_billing_month(std::move(app).value());
    CHECK(seen.files == reference->files);
    CHECK(seen.worklists == reference->worklists);
    CHECK(seen.batches == reference->batches);
}

TEST_CASE("contract: two billers exporting the same range at the same moment send every line exactly once") {
    for (const auto& backend : test::shared_backends()) {
        CAPTURE(backend.name);
        auto [first, second] = backend.open();
        storage::Database* other = second.get();
        test::TempDir dir;
        test::TestClinic tc("2026-04-01T12:00:00Z", std::move(first));
        const auto nurse = tc.as("rn.okafor", {app::Role::nurse});
        std::int64_t expected = 0;
        for (int round = 0; round < 3; ++round) {
            CAPTURE(round);
            for (int i = 0; i < 5; ++i) signed_visit(tc, nurse, round * 5 + i, 75 + 40 * (i % 3));
            app::ExportRequest dry;
            dry.selection.from = march_first;
            dry.selection.to = march_last;
            dry.dry_run = true;
            const auto pending = app::write_export(tc.db().billing(), test::repo_config(), dry,
                                                   {"billing.chen", "2026-04-01T12:00:00Z"}, {});
            REQUIRE(pending.ok());
            REQUIRE(pending.value().lines > 0);
            expected += pending.value().lines;

            std::latch start(2);
            std::array<core::Result<app::ExportOutcome>, 2> outcomes{core::Error{"not run"}, core::Error{"not run"}};
            const auto biller = [&](int n, storage::Database& db) {
                app::ExportRequest r;
                r.selection.from = march_first;
                r.selection.to = march_last;
                r.out = dir.path() / ("round-" + std::to_string(round) + "-biller-" + std::to_string(n) + ".csv");
                start.arrive_and_wait();
                outcomes[static_cast<std::size_t>(n)] = app::write_export(
                    db.billing(), test::repo_config(), r, {"billing." + std::to_string(n), "2026-04-01T12:00:00Z"}, {});
            };
            std::thread one(biller, 0, std::ref(tc.db()));
            std::thread two(biller, 1, std::ref(*other));
            one.join();
            two.join();
            int batches = 0;
            for (const auto& o : outcomes) {
                REQUIRE_MESSAGE(o.ok(), (o.ok() ? "" : o.error().describe()));
                if (o.value().batch) ++batches;
            }
            CHECK(batches >= 1);
        }
        // Every line of every batch, from either connection: each once, all of them.
        std::set<LineKey> seen;
        std::int64_t total = 0;
        for (const auto& batch : other->billing().batches(100).value()) {
            const auto lines = lines_of(tc.db().billing(), batch.id);
            CHECK(static_cast<std::int64_t>(lines.size()) == batch.line_count);
            for (const auto& key : lines) CHECK(seen.insert(key).second);
            total += batch.line_count;
        }
        CHECK(total == expected);
        CHECK(static_cast<std::int64_t>(seen.size()) == expected);
        const auto check = other->check();
        REQUIRE(check.ok());
        CHECK(check.value().ok);
    }
}

TEST_CASE("contract: a failed finish, a cancelled export and a dry run record nothing") {
    for (const auto& backend : test::backends(test::Stores::billing)) {
        CAPTURE(backend.name);
        test::TestClinic tc("2026-04-01T12:00:00Z", backend.open());
        const auto nurse = tc.as("rn.okafor", {app::Role::nurse});
        signed_visit(tc, nurse, 0, 75);
        signed_visit(tc, nurse, 1, 100);
        auto& billing = tc.db().billing();
        const storage::ExportSelection range{march_first, march_last, {}, "/tmp/never-written.csv"};
        const storage::Actor biller{"billing.chen", "2026-04-01T12:00:00Z"};

        const auto attempt = [&](bool dry_run, bool cancel, bool fail) {
            int rows = 0;
            storage::ExportCallbacks callbacks;
            callbacks.row = [&](const storage::ExportRow&) {
                ++rows;
                return !(cancel && rows == 3);
            };
            callbacks.finish = [&]() -> core::Result<std::string> {
                if (fail) return core::Error{"the disk is full (test)"};
                return std::string(64, 'a');
            };
            auto result = billing.export_pending(range, "csv", biller, dry_run, callbacks);
            return std::make_pair(std::move(result), rows);
        };
        const auto failed = attempt(false, false, true);
        REQUIRE_FALSE(failed.first.ok());
        CHECK(failed.first.error().message == "the disk is full (test)");
        const auto cancelled = attempt(false, true, false);
        REQUIRE(cancelled.first.ok());
        CHECK_FALSE(cancelled.first.value());
        const auto dry = attempt(true, false, false);
        REQUIRE(dry.first.ok());
        CHECK_FALSE(dry.first.value());
        CHECK(dry.second == 5);
        CHECK(billing.batches(10).value().empty());
        CHECK(tc.audited("export") == 0);

        // Then the real one carries every line, recorded with its sealed audit row.
        const auto real = attempt(false, false, false);
        REQUIRE(real.first.ok());
        REQUIRE(real.first.value());
        CHECK(real.first.value()->id == 1);
        CHECK(real.first.value()->line_count == 5);
        CHECK(real.second == 5);
        CHECK(lines_of(billing, 1).size() == 5);
        CHECK(tc.audited("export") == 1);
        CHECK_FALSE(attempt(false, false, false).first.value());  // nothing twice
        const auto check = tc.db().check();
        REQUIRE(check.ok());
        CHECK(check.value().ok);
    }
}
