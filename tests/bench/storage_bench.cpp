// Storage figures on a large database (docs/performance.md). The database comes from
//   infusiondoc --db FILE demo-data --visits 1000000
// and is named by INFUSIONDOC_BENCH_DB; with no such file the benchmarks say so and skip.
#include "app/clinic.hpp"
#include "settings/config.hpp"
#include "storage/sqlite_database.hpp"

#include <benchmark/benchmark.h>

#include <cstdlib>

namespace {

using namespace infusion;

const char* bench_db() {
    const char* path = std::getenv("INFUSIONDOC_BENCH_DB");
    return path != nullptr && std::filesystem::exists(path) ? path : nullptr;
}

storage::Database& database() {
    static std::unique_ptr<storage::Database> db = storage::SqliteDatabase::open(bench_db()).value();
    return *db;
}

const settings::Config& config() {
    static const settings::Config c = settings::load_config(INFUSIONDOC_SOURCE_DIR "/config").value();
    return c;
}

// Opening must not depend on the file's size: no scan, no check, no migration when current.
void open_database(benchmark::State& state) {
    if (bench_db() == nullptr) return state.SkipWithError("set INFUSIONDOC_BENCH_DB");
    for (auto _ : state) {
        auto db = storage::SqliteDatabase::open(bench_db());
        benchmark::DoNotOptimize(db.ok());
    }
}
BENCHMARK(open_database)->Unit(benchmark::kMillisecond);

void first_page(benchmark::State& state, storage::VisitFilter filter) {
    if (bench_db() == nullptr) return state.SkipWithError("set INFUSIONDOC_BENCH_DB");
    for (auto _ : state) {
        auto page = database().visits().list(filter);
        if (!page.ok() || page.value().rows.empty()) return state.SkipWithError("no rows");
        benchmark::DoNotOptimize(page.value().rows.size());
    }
}

storage::VisitFilter newest() { return {}; }
storage::VisitFilter drafts() {
    storage::VisitFilter f;
    f.status = storage::VisitStatus::draft;
    return f;
}
storage::VisitFilter one_patient() {
    storage::VisitFilter f;
    f.patient_id = database().visits().list({}).value().rows.front().patient_id;
    return f;
}
storage::VisitFilter one_month() {
    storage::VisitFilter f;
    const auto last = *database().visits().list({}).value().rows.front().date_of_service;
    f.to = last;
    f.from = std::chrono::sys_days{last} - std::chrono::days{30};
    return f;
}
storage::VisitFilter old_month() {
    storage::VisitFilter f;
    const auto last = *database().visits().list({}).value().rows.front().date_of_service;
    f.to = std::chrono::sys_days{last} - std::chrono::days{5 * 365};
    f.from = std::chrono::sys_days{*f.to} - std::chrono::days{30};
    return f;
}
storage::VisitFilter nurse_signed() {
    storage::VisitFilter f;
    f.clinician = "rn.haddad";
    f.status = storage::VisitStatus::signed_;
    return f;
}

void list_newest(benchmark::State& s) { first_page(s, newest()); }
void list_drafts(benchmark::State& s) { first_page(s, drafts()); }
void list_patient(benchmark::State& s) { first_page(s, one_patient()); }
void list_last_month(benchmark::State& s) { first_page(s, one_month()); }
void list_month_five_years_ago(benchmark::State& s) { first_page(s, old_month()); }
void list_nurse_signed(benchmark::State& s) { first_page(s, nurse_signed()); }
BENCHMARK(list_newest)->Unit(benchmark::kMicrosecond);
BENCHMARK(list_drafts)->Unit(benchmark::kMicrosecond);
BENCHMARK(list_patient)->Unit(benchmark::kMicrosecond);
BENCHMARK(list_last_month)->Unit(benchmark::kMicrosecond);
BENCHMARK(list_month_five_years_ago)->Unit(benchmark::kMicrosecond);
BENCHMARK(list_nurse_signed)->Unit(benchmark::kMicrosecond);

// A page deep into the list: keyset pagination costs the same on page 1 and page 1,000.
void list_page_1000(benchmark::State& state) {
    if (bench_db() == nullptr) return state.SkipWithError("set INFUSIONDOC_BENCH_DB");
    storage::VisitFilter f;
    f.limit = 50;
    for (int i = 0; i < 1000; ++i) f.after = database().visits().list(f).value().next;
    for (auto _ : state) benchmark::DoNotOptimize(database().visits().list(f).value().rows.size());
}
BENCHMARK(list_page_1000)->Unit(benchmark::kMicrosecond);

void load_visit(benchmark::State& state) {
    if (bench_db() == nullptr) return state.SkipWithError("set INFUSIONDOC_BENCH_DB");
    const auto id = database().visits().list({}).value().rows.back().id;
    for (auto _ : state) benchmark::DoNotOptimize(database().visits().load(id).ok());
}
BENCHMARK(load_visit)->Unit(benchmark::kMicrosecond);

// Patient search as the visit screen asks it while the nurse types (12 matches, patient_search.cpp): a part of a
// name, folded for accents, each word anywhere in the id or name. A scan of every patient (scripts/bench search).
void search_patients(benchmark::State& state, const std::string& text) {
    if (bench_db() == nullptr) return state.SkipWithError("set INFUSIONDOC_BENCH_DB");
    for (auto _ : state) {
        auto found = database().visits().find_patients(text, 12);
        if (!found.ok()) return state.SkipWithError(found.error().describe().c_str());
        benchmark::DoNotOptimize(found.value().size());
    }
}
void search_one_letter(benchmark::State& s) { search_patients(s, "a"); }
void search_name(benchmark::State& s) { search_patients(s, "novak"); }
void search_two_words(benchmark::State& s) { search_patients(s, "muller jose"); }
void search_nobody(benchmark::State& s) { search_patients(s, "zzzz"); }
BENCHMARK(search_one_letter)->Unit(benchmark::kMillisecond);
BENCHMARK(search_name)->Unit(benchmark::kMillisecond);
BENCHMARK(search_two_words)->Unit(benchmark::kMillisecond);
BENCHMARK(search_nobody)->Unit(benchmark::kMillisecond);

// The demo nurse of `demo-data`, signed in once: the use cases below act as her.
app::Clinic& clinic() {
    static app::Clinic c(config(), database());
    return c;
}
const app::Acting& nurse() {
    static const app::Acting a = clinic().act_as(clinic().accounts().sign_in("rn.okafor", "nurse-demo-1").value());
    return a;
}

// Creating a draft, saving an edit and signing: each one IMMEDIATE transaction, one durable commit.
void save_draft_edit(benchmark::State& state) {
    if (bench_db() == nullptr) return state.SkipWithError("set INFUSIONDOC_BENCH_DB");
    app::VisitService& service = clinic().visits();
    auto stored = database().visits().load(database().visits().list({}).value().rows.front().id).value();
    core::Visit visit = stored.current().content;
    visit.pump_setups.front().stop.reset();
    const auto id = service.create(nurse(), visit).value();
    // Each save carries the version the previous one returned, as the window does.
    std::int64_t version = database().visits().load(id).value().version;
    for (auto _ : state) {
        auto saved = service.save_draft(nurse(), id, version, visit);
        if (!saved) return state.SkipWithError(saved.error().describe().c_str());
        version = saved.value();
    }
}
BENCHMARK(save_draft_edit)->Unit(benchmark::kMillisecond);

void sign_visit(benchmark::State& state) {
    if (bench_db() == nullptr) return state.SkipWithError("set INFUSIONDOC_BENCH_DB");
    app::VisitService& service = clinic().visits();
    auto stored = database().visits().load(database().visits().list({}).value().rows.back().id).value();
    const core::Visit visit = stored.current().content;
    for (auto _ : state) {
        state.PauseTiming();
        const auto id = service.create(nurse(), visit).value();
        state.ResumeTiming();
        benchmark::DoNotOptimize(service.sign(nurse(), id).ok());
    }
}
BENCHMARK(sign_visit)->Unit(benchmark::kMillisecond)->Iterations(50);

}  // namespace

BENCHMARK_MAIN();
