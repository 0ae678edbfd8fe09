// `infusiondoc demo-data --visits N [--seed S] [--days D]`: realistic synthetic visits for demos, tests
// and benchmarks, ending today.
#include "app/demo_users.hpp"
#include "app/seed_demo.hpp"
#include "cli/commands.hpp"

#include <unistd.h>

#include <chrono>
#include <iomanip>
#include <memory>
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
    sub->add_option("--visits", options->visits, "How many visits (default 500)")->check(CLI::Range(1, 100'000'000));
    sub->add_option("--seed", options->seed, "Random seed: the same seed gives the same visits (default 42)");
    sub->add_option("--days", options->days,
                    "Days the visits span, ending today (default: 14, or about 250 visits a day for large N)")
        ->check(CLI::Range(1, 36500));
    sub->fallthrough();
    commands.push_back(
        {sub, [options](CommandContext& ctx) {
             app::Clinic* clinic = ctx.clinic();
             if (clinic == nullptr) return exit_error;
             // A new database gets the demo users too (docs/users.md); an existing clinic's database
             // takes synthetic visits only from an administrator (checked by app::seed_demo).
             app::Accounts& accounts = clinic->accounts();
             const bool fresh = !accounts.has_users();
             const app::Acting* who = ctx.acting();
             if (who == nullptr) return exit_error;
             const auto today = who->today();
             const int days = options->days > 0 ? options->days
                                                : static_cast<int>(std::max<std::uint64_t>(14, options->visits / 250));
             app::DemoOptions demo;
             demo.seed = options->seed;
             demo.visits = options->visits;
             demo.last_day = today;
             demo.first_day = std::chrono::sys_days{today} - std::chrono::days{days - 1};
             demo.time_zone = clinic->settings().time_zone;
             const bool tty = ::isatty(STDERR_FILENO) != 0;
             const auto started = std::chrono::steady_clock::now();
             auto summary = app::seed_demo(*who, *clinic, demo, [&](std::uint64_t done) {
                 if (tty) ctx.err << "\r" << done << " / " << options->visits << " visits" << std::flush;
             });
             if (tty) ctx.err << "\n";
             if (!summary) return ctx.fail(summary.error());
             const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
             if (fresh) {
                 if (auto seeded = app::seed_demo_users(accounts); !seeded) {
                     ctx.err << seeded.error().describe() << "\n";
                     return exit_error;
                 }
                 ctx.out << "demo users created (passwords in docs/users.md)\n";
             }
             const auto& s = summary.value();
             ctx.out << s.visits << " demo visits in " << clinic->file().string() << " (" << s.signed_visits
                     << " signed, " << s.drafts << " drafts) over " << days << " days, " << std::fixed
                     << std::setprecision(1) << seconds << " s, " << std::setprecision(0)
                     << static_cast<double>(s.visits) / std::max(seconds, 1e-3) << " visits/s\n";
             return exit_ok;
         }});
}

}  // namespace infusion::cli
