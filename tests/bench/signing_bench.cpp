// Signing against a bare durable SQLite insert transaction (issue 15): one signature through the real
// store (IMMEDIATE transaction, the draft sealed, the sealed audit row, the chain head written beside the
// file, one synchronous=FULL commit) of a draft saved as the nurse's window saves it (with the coding it
// is then signed with: its lines and intervals, read back and found equal, are not written again), and
// then of drafts that kept no coding (an import's, an older program's: the signature writes its lines and
// intervals too), each against one transaction that inserts
// one small row into a bare table of another file with the same settings (WAL, synchronous=FULL), in
// the same folder, each of its three statements prepared as it runs, as the sqlite3 shell runs them
// (prepared once instead, the bare commit is a few hundredths of a millisecond cheaper). Run alternately
// (sign, bare, bare, sign, ...); prints the medians, the median of the per-pair ratios, the processor
// time of each (medians), and the WAL frames (pages) each writes. Then the disk alone, without SQLite:
// as many bytes as a signature's WAL frames and as a bare insert's, each written with one pwrite over a
// file the size of a WAL and fdatasynced, alternately: how much of the ratio this disk's flush of more
// pages explains, and how much is left for the work a signature does. Before that, the floor: the three
// writes no signature can leave out (the revision's signing columns and seal, the visit's status, the
// audit row), by hand on the same file and measured against the bare insert the same way: what any
// layout of the record would still cost on this disk with these tables and indexes. Then a redesigned
// record (CompactSignature), by hand too: the coding in the revision's row, an audit log with one index and
// no AUTOINCREMENT; whole, without its review queue row, and
// the signature alone: whether any layout that keeps what a signature stores would meet 1.5 × here.
// Last, the head file's look (head_look): what asking for the head file's times before each commit
// cost every signature on this kernel, against the look the program makes now.
//
//   signing_bench DIR [PAIRS] [SEED_VISITS] [--kept-only]
//
// --kept-only: only the first comparison (a saved draft's signature against the bare insert), so that
// scripts/bench can run it as several short rounds, each its own process, and print their spread.
//
// DIR must be empty or absent; it is filled with sign.db (SEED_VISITS signed copies of the example
// visit, then one draft per signature to come) and bare.db (and, for a while, disk.dat and look.*).
#include "app/visit_service.hpp"
#include "settings/config.hpp"
#include "settings/visit_file.hpp"
#include "storage/sha256.hpp"
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
#include <unordered_map>
#include <variant>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
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

// The two files' watching connections and the bare file's writer: a writer of ours is measured against it.
struct Watched {
    SQLite::Database ours;   // on sign.db: counts and empties its WAL
    SQLite::Database other;  // on bare.db
    SQLite::Database& bare;  // the bare insert's own connection
    int bare_row = 0;        // the next bare row's number
};

struct Measured {
    Alternated timed;
    double cpu_ms = 0;
    double bare_cpu_ms = 0;
    double frames = 0;  // WAL frames a write adds (median)
    double bare_frames = 0;
};

constexpr int frame_samples = 20;
// Enough writes of `pages` pages or more to fill a WAL past SQLite's checkpoint size (1,000 pages) once.
constexpr int warm_writes(int pages) { return 1000 / pages + 1; }

