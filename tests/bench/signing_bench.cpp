// Signing against a bare durable SQLite insert transaction (issue 15): one signature through the real
// store (IMMEDIATE transaction, the draft sealed, lines and intervals stored, the sealed audit row, the
// chain head written beside the file, one synchronous=FULL commit) against one transaction that inserts
// one small row into a bare table of another file with the same settings (WAL, synchronous=FULL), in
// the same folder, each of its three statements prepared as it runs, as the sqlite3 shell runs them
// (prepared once instead, the bare commit is a few hundredths of a millisecond cheaper). Run alternately
// (sign, bare, bare, sign, ...); prints the medians, the median of the per-pair ratios, the processor
// time of each (medians), and the WAL frames (pages) each writes. Then the disk alone, without SQLite:
// as many bytes as a signature's WAL frames and as a bare insert's, each written with one pwrite over a
// file the size of a WAL and fdatasynced, alternately: how much of the ratio this disk's flush of more
// pages explains, and how much is left for the work a signature does.
//
//   signing_bench DIR [PAIRS] [SEED_VISITS]
//
// DIR must be empty or absent; it is filled with sign.db (SEED_VISITS signed copies of the example
// visit, then one draft per signature to come) and bare.db (and, for a while, disk.dat).
#include "app/visit_service.hpp"
#include "settings/config.hpp"
#include "settings/visit_file.hpp"
#include "storage/sqlite_database.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

namespace {

using namespace infusion;
using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

// The frames in a database's WAL right now: PRAGMA wal_checkpoint answers (busy, log frames, checkpointed).
// A TRUNCATE checkpoint first empties the WAL, so the frames after one write are that write's.
int wal_frames(SQLite::Database& watcher, const char* mode) {
    SQLite::Statement s(watcher, std::string("PRAGMA wal_checkpoint(") + mode + ")");
    s.executeStep();
    return s.getColumn(1).getInt();
}

void open_bare(SQLite::Database& db) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    db.exec("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, at TEXT NOT NULL, payload TEXT NOT NULL)");
}

void bare_insert(SQLite::Database& db, int i) {
    db.exec("BEGIN IMMEDIATE");
    SQLite::Statement s(db, "INSERT INTO t(at, payload) VALUES ('2026-11-30T10:00:00Z', ?)");
    s.bind(1, "signature " + std::to_string(i) + " of the bench, about as long as an audit detail");
    s.exec();
    db.exec("COMMIT");
}

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// This thread's processor time (user and system, the kernel's work for its writes included; not the
// time it waits for the disk), in milliseconds: what a signature costs whatever the disk's flush time.
double cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// `pairs` rounds of `first` and `second`, alternately (first, second, second, first, ...): each returns
// its milliseconds; the medians of each and of the per-pair ratios first / second.
struct Alternated {
    double first_ms = 0;
    double second_ms = 0;
    double ratio = 0;
};

template <typename First, typename Second>
Alternated alternate(int pairs, First&& first, Second&& second) {
    std::vector<double> a;
    std::vector<double> b;
    std::vector<double> ratios;
    for (int i = 0; i < pairs; ++i) {
        double x = 0;
        double y = 0;
        if (i % 2 == 0) {
            x = first();
            y = second();
        } else {
            y = second();
            x = first();
        }
        a.push_back(x);
        b.push_back(y);
        ratios.push_back(x / y);
    }
    return {median(a), median(b), median(ratios)};
}

