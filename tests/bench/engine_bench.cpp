// Engine cost next to the cost of reading a file: derive() per visit, and `code` per file
// (read + parse + validate + derive + JSON), on the documented example and a two-set-up visit.
#include "app/code_visits.hpp"
#include "cli/code_report.hpp"
#include "settings/config.hpp"
#include "settings/visit_file.hpp"

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

namespace {

using namespace infusion;

const settings::Config& config() {
    static const settings::Config c = settings::load_config(INFUSIONDOC_SOURCE_DIR "/config").value();
    return c;
}

std::string example_text() {
    std::ifstream in(INFUSIONDOC_SOURCE_DIR "/docs/examples/hizentra-two-sites.toml");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

core::Visit example_visit() { return settings::parse_visit(example_text(), "example", config().sites).value().visit; }

core::Visit two_setup_visit() {
    core::Visit v = example_visit();
    core::PumpSetup second = v.pump_setups.front();
    second.pump = "CADD Solis";
    second.sites[0].location = "thigh-left";
    second.sites[1].location = "thigh-right";
    second.sites[1].aspiration = core::Aspiration::blood;
    v.pump_setups.push_back(second);
    return v;
}

void derive_example(benchmark::State& state) {
    const core::Visit visit = example_visit();
    const auto context = config().context();
    for (auto _ : state) benchmark::DoNotOptimize(core::derive(visit, context));
}
BENCHMARK(derive_example);

void derive_two_setups(benchmark::State& state) {
    const core::Visit visit = two_setup_visit();
    const auto context = config().context();
    for (auto _ : state) benchmark::DoNotOptimize(core::derive(visit, context));
}
BENCHMARK(derive_two_setups);

void parse_visit_file(benchmark::State& state) {
    const std::string text = example_text();
    for (auto _ : state) benchmark::DoNotOptimize(settings::parse_visit(text, "example", config().sites));
}
BENCHMARK(parse_visit_file);

void code_file_json(benchmark::State& state) {
    const std::string path = INFUSIONDOC_SOURCE_DIR "/docs/examples/hizentra-two-sites.toml";
    std::ostringstream out;
    for (auto _ : state) {
        out.str({});
        const auto coded = app::code_file(path, config());
        cli::write_json_report(coded, out);
        benchmark::DoNotOptimize(out.str().size());
    }
}
BENCHMARK(code_file_json);

}  // namespace

BENCHMARK_MAIN();