// `write` against the bare insert: 1. the WAL frames each adds (the WAL emptied before each, counted
// after), 2. both WALs filled once past the checkpoint size, 3. `pairs` alternate timed rounds with each
// one's processor time. Each connection checkpoints on its own as it would in use.
template <typename Write>
Measured against_bare(Watched& w, Write&& write, int warm, int pairs) {
    Measured out;
    std::vector<double> frames;
    std::vector<double> bare_frames;
    for (int i = 0; i < frame_samples; ++i) {
        wal_frames(w.ours, "TRUNCATE");
        write();
        frames.push_back(wal_frames(w.ours, "PASSIVE"));
        wal_frames(w.other, "TRUNCATE");
        bare_insert(w.bare, w.bare_row++);
        bare_frames.push_back(wal_frames(w.other, "PASSIVE"));
    }
    out.frames = median(frames);
    out.bare_frames = median(bare_frames);
    // 2. Right after 1.'s TRUNCATE every commit lengthens its WAL and fdatasync writes the file's size and
    //    new blocks too (measured: 0.1 ms more a commit); the bare file, at one page a commit, would have
    //    paid that for every pair of 3. and the signatures for their first few dozen only, flattering the
    //    ratio (every figure before 2026-12-02 06:00 UTC did). Filled once, each commit writes over frames
    //    the file already has, as in a database in use.
    for (int i = 0; i < warm; ++i) write();
    for (int i = 0; i < 1100; ++i) bare_insert(w.bare, w.bare_row++);
    std::vector<double> cpu;
    std::vector<double> bare_cpu;
    const auto timed = [](auto&& f, std::vector<double>& cpu_out) {
        const double c0 = cpu_ms();
        const auto t0 = Clock::now();
        f();
        const double ms = ms_since(t0);
        cpu_out.push_back(cpu_ms() - c0);
        return ms;
    };
    out.timed = alternate(
        pairs, [&] { return timed(write, cpu); },
        [&] { return timed([&] { bare_insert(w.bare, w.bare_row++); }, bare_cpu); });
    out.cpu_ms = median(cpu);
    out.bare_cpu_ms = median(bare_cpu);
    return out;
}

// One prepared statement run with these values, then made ready for the next (the by-hand writers below).
using Value = std::variant<std::int64_t, std::string>;
void run(SQLite::Statement& s, const std::vector<Value>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::visit([&](const auto& v) { s.bind(static_cast<int>(i) + 1, v); }, values[i]);
    }
    s.exec();
    s.reset();
    s.clearBindings();
}

// 4. The floor: what any signature writes, however its record were laid out, in one durable transaction
// on the same file, through the same VFS, each statement prepared once (as the store keeps its own):
// one audit row chained to the last, the revision's signing columns and seal (one UPDATE), the visit's
// status and version. Not the lines, intervals and problems, not the review flags and queue row, not
// the seal read back. The audit row's hash is a fixed text (SHA-256 of its fields would add about a
// microsecond), so this file's chain is broken from here on: it is a bench file, removed afterwards.
// With the schema's indexes and triggers as they are, this is the least a signature can cost here.
constexpr int floor_pages = 5;  // at least: revision, visit, status index, audit row and an audit index