// 4.: `pairs` alternate rounds of writing and flushing `big` and `small` bytes, at offsets moving through
// a preallocated file the size of a full WAL (as a WAL in use is written over, never lengthened).
// Returns the median milliseconds of each and the median of the per-pair ratios big / small.
Alternated disk_flush(const std::filesystem::path& file, std::size_t big, std::size_t small, int pairs) {
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        std::perror(file.c_str());
        std::exit(1);
    }
    const std::size_t span = 1100 * 4120;  // SQLite's checkpoint size in WAL frames, and some
    const std::string bytes(span, 'w');
    if (::pwrite(fd, bytes.data(), span, 0) != static_cast<ssize_t>(span) || ::fdatasync(fd) != 0) {
        std::perror(file.c_str());
        std::exit(1);
    }
    std::size_t offset = 0;
    const auto write_flush = [&](std::size_t n) {
        if (offset + n > span) offset = 0;
        const auto t0 = Clock::now();
        if (::pwrite(fd, bytes.data(), n, static_cast<off_t>(offset)) != static_cast<ssize_t>(n) ||
            ::fdatasync(fd) != 0) {
            std::perror(file.c_str());
            std::exit(1);
        }
        offset += n;
        return ms_since(t0);
    };
    const Alternated out = alternate(
        pairs, [&] { return write_flush(big); }, [&] { return write_flush(small); });
    ::close(fd);
    std::filesystem::remove(file);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: signing_bench DIR [PAIRS] [SEED_VISITS]\n";
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    const int pairs = argc > 2 ? std::stoi(argv[2]) : 200;
    const int seed = argc > 3 ? std::stoi(argv[3]) : 2000;
    std::filesystem::create_directories(dir);
    if (!std::filesystem::is_empty(dir)) {
        std::cerr << "signing_bench: " << dir << " is not empty\n";
        return 2;
    }

    const auto config = settings::load_config(INFUSIONDOC_SOURCE_DIR "/config");
    if (!config) {
        std::cerr << config.error().describe() << "\n";
        return 2;
    }
    const auto example = settings::read_visit_file(INFUSIONDOC_SOURCE_DIR "/docs/examples/hizentra-two-sites.toml",
                                                   config.value().sites);
    if (!example) {
        std::cerr << example.error().describe() << "\n";
        return 2;
    }
    const core::Visit& visit = example.value().visit;
    const auto coding = app::signed_coding(visit, config.value());
    const storage::Actor nurse{visit.clinician, "2026-11-30T10:00:00Z"};

    auto opened = storage::SqliteDatabase::open((dir / "sign.db").string());
    if (!opened) {
        std::cerr << opened.error().describe() << "\n";
        return 2;
    }
    storage::Database& db = *opened.value();
    // A database with some history, then one draft per signature to come (neither timed).
    const std::vector<storage::VisitStore::NewVisit> history(static_cast<std::size_t>(seed), {visit, coding});
    if (auto made = db.visits().create_many(history, nurse); !made) {
        std::cerr << made.error().describe() << "\n";
        return 2;
    }
    constexpr int frame_samples = 20;
    // Enough signatures to fill the WAL past SQLite's checkpoint size (1,000 pages) once, at 12 or more
    // pages a signature: see 2.
    constexpr int warm_signatures = 1000 / 12 + 1;
    std::vector<storage::VisitId> drafts;
    for (int i = 0; i < pairs + frame_samples + warm_signatures; ++i) {
        drafts.push_back(db.visits().create_draft(visit, nurse).value());
    }
    SQLite::Database bare((dir / "bare.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    open_bare(bare);
    for (int i = 0; i < 100; ++i) bare_insert(bare, -i);  // the bare file warmed up too
    SQLite::Database sign_watch((dir / "sign.db").string(), SQLite::OPEN_READWRITE);
    SQLite::Database bare_watch((dir / "bare.db").string(), SQLite::OPEN_READWRITE);
    std::size_t next = 0;
    const auto sign_next = [&] {
        // A new draft is at version 1.
        const auto done = db.visits().sign(drafts[next++], 1, coding, nurse);
        if (!done) {
            std::cerr << done.error().describe() << "\n";
            std::exit(1);
        }
    };

    // 1. WAL frames per write: the WAL emptied before each, counted after.
    std::vector<double> sign_frames;
    std::vector<double> bare_frames;
    for (int i = 0; i < frame_samples; ++i) {
        wal_frames(sign_watch, "TRUNCATE");
        sign_next();
        sign_frames.push_back(wal_frames(sign_watch, "PASSIVE"));
        wal_frames(bare_watch, "TRUNCATE");
        bare_insert(bare, i);
        bare_frames.push_back(wal_frames(bare_watch, "PASSIVE"));
    }

    // 2. Both WALs as in a database in use: filled once past the checkpoint size, so that each commit
    //    writes over frames the file already has. Right after 1.'s TRUNCATE every commit lengthens its WAL
    //    and fdatasync writes the file's size and new blocks too (measured: 0.1 ms more a commit); the bare
    //    file, at one page a commit, would have paid that for every pair of 3. and the signatures for their
    //    first few dozen only, flattering the ratio (every figure before 2026-12-02 06:00 UTC did).
    for (int i = 0; i < warm_signatures; ++i) sign_next();
    for (int i = 0; i < 1100; ++i) bare_insert(bare, 10'000 + i);

    // 3. Time, alternately; each connection checkpoints on its own as it would in use.
    std::vector<double> sign_cpu;
    std::vector<double> bare_cpu;
    int bare_row = 100'000;
    const Alternated timed = alternate(
        pairs,
        [&] {
            const double c0 = cpu_ms();
            const auto t0 = Clock::now();
            sign_next();
            const double ms = ms_since(t0);
            sign_cpu.push_back(cpu_ms() - c0);
            return ms;
        },
        [&] {
            const double c0 = cpu_ms();
            const auto t0 = Clock::now();
            bare_insert(bare, bare_row++);
            const double ms = ms_since(t0);
            bare_cpu.push_back(cpu_ms() - c0);
            return ms;
        });
    const int page = sign_watch.execAndGet("PRAGMA page_size").getInt();
    std::printf("pairs %d\nsigned_before %d\npage_size %d\n", pairs, seed, page);
    std::printf("sign_ms %.3f\nbare_ms %.3f\nratio %.3f\n", timed.first_ms, timed.second_ms, timed.ratio);
    std::printf("sign_cpu_ms %.3f\nbare_cpu_ms %.3f\n", median(sign_cpu), median(bare_cpu));
    std::printf("sign_wal_frames %.0f\nbare_wal_frames %.0f\n", median(sign_frames), median(bare_frames));
    std::printf("sign_wal_kib %.1f\nbare_wal_kib %.1f\n", median(sign_frames) * (page + 24) / 1024.0,
                median(bare_frames) * (page + 24) / 1024.0);

    // 4. The disk alone: each side's WAL bytes (frame headers included) written and flushed, no SQLite.
    const auto frame_bytes = static_cast<std::size_t>(page + 24);
    const Alternated disk =
        disk_flush(dir / "disk.dat", static_cast<std::size_t>(std::lround(median(sign_frames))) * frame_bytes,
                   static_cast<std::size_t>(std::lround(median(bare_frames))) * frame_bytes, pairs);
    std::printf("disk_sign_ms %.3f\ndisk_bare_ms %.3f\ndisk_ratio %.3f\n", disk.first_ms, disk.second_ms, disk.ratio);
    return 0;
}
