// `infusiondoc demo-data --visits N [--seed S] [--days D]`: realistic synthetic visits for demos, tests
// and benchmarks, ending today.
#include "cli/commands.hpp"
#include "cli/number_options.hpp"
#include "demo/demo_database.hpp"
#include "demo/seed_demo.hpp"

#include <unistd.h>

#include <chrono>
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>

namespace infusion::cli {

void add_demo_command(CLI::App& program, std::vector<Command>& commands) {
    struct Options {
        std::uint64_t visits = 500;
        std::uint64_t seed = 42;
        int days = 0;
    };
    auto options = std::make_shared<Options>();
    CLI::App* sub = program.add_subcommand("demo-data", "Add realistic synthetic visits to the database");
    decimal(sub->add_option("--visits", options->visits, "How many visits (default 500)"), 1, 100'000'000);
    sub->add_option("--seed", options->seed, "Random seed: the same seed gives the same visits (default 42)");
    decimal(sub->add_option("--days", options->days,
                            "Days the visits span, ending today (default: 14, or about 250 visits a day for large N)"),
            1, 36500);
    sub->fallthrough();
    commands.push_back(
        {sub,
         [options](CommandContext& ctx) {
             app::Clinic* clinic = ctx.clinic();
             if (clinic == nullptr) return exit_error;
             // A new database becomes a demo database with the demo users (docs/users.md); demo data
             // goes into a demo database only (app::Clinic::make_demo, demo::seed_demo).
             const bool fresh = !clinic->accounts().has_users();
             // A new database's demo data is the program's, not a person's: its audit rows name "demo-data"
             // (they named the login, "cli", beside visits signed by the demo nurses; found from outside).
             std::optional<app::Acting> generator;
             if (fresh) generator.emplace(clinic->without_users("demo-data"));
             const app::Acting* who = fresh ? &*generator : ctx.acting();
             if (who == nullptr) return exit_error;
             if (fresh) {
                 if (auto made = demo::make_demo_database(*who, *clinic); !made) return ctx.fail(made.error());
                 ctx.out << "a new demo database with the demo users (passwords in docs/users.md)\n";
             } else if (auto completed = demo::complete_demo_users(*who, *clinic); !completed) {
                 return ctx.fail(completed.error());
             } else if (!completed.value().empty()) {
                 std::string names;
                 for (const auto& name : completed.value()) names += (names.empty() ? "" : ", ") + name;
                 ctx.out << "demo users an earlier, stopped run never made, added now: " << names << "\n";
             }
             // One reading of the clinic's clock: the last day, and how far into it the data goes (today's
             // visits so far, as the clinic's own record holds them now: nothing ahead of the clock).
             const auto now = who->local_now();
             const auto midnight = std::chrono::floor<std::chrono::days>(now);
             const std::chrono::year_month_day today{midnight};
             const int days = options->days > 0 ? options->days
                                                : static_cast<int>(std::max<std::uint64_t>(14, options->visits / 250));
             demo::DemoOptions plan;
             plan.seed = options->seed;
             plan.visits = options->visits;
             plan.last_day = today;
             plan.first_day = std::chrono::sys_days{today} - std::chrono::days{days - 1};
             plan.time_zone = clinic->settings().time_zone;
             plan.last_day_until =
                 static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(now - midnight).count());
             const bool tty = ::isatty(STDERR_FILENO) != 0;
             const auto started = std::chrono::steady_clock::now();
             auto summary = demo::seed_demo(*who, *clinic, plan, [&](std::uint64_t done) {
                 if (tty) ctx.err << "\r" << done << " / " << options->visits << " visits" << std::flush;
             });
             if (tty) ctx.err << "\n";
             if (!summary) return ctx.fail(summary.error());
             const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
             const auto& s = summary.value();
             ctx.out << s.visits << " demo visits in " << clinic->database_name() << " (" << s.signed_visits
                     << " signed, " << s.drafts << " drafts) over " << days << " days, " << std::fixed
                     << std::setprecision(1) << seconds << " s, " << std::setprecision(0)
                     << static_cast<double>(s.visits) / std::max(seconds, 1e-3) << " visits/s\n";
             return exit_ok;
         },
         true});  // a new database becomes a demo database
}

}  // namespace infusion::cli
