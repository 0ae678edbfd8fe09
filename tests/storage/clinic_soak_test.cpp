// Eight workstations on one database for a minute (issue 14): six nurses documenting, signing and amending,
// two billers exporting, all at once, each on its own connection, as a clinic's chairs and billing office
// would be. Then: `db check` clean, every change a client was told had landed is in the record as it was
// told, and every billing line went out exactly once (each charge of every exported revision once, each
// replaced revision's charges reversed once, nothing exported twice).
//
// Runs on every backend that stores visits and billing (a SQLite file, and PostgreSQL through the
// application role); INFUSIONDOC_SOAK_SECONDS sets the length (60 by default, as the issue asks).
#include "app/visit_service.hpp"
#include "storage/store_fixture.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

using namespace infusion;

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::seconds soak_length() {
    const char* s = std::getenv("INFUSIONDOC_SOAK_SECONDS");
    return std::chrono::seconds{s != nullptr ? std::atoi(s) : 60};
}

// A line as exported: which visit, revision and line, and whether a charge or its reversal.
using LineKey = std::tuple<storage::VisitId, int, int, bool>;

// What a nurse was told had landed: the visit's revision and the minutes documented in it.
struct Acknowledged {
    int revision = 0;
    int minutes = 0;
};

struct Shared {
    std::mutex lock;
    std::map<storage::VisitId, Acknowledged> acknowledged;
    std::map<LineKey, int> exported;  // how many times each line went out
    std::vector<std::string> failures;
    std::atomic<int> signatures{0}, amendments{0}, batches{0}, busy{0};

    void fail(const std::string& what) {
        std::lock_guard guard(lock);
        failures.push_back(what);
    }
};

std::string now_utc() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// A write told "the database is busy in another program; try again" (SQLite's lock held past its 5 s
// wait by another workstation, under this load) saved nothing; the nurse tries again, as she is told.
template <typename Write>
auto again_while_busy(Shared& shared, Write&& write) {
    for (;;) {
        auto result = write();
        if (result || result.error().message.find("is busy") == std::string::npos) return result;
        ++shared.busy;
    }
}

// One nurse: documents a visit (created, saved twice, signed), and every third visit amends one of her
// signed visits (a corrected stop time). Each landed change is recorded as acknowledged.
void nurse(storage::Database& db, int who, Clock::time_point until, Shared& shared) {
    const std::string user = "rn.soak" + std::to_string(who);
    std::vector<storage::VisitId> mine;
    for (int n = 0; Clock::now() < until; ++n) {
        const storage::Actor me{user, now_utc()};
        core::Visit v = test::sample_visit(30 + (n * 7 + who) % 200);
        v.patient.id = "MRN-S" + std::to_string(who) + "-" + std::to_string(n);
        v.clinician = user;
        const auto id = again_while_busy(shared, [&] { return db.visits().create_draft(v, me); });
        if (!id) {
            shared.fail(user + " create: " + id.error().describe());
            continue;
        }
        auto version = again_while_busy(shared, [&] { return db.visits().save_draft(id.value(), 1, v, me); });
        if (!version) {
            shared.fail(user + " save: " + version.error().describe());
            continue;
        }
        const int minutes = 30 + (n * 7 + who) % 200;
        const auto coding = app::signed_coding(v, test::repo_config());
        if (auto signed_ =
                again_while_busy(shared, [&] { return db.visits().sign(id.value(), version.value(), coding, me); });
            !signed_) {
            shared.fail(user + " sign: " + signed_.error().describe());
            continue;
        }
        ++shared.signatures;
        {
            std::lock_guard guard(shared.lock);
            shared.acknowledged[id.value()] = {0, minutes};  // the draft's revision 0, now sealed
        }
        mine.push_back(id.value());
        if (n % 3 != 2) continue;
        // The amendment: a visit signed a while ago, its stop time corrected by ten minutes.
        const auto target = mine[static_cast<std::size_t>(n) % mine.size()];
        const auto stored = db.visits().load(target);
        if (!stored) {
            shared.fail(user + " load: " + stored.error().describe());
            continue;
        }
        int corrected_minutes = 0;
        {
            std::lock_guard guard(shared.lock);
            corrected_minutes = shared.acknowledged[target].minutes + 10;
        }
        core::Visit corrected = stored.value().current().content;
        corrected.pump_setups[0].stop = corrected.pump_setups[0].start;
        corrected.pump_setups[0].stop->local += std::chrono::minutes{corrected_minutes};
        const auto revision = again_while_busy(shared, [&] {
            return db.visits().amend(target, stored.value().version, corrected, "stop time corrected",
                                     app::signed_coding(corrected, test::repo_config()),
                                     storage::Actor{user, now_utc()});
        });
        if (!revision) {
            shared.fail(user + " amend: " + revision.error().describe());
            continue;
        }
        ++shared.amendments;
        std::lock_guard guard(shared.lock);
        shared.acknowledged[target] = {revision.value(), corrected_minutes};
    }
}