class SignatureFloor {
public:
    SignatureFloor(const std::filesystem::path& file, const storage::Actor& actor)
        : m_db(file.string(), SQLite::OPEN_READWRITE, 0, "infusiondoc-wal-batching"),
          m_revision(m_db,
                     "UPDATE revisions SET signed_by = ?, signed_at = ?, rules_version = 'bench', billable = 1, "
                     "infusion_minutes = 60, date_of_service = '2026-11-30', sealed = 1, seal = ? "
                     "WHERE visit_id = ? AND number = 0"),
          m_visit(m_db,
                  "UPDATE visits SET status = 'signed', infusion_minutes = 60, billable = 1, updated_at = ?, "
                  "version = version + 1 WHERE id = ?"),
          m_last(m_db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1"),
          m_audit(m_db,
                  "INSERT INTO audit(id, at, actor, action, visit_id, detail, prev_hash, hash, subject, seal) "
                  "VALUES (?, ?, ?, 'sign', ?, '2 lines, rules bench', ?, ?, ?, ?)"),
          m_actor(actor) {
        m_db.exec("PRAGMA foreign_keys = ON");
        m_db.exec("PRAGMA synchronous = FULL");
    }
    void sign(storage::VisitId visit) {
        const std::string seal(64, 'a');
        m_db.exec("BEGIN IMMEDIATE");
        // The audit row first, as the program writes it (schema 18 seals a revision only when the chain
        // records its seal: the trigger's index search is part of the floor).
        m_last.executeStep();
        const std::int64_t id = m_last.getColumn(0).getInt64() + 1;
        const std::string previous = m_last.getColumn(1).getString();
        m_last.reset();
        run(m_audit, {id, m_actor.at, m_actor.user, visit, previous, std::string(64, 'f'),
                      "revision " + std::to_string(visit) + "/0", seal});
        run(m_revision, {m_actor.user, m_actor.at, seal, visit});
        run(m_visit, {m_actor.at, visit});
        m_db.exec("COMMIT");
    }

private:
    SQLite::Database m_db;
    SQLite::Statement m_revision;
    SQLite::Statement m_visit;
    SQLite::Statement m_last;
    SQLite::Statement m_audit;
    storage::Actor m_actor;
};

// 4b. What a redesigned record would cost: is any layout that keeps the review queue and the audit log
// under 1.5 × here? Written by hand, like the floor, after the floor on the same file, whose schema
// redesign_schema() changes first towards the least a signature could write (the visit's status indexed
// only while unsigned is the program's own since schema 16):
// - the audit log without AUTOINCREMENT (no sqlite_sequence page) and with one index (by visit),
// - the revision's coding (lines, intervals, flags) as text in its own row, sealed from memory (SHA-256
//   of the content and the coding, no read-back), the audit row's chain hash computed too.
// Five writers: the whole signature (coding and review queue row); the same with the audit log as it is
// (`audit`: AUTOINCREMENT, whose sqlite_sequence row is how `db check` finds rows cut from the log's end,
// and its indexes by visit, by time and by subject), the redesign that would keep that evidence; the
// whole signature with the queue as the visit's own columns in a partial index instead of a row of its
// own; without the queue; and the signature alone (signing columns, seal, status, audit row).
void redesign_schema(const std::filesystem::path& file) {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    db.exec("ALTER TABLE revisions ADD COLUMN coding TEXT NOT NULL DEFAULT ''");
    // The review queue as the visit's own columns, indexed only while a review is pending.
    db.exec("ALTER TABLE visits ADD COLUMN review_priority INTEGER");
    db.exec(
        "CREATE INDEX visits_review_queue ON visits(review_priority, date_of_service, id) "
        "WHERE review_priority IS NOT NULL");
    db.exec(
        "CREATE TABLE audit_log(id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, "
        "visit_id INTEGER, detail TEXT NOT NULL DEFAULT '', prev_hash TEXT NOT NULL, hash TEXT NOT NULL, "
        "subject TEXT NOT NULL DEFAULT '', seal TEXT NOT NULL DEFAULT '')");
    db.exec("CREATE INDEX audit_log_by_visit ON audit_log(visit_id, id)");
    db.exec(
        "INSERT INTO audit_log(id, at, actor, action, prev_hash, hash) VALUES (1, 'bench', 'bench', 'start', '', '0')");
    // Schema 18's rule kept: a revision is sealed only when the log records its seal, in whichever of the two
    // logs its writer uses (the lean log is searched first, so the writers with it pay one search).
    db.exec("DROP TRIGGER revisions_sealed_with_audit_row");
    db.exec(
        "CREATE TRIGGER revisions_sealed_with_audit_row AFTER UPDATE OF sealed ON revisions "
        "WHEN NEW.sealed = 1 AND OLD.sealed = 0 AND NOT EXISTS (SELECT 1 FROM audit_log WHERE visit_id = NEW.visit_id "
        "AND subject = 'revision ' || NEW.visit_id || '/' || NEW.number AND seal = NEW.seal) AND NOT EXISTS ("
        "SELECT 1 FROM audit WHERE visit_id = NEW.visit_id "
        "AND subject = 'revision ' || NEW.visit_id || '/' || NEW.number AND seal = NEW.seal) "
        "BEGIN SELECT RAISE(ABORT, 'a revision is sealed only with the audit row of its seal'); END");
}

// The coding of a signature as one text: its lines, intervals and review flags, a line each.
std::string coding_text(const storage::SignedCoding& coding) {
    std::string out;
    for (const auto& l : coding.lines) {
        out += l.code + '|' + std::to_string(l.units) + '|' + l.ndc + '|' + l.ndc_unit + '|' + l.reason + '\n';
    }
    for (std::size_t i = 0; i < coding.intervals.size(); ++i) out += "2026-11-30T14:05:00Z/2026-11-30T15:20:00Z\n";
    if (coding.review) out += "review flags " + std::to_string(coding.review->flags) + '\n';
    return out;
}

class CompactSignature {
public:
    struct Parts {
        bool coding = true;
        bool queue_row = true;        // a row in review_state (and its queue index)
        bool queue_in_visit = false;  // instead: the visit's review_priority, in a partial index
        bool audit_as_is = false;     // the schema's own audit table instead of the lean audit_log
    };
    CompactSignature(const std::filesystem::path& file, const storage::Actor& actor,
                     const storage::SignedCoding& coding, Parts parts)
        : m_db(file.string(), SQLite::OPEN_READWRITE, 0, "infusiondoc-wal-batching"),
          m_revision(m_db,
                     "UPDATE revisions SET signed_by = ?, signed_at = ?, rules_version = 'bench', billable = 1, "
                     "infusion_minutes = 60, date_of_service = '2026-11-30', sealed = 1, seal = ?, coding = ? "
                     "WHERE visit_id = ? AND number = 0"),
          m_visit(m_db, std::string("UPDATE visits SET status = 'signed', infusion_minutes = 60, billable = 1, ") +
                            (parts.queue_in_visit ? "review_priority = 1, " : "") +
                            "updated_at = ?, version = version + 1 WHERE id = ?"),
          m_queue(m_db,
                  "INSERT INTO review_state(visit_id, date_of_service, clinician, patient_id, flags, priority, state) "
                  "VALUES (?, '2026-11-30', ?, ?, 3, 1, 'pending')"),
          m_last(m_db, std::string("SELECT id, hash FROM ") + audit_table(parts) + " ORDER BY id DESC LIMIT 1"),
          m_audit(m_db, std::string("INSERT INTO ") + audit_table(parts) +
                            "(id, at, actor, action, visit_id, detail, prev_hash, hash, subject, seal) "
                            "VALUES (?, ?, ?, 'sign', ?, '2 lines, rules bench', ?, ?, ?, ?)"),
          m_actor(actor),
          m_coding(parts.coding ? coding_text(coding) : std::string()),
          m_content(2000, 'c'),  // about what a visit's content is as the seal's text
          m_parts(parts) {
        m_db.exec("PRAGMA foreign_keys = ON");
        m_db.exec("PRAGMA synchronous = FULL");
        m_patient = m_db.execAndGet("SELECT patient_id FROM visits LIMIT 1").getInt64();
    }
    void sign(storage::VisitId visit) {
        storage::Sha256 content;
        content.update(m_content);
        content.update(m_coding);
        const std::string seal = content.hex();
        m_db.exec("BEGIN IMMEDIATE");
        m_last.executeStep();
        const std::int64_t id = m_last.getColumn(0).getInt64() + 1;
        const std::string previous = m_last.getColumn(1).getString();
        m_last.reset();
        const std::string subject = "revision " + std::to_string(visit) + "/0";
        storage::Sha256 chain;
        for (const std::string& field : {previous, m_actor.at, m_actor.user, subject, seal}) chain.update(field);
        run(m_audit, {id, m_actor.at, m_actor.user, visit, previous, chain.hex(), subject, seal});  // first (schema 18)
        run(m_revision, {m_actor.user, m_actor.at, seal, m_coding, visit});
        run(m_visit, {m_actor.at, visit});
        if (m_parts.queue_row) run(m_queue, {visit, m_actor.user, m_patient});
        m_db.exec("COMMIT");
    }

private:
    static const char* audit_table(const Parts& parts) { return parts.audit_as_is ? "audit" : "audit_log"; }

