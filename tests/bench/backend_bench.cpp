// SQLite against PostgreSQL on the same machine and the same records (issue 14, docs/performance.md):
// signing one visit, reading a list's first page, and how signing latency grows with 1, 4 and 8
// workstations signing at once. Both databases hold the same clinic (scripts/bench copies million.db into
// the server with `db migrate --to postgresql`); each operation runs alternately on the two (SQLite,
// PostgreSQL, PostgreSQL, SQLite ...) so a busy moment of the machine falls on both.
//
//   backend_bench SQLITE_FILE PG_URL [PAIRS]
//
// Prints one line per figure, "name<TAB>sqlite<TAB>postgresql" in milliseconds (medians; for the
// concurrent rows the median, the 95th percentile and the longest of every signature's latency, and the
// signatures per second of all workstations together).
// It writes: drafts it creates and signs are added to both databases (use copies).
#include "app/visit_service.hpp"
#include "settings/config.hpp"
#include "settings/visit_file.hpp"
#include "storage/database.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace infusion;
using Clock = std::chrono::steady_clock;

double quantile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto at = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(at, v.size() - 1)];
}
double median(std::vector<double> v) { return quantile(std::move(v), 0.5); }
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

[[noreturn]] void die(const std::string& what) {
    std::cerr << "backend_bench: " << what << "\n";
    std::exit(1);
}

template <typename T>
T must(core::Result<T> r, const std::string& what) {
    if (!r) die(what + ": " + r.error().describe());
    return std::move(r).value();
}

std::unique_ptr<storage::Database> open(const storage::DatabaseLocation& where) {
    return must(storage::open_database(where), "cannot open " + where.display());
}

struct Work {
    core::Visit visit;
    storage::SignedCoding coding;
};

// Creates `n` drafts (not timed) and returns their ids.
std::vector<storage::VisitId> drafts(storage::Database& db, const Work& w, int n, const storage::Actor& nurse) {
    std::vector<storage::VisitId> ids;
    for (int i = 0; i < n; ++i) ids.push_back(must(db.visits().create_draft(w.visit, nurse), "create a draft"));
    return ids;
}

double sign_ms(storage::Database& db, storage::VisitId id, const Work& w, const storage::Actor& nurse) {
    const auto t0 = Clock::now();
    if (auto done = db.visits().sign(id, 1, w.coding, nurse); !done) die("sign: " + done.error().describe());
    return ms_since(t0);
}

struct Concurrent {
    std::vector<double> latencies;  // every signature's, ms
    double per_second = 0;          // signatures of all workstations together per second of wall time
};

// `clients` workstations, each on its own connection, each signing `each` of its own drafts as fast as it
// can; every signature's latency, and how many signatures per second they made together. The rate is the
// fairer figure where one workstation can keep the lock while the others wait (SQLite: a writer that
// finishes retries at once, the waiting ones sleep in their busy handler), which keeps most latencies low.
Concurrent concurrent_signing(const storage::DatabaseLocation& where, int clients, int each, const Work& w) {
    std::vector<std::unique_ptr<storage::Database>> stations;
    std::vector<std::vector<storage::VisitId>> ids;
    for (int c = 0; c < clients; ++c) {
        stations.push_back(open(where));
        ids.push_back(drafts(*stations.back(), w, each, {w.visit.clinician, "2026-11-30T10:00:00Z"}));
    }
    std::mutex lock;
    std::vector<double> all;
    std::vector<std::thread> threads;
    const auto started = Clock::now();
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            std::vector<double> mine;
            const storage::Actor nurse{w.visit.clinician, "2026-11-30T10:00:00Z"};
            for (const auto id : ids[static_cast<std::size_t>(c)])
                mine.push_back(sign_ms(*stations[static_cast<std::size_t>(c)], id, w, nurse));
            std::lock_guard guard(lock);
            all.insert(all.end(), mine.begin(), mine.end());
        });
    }
    for (auto& t : threads) t.join();
    const double seconds = ms_since(started) / 1000;
    return {all, static_cast<double>(all.size()) / seconds};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: backend_bench SQLITE_FILE PG_URL [PAIRS]\n";
        return 2;
    }
    const auto lite = storage::DatabaseLocation::sqlite_file(argv[1]);
    const auto pg = storage::DatabaseLocation::postgresql(argv[2]);
    const int pairs = argc > 3 ? std::stoi(argv[3]) : 100;

    const auto config = must(settings::load_config(INFUSIONDOC_SOURCE_DIR "/config"), "config");
    const auto example =
        must(settings::read_visit_file(INFUSIONDOC_SOURCE_DIR "/docs/examples/hizentra-two-sites.toml", config.sites),
             "example visit");
    const Work work{example.visit, app::signed_coding(example.visit, config)};
    const storage::Actor nurse{work.visit.clinician, "2026-11-30T10:00:00Z"};

    auto a = open(lite);
    auto b = open(pg);

    // 1. Signing one visit, alternately.
    const auto da = drafts(*a, work, pairs, nurse);
    const auto db = drafts(*b, work, pairs, nurse);
    std::vector<double> sa, sb;
    for (int i = 0; i < pairs; ++i) {
        const auto k = static_cast<std::size_t>(i);
        if (i % 2 == 0) {
            sa.push_back(sign_ms(*a, da[k], work, nurse));
            sb.push_back(sign_ms(*b, db[k], work, nurse));
        } else {
            sb.push_back(sign_ms(*b, db[k], work, nurse));
            sa.push_back(sign_ms(*a, da[k], work, nurse));
        }
    }
    std::printf("sign\t%.3f\t%.3f\n", median(sa), median(sb));

    // 2. A list's first page (the newest 50 visits, as the window's lists open), alternately.
    std::vector<double> la, lb;
    const auto list_ms = [&](storage::Database& d) {
        const auto t0 = Clock::now();
        const auto page = must(d.visits().list({}), "list");
        if (page.rows.empty()) die("the list is empty: is this the 1,000,000-visit database?");
        return ms_since(t0);
    };
    for (int i = 0; i < pairs; ++i) {
        la.push_back(list_ms(*a));
        lb.push_back(list_ms(*b));
    }
    std::printf("list\t%.3f\t%.3f\n", median(la), median(lb));
    std::fflush(stdout);

    // 3. Signing latency with 1, 4 and 8 workstations at once, each backend in turn per step.
    for (const int clients : {1, 4, 8}) {
        const int each = std::max(10, pairs / 2);
        const auto ca = concurrent_signing(lite, clients, each, work);
        const auto cb = concurrent_signing(pg, clients, each, work);
        std::printf("sign_%d_median\t%.3f\t%.3f\n", clients, median(ca.latencies), median(cb.latencies));
        std::printf("sign_%d_p95\t%.3f\t%.3f\n", clients, quantile(ca.latencies, 0.95), quantile(cb.latencies, 0.95));
        std::printf("sign_%d_max\t%.3f\t%.3f\n", clients, quantile(ca.latencies, 1), quantile(cb.latencies, 1));
        std::printf("sign_%d_rate\t%.1f\t%.1f\n", clients, ca.per_second, cb.per_second);
        std::fflush(stdout);
    }
    return 0;
}