// Exports everything pending; records each line of a batch that committed.
void export_once(storage::Database& db, const std::string& user, Shared& shared) {
    std::vector<LineKey> lines;
    storage::ExportCallbacks callbacks;
    callbacks.row = [&](const storage::ExportRow& r) {
        lines.emplace_back(r.visit_id, r.revision, r.line_ord, r.reversal);
        return true;
    };
    callbacks.finish = [] { return core::Result<std::string>(std::string(64, '0')); };
    storage::ExportSelection all;
    all.from = std::chrono::year{2000} / 1 / 1;
    all.to = std::chrono::year{2100} / 1 / 1;
    all.destination = "/clinic/exports/" + user + ".csv";
    const auto batch = again_while_busy(shared, [&] {
        lines.clear();  // a refused run recorded nothing
        return db.billing().export_pending(all, "csv", storage::Actor{user, now_utc()}, false, callbacks);
    });
    if (!batch) {
        shared.fail(user + " export: " + batch.error().describe());
        return;
    }
    if (!batch.value()) return;  // nothing pending
    ++shared.batches;
    std::lock_guard guard(shared.lock);
    for (const auto& key : lines) ++shared.exported[key];
}

void biller(storage::Database& db, int who, Clock::time_point until, Shared& shared) {
    const std::string user = "billing.soak" + std::to_string(who);
    while (Clock::now() < until) {
        export_once(db, user, shared);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

}  // namespace

TEST_CASE("eight workstations document, sign, amend and export for a minute: nothing lost, each line once") {
    for (const auto& backend : test::places()) {
        CAPTURE(backend.name);
        const auto where = backend.make();
        constexpr std::size_t nurses = 6, billers = 2;
        std::vector<std::unique_ptr<storage::Database>> stations;
        for (std::size_t i = 0; i < nurses + billers; ++i) {
            auto db = storage::open_database(where);
            REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().describe()));
            stations.push_back(std::move(db).value());
        }
        Shared shared;
        const auto until = Clock::now() + soak_length();
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < nurses; ++i) {
            threads.emplace_back(nurse, std::ref(*stations[i]), static_cast<int>(i), until, std::ref(shared));
        }
        for (std::size_t i = 0; i < billers; ++i) {
            threads.emplace_back(biller, std::ref(*stations[nurses + i]), static_cast<int>(i), until, std::ref(shared));
        }
        for (auto& t : threads) t.join();
        export_once(*stations[nurses], "billing.final", shared);  // what was signed after the last batch

        MESSAGE(backend.name << ": " << shared.signatures.load() << " signed, " << shared.amendments.load()
                             << " amended, " << shared.batches.load() << " batches, " << shared.exported.size()
                             << " lines exported, " << shared.busy.load()
                             << " writes told 'busy, try again' and repeated");
        for (const auto& f : shared.failures) FAIL_CHECK(f);
        CHECK(shared.signatures > static_cast<int>(nurses));  // each nurse got several visits through
        CHECK(shared.amendments > 0);
        CHECK(shared.batches > 1);

        auto& db = *stations[0];
        const auto report = db.check();
        REQUIRE(report.ok());
        CHECK_MESSAGE(report.value().ok, "db check found problems after the soak");

        // Every acknowledged change is there, as acknowledged.
        for (const auto& [id, ack] : shared.acknowledged) {
            const auto stored = db.visits().load(id);
            REQUIRE(stored.ok());
            CHECK(stored.value().current().number == ack.revision);
            const auto& p = stored.value().current().content.pump_setups.at(0);
            CHECK(std::chrono::duration_cast<std::chrono::minutes>(p.stop->local - p.start->local).count() ==
                  ack.minutes);
        }
        // Each line once; every revision's charges out, and every replaced exported revision reversed.
        for (const auto& [key, times] : shared.exported)
            CHECK_MESSAGE(times == 1, "a line went out " << times << " times");
        std::map<storage::VisitId, std::set<int>> charged, reversed;  // revisions per visit
        for (const auto& [key, times] : shared.exported) {
            const auto& [visit, revision, line, reversal] = key;
            (reversal ? reversed : charged)[visit].insert(revision);
        }
        for (const auto& [id, ack] : shared.acknowledged) {
            CHECK_MESSAGE(charged[id].count(ack.revision) == 1,
                          "visit " << id << " revision " << ack.revision << " was never exported");
            for (const int revision : charged[id]) {
                if (revision != ack.revision) {
                    CHECK_MESSAGE(reversed[id].count(revision) == 1,
                                  "visit " << id << " revision " << revision << " was replaced but not reversed");
                }
            }
        }
    }
}