    SQLite::Database m_db;
    SQLite::Statement m_revision;
    SQLite::Statement m_visit;
    SQLite::Statement m_queue;
    SQLite::Statement m_last;
    SQLite::Statement m_audit;
    storage::Actor m_actor;
    std::string m_coding;
    std::string m_content;
    Parts m_parts;
    std::int64_t m_patient = 0;
};

// 5.: `pairs` alternate rounds of writing and flushing `big` and `small` bytes, at offsets moving through
// a preallocated file the size of a full WAL (as a WAL in use is written over, never lengthened).
// Returns the median milliseconds of each and the median of the per-pair ratios big / small.
constexpr std::size_t wal_span = 1100 * 4120;  // SQLite's checkpoint size in WAL frames, and some

// A new owner-only file of `size` bytes, written and flushed, open for reading and writing.
int prefilled_file(const std::filesystem::path& file, std::size_t size) {
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
    const std::string bytes(size, 'w');
    if (fd < 0 || ::pwrite(fd, bytes.data(), size, 0) != static_cast<ssize_t>(size) || ::fdatasync(fd) != 0) {
        std::perror(file.c_str());
        std::exit(1);
    }
    return fd;
}

Alternated disk_flush(const std::filesystem::path& file, std::size_t big, std::size_t small, int pairs) {
    const std::size_t span = wal_span;
    const int fd = prefilled_file(file, span);
    const std::string bytes(span, 'w');
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

// 6.: what the head file's look before each commit costs on this kernel (chain_head_tracker.cpp): each round
// writes and flushes a signature's WAL bytes with the head file looked at, read and written in place
// around them as the program does, then a bare insert's bytes to another file, and returns the time of
// both. Alternately the look is lstat (which asks for the file's times) and statx asked for no times,
// as the program looks now. From Linux 6.13 a look at a file's times makes its next write stamp it with
// a fine-grained time; the first of each pair shows what that cost every signature before 3eb8b16.
Alternated head_look(const std::filesystem::path& dir, std::size_t big, std::size_t small, int pairs) {
    const std::size_t span = wal_span;
    const auto head_file = dir / "look.head";
    const int wal = prefilled_file(dir / "look.wal", span);
    const int other = prefilled_file(dir / "look.other", span);
    const int head = prefilled_file(head_file, 256);
    const std::string bytes(span, 'w');
    std::size_t offset = 0;
    std::size_t other_offset = 0;
    char record[256] = {};
    const auto round = [&](bool times) {
        if (offset + big > span) offset = 0;
        if (other_offset + small > span) other_offset = 0;
        const auto t0 = Clock::now();
        bool done = true;
        if (times) {
            struct stat st {};
            done = ::lstat(head_file.c_str(), &st) == 0;
        } else {
            struct statx sx {};
            done = ::statx(AT_FDCWD, head_file.c_str(), AT_SYMLINK_NOFOLLOW,
                           STATX_TYPE | STATX_MODE | STATX_INO | STATX_SIZE, &sx) == 0;
        }
        done = done && ::pread(head, record, sizeof record, 0) == static_cast<ssize_t>(sizeof record) &&
               ::pwrite(wal, bytes.data(), big, static_cast<off_t>(offset)) == static_cast<ssize_t>(big) &&
               ::fdatasync(wal) == 0 &&
               ::pwrite(head, record, sizeof record, 0) == static_cast<ssize_t>(sizeof record) &&
               ::pwrite(other, bytes.data(), small, static_cast<off_t>(other_offset)) == static_cast<ssize_t>(small) &&
               ::fdatasync(other) == 0;
        if (!done) {
            std::perror(dir.c_str());
            std::exit(1);
        }
        offset += big;
        other_offset += small;
        return ms_since(t0);
    };
    const Alternated out = alternate(
        pairs, [&] { return round(true); }, [&] { return round(false); });
    for (const int fd : {wal, other, head}) ::close(fd);
    for (const char* name : {"look.wal", "look.other", "look.head"}) std::filesystem::remove(dir / name);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args;
    bool kept_only = false;
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--kept-only") {
            kept_only = true;
        } else {
            args.emplace_back(argv[i]);
        }
    }
    if (args.empty() || args.size() > 3) {
        std::cerr << "usage: signing_bench DIR [PAIRS] [SEED_VISITS] [--kept-only]\n";
        return 2;
    }
    const std::filesystem::path dir = args[0];
    const int pairs = args.size() > 1 ? std::stoi(args[1]) : 200;
    const int seed = args.size() > 2 ? std::stoi(args[2]) : 2000;
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
    // Each saved once as the window saves a draft at every change: with the coding it will be signed with.
    // Enough for the program's signatures, the floor and each redesigned writer (4b).
    constexpr int redesigns = 5;
    const int draft_count = kept_only ? pairs + frame_samples + warm_writes(12)
                                      : (2 + redesigns) * (pairs + frame_samples) + warm_writes(12) +
                                            (1 + redesigns) * warm_writes(floor_pages);
    // Each draft for its own patient, as at a clinic, and each signed with its own coding as the window signs:
    // one that counted the patient's other visits of the date (none), which the signature reads again in its
    // transaction (storage::SignedCoding::counted; two visits signed at once each missed the other).
    std::unordered_map<storage::VisitId, storage::SignedCoding> signing;
    int patients = 0;
    const auto new_draft = [&](bool saved) {
        core::Visit v = visit;
        v.patient.id = "MRN-B" + std::to_string(1000000 + ++patients);
        const storage::VisitId id = db.visits().create_draft(v, nurse).value();
        auto coded = app::signed_coding(v, config.value(), std::nullopt, app::OtherVisits{&db.reviews(), id});
        if (!coded.counted) {
            std::cerr << "signing_bench: the coding counted no other visits\n";
            std::exit(2);
        }
        if (saved) {
            if (auto done = db.visits().save_draft(id, 1, v, nurse, &coded); !done) {
                std::cerr << done.error().describe() << "\n";
                std::exit(2);
            }
        }
        signing.emplace(id, std::move(coded));
        return id;
    };
    std::vector<storage::VisitId> drafts;
    for (int i = 0; i < draft_count; ++i) drafts.push_back(new_draft(true));
    // Drafts that kept no coding (an import's, or saved by an older program).
    std::vector<storage::VisitId> unkept;
    for (int i = 0; !kept_only && i < pairs + frame_samples + warm_writes(18); ++i) unkept.push_back(new_draft(false));
    SQLite::Database bare((dir / "bare.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    open_bare(bare);
    for (int i = 0; i < 100; ++i) bare_insert(bare, -i);  // the bare file warmed up too
    Watched pair{SQLite::Database((dir / "sign.db").string(), SQLite::OPEN_READWRITE),
                 SQLite::Database((dir / "bare.db").string(), SQLite::OPEN_READWRITE), bare};
    std::size_t next = 0;
    const auto sign = [&](storage::VisitId id, std::int64_t version) {
        const auto done = db.visits().sign(id, version, signing.at(id), nurse);
        if (!done) {
            std::cerr << done.error().describe() << "\n";
            std::exit(1);
        }
    };
    // A saved draft is at version 2, a new one at 1.
    const Measured signed_kept = against_bare(
        pair, [&] { sign(drafts.at(next++), 2); }, warm_writes(12), pairs);

    const int page = pair.ours.execAndGet("PRAGMA page_size").getInt();
    std::printf("pairs %d\nsigned_before %d\npage_size %d\n", pairs, seed, page);
    std::printf("sign_ms %.3f\nbare_ms %.3f\nratio %.3f\n", signed_kept.timed.first_ms, signed_kept.timed.second_ms,
                signed_kept.timed.ratio);
    std::printf("sign_cpu_ms %.3f\nbare_cpu_ms %.3f\n", signed_kept.cpu_ms, signed_kept.bare_cpu_ms);
    std::printf("sign_wal_frames %.0f\nbare_wal_frames %.0f\n", signed_kept.frames, signed_kept.bare_frames);
    std::printf("sign_wal_kib %.1f\nbare_wal_kib %.1f\n", signed_kept.frames * (page + 24) / 1024.0,
                signed_kept.bare_frames * (page + 24) / 1024.0);
    std::fflush(stdout);
    if (kept_only) return 0;

    // 3b. Drafts that kept no coding: the signature writes its lines and intervals as well.
    std::size_t next_unkept = 0;
    const Measured signed_unkept = against_bare(
        pair, [&] { sign(unkept.at(next_unkept++), 1); }, warm_writes(18), pairs);
    std::printf("unkept_ms %.3f\nunkept_bare_ms %.3f\nunkept_ratio %.3f\nunkept_wal_frames %.0f\n",
                signed_unkept.timed.first_ms, signed_unkept.timed.second_ms, signed_unkept.timed.ratio,
                signed_unkept.frames);
    std::fflush(stdout);

    // 4. The floor (SignatureFloor): what no signature can leave out, written by hand on the same file.
    SignatureFloor floor_writer(dir / "sign.db", nurse);
    const auto floor_next = [&] { floor_writer.sign(drafts.at(next++)); };
    const Measured least = against_bare(pair, floor_next, warm_writes(floor_pages), pairs);
    std::printf("floor_ms %.3f\nfloor_bare_ms %.3f\nfloor_ratio %.3f\n", least.timed.first_ms, least.timed.second_ms,
                least.timed.ratio);
    std::printf("floor_cpu_ms %.3f\nfloor_bare_cpu_ms %.3f\nfloor_wal_frames %.0f\n", least.cpu_ms, least.bare_cpu_ms,
                least.frames);
    std::fflush(stdout);

    // 4b. A redesigned record (CompactSignature): the whole signature, with the audit log as it is, and
    // three smaller ones.
    redesign_schema(dir / "sign.db");
    struct Variant {
        const char* name;
        CompactSignature::Parts parts;
    };
    constexpr Variant variants[] = {
        {"redesign", {true, true}},
        {"redesign_audit_as_is", {true, true, false, true}},
        {"redesign_queue_in_visit", {true, false, true}},
        {"redesign_no_queue", {true, false}},
        {"redesign_signature_only", {false, false}},
    };
    static_assert(std::size(variants) == redesigns, "the drafts made above are counted for each writer");
    for (const Variant& v : variants) {
        CompactSignature writer(dir / "sign.db", nurse, coding, v.parts);
        const Measured m = against_bare(
            pair, [&] { writer.sign(drafts.at(next++)); }, warm_writes(floor_pages), pairs);
        std::printf("%s_ms %.3f\n%s_bare_ms %.3f\n%s_ratio %.3f\n%s_wal_frames %.0f\n", v.name, m.timed.first_ms,
                    v.name, m.timed.second_ms, v.name, m.timed.ratio, v.name, m.frames);
        std::fflush(stdout);
    }

    // 5. The disk alone: each side's WAL bytes (frame headers included) written and flushed, no SQLite.
    const auto frame_bytes = static_cast<std::size_t>(page + 24);
    const Alternated disk =
        disk_flush(dir / "disk.dat", static_cast<std::size_t>(std::lround(signed_kept.frames)) * frame_bytes,
                   static_cast<std::size_t>(std::lround(signed_kept.bare_frames)) * frame_bytes, pairs);
    std::printf("disk_sign_ms %.3f\ndisk_bare_ms %.3f\ndisk_ratio %.3f\n", disk.first_ms, disk.second_ms, disk.ratio);
    std::fflush(stdout);

    // 6. The head file's look (head_look): lstat, as before 3eb8b16, against statx without times.
    const Alternated look =
        head_look(dir, static_cast<std::size_t>(std::lround(signed_kept.frames)) * frame_bytes,
                  static_cast<std::size_t>(std::lround(signed_kept.bare_frames)) * frame_bytes, pairs);
    std::printf("look_times_ms %.3f\nlook_no_times_ms %.3f\nlook_ratio %.3f\n", look.first_ms, look.second_ms,
                look.ratio);
    return 0;
}
