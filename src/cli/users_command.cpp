// `infusiondoc users add|list|disable|enable|set-roles|passwd|demo`: who may sign in, and with which roles.
// The acting user signs in first (--user NAME; password from the terminal or --password-file), except
// in a database without users, where `users add NAME --roles admin` creates the first administrator.
// Passwords are never taken from an option's value, never printed, never written to the audit log.
#include "app/account_rules.hpp"
#include "app/accounts.hpp"
#include "cli/commands.hpp"
#include "cli/password_input.hpp"
#include "demo/demo_database.hpp"

#include <algorithm>
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <utility>

namespace infusion::cli {
namespace {

struct UsersOptions {
    std::optional<std::string> new_password_file;  // the password being set (add, passwd)
    std::string name;                              // the user acted on
    std::string roles;                             // "nurse,supervisor"
    std::string display_name;
};

// A password that is overwritten when it goes out of scope.
// Moving swaps the buffer (no copy left behind); copying is not allowed.
struct Secret {
    std::string text;
    Secret() = default;
    Secret(Secret&& other) noexcept { text.swap(other.text); }
    Secret& operator=(Secret&& other) noexcept {
        text.swap(other.text);
        return *this;
    }
    Secret(const Secret&) = delete;
    Secret& operator=(const Secret&) = delete;
    ~Secret() { app::wipe(text); }
};

int fail(CommandContext& ctx, const std::string& message) {
    ctx.err << "infusiondoc: " << message << "\n";
    return exit_error;
}

std::optional<Secret> ask(CommandContext& ctx, core::Result<std::string> read) {
    if (!read) {
        fail(ctx, read.error().describe());
        return std::nullopt;
    }
    std::optional<Secret> secret(std::in_place);
    secret->text.swap(read.value());  // swap, not copy: no second copy of the password to wipe
    return secret;
}

// The acting administrator (or user, for passwd), signed in through the global --user and
// --password-file, which may stand before or after the subcommand.
std::optional<app::Session> sign_in(CommandContext& ctx, app::Accounts& /*accounts*/, const UsersOptions& /*o*/) {
    const app::Acting* who = ctx.acting();
    if (who == nullptr) return std::nullopt;
    if (who->session() == nullptr) {
        fail(ctx, "the database has no users yet: create the first administrator with `users add NAME --roles admin`");
        return std::nullopt;
    }
    return *who->session();
}

std::optional<std::vector<app::Role>> parse_roles(CommandContext& ctx, const std::string& text) {
    auto roles = app::roles_from_string(text);
    if (!roles || roles->empty()) {
        fail(ctx, "--roles '" + text + "': give one or more of nurse, biller, supervisor, admin, separated by commas");
        return std::nullopt;
    }
    return roles;
}

int report(CommandContext& ctx, const core::Status& done, const std::string& what) {
    if (!done) return fail(ctx, done.error().describe());
    ctx.out << what << "\n";
    return exit_ok;
}

// After an administrator set someone else's password: the person chooses her own at the next sign-in.
int say_if_temporary(CommandContext& ctx, int status, app::Accounts& accounts, const std::string& name) {
    if (status != exit_ok) return status;
    if (const std::string setter = accounts.password_set_by_other(name); !setter.empty()) {
        ctx.out << name << " chooses their own password at their next sign-in: nothing is done under one an "
                << "administrator set\n";
    }
    return status;
}

// After roles were given: a combination that joins duties two people should hold apart is said.
int warn_if_duties_combined(CommandContext& ctx, int status, const std::string& name,
                            const std::vector<app::Role>& roles) {
    if (status != exit_ok) return status;
    if (auto combined = app::duties_combined(roles)) ctx.err << "warning: " << name << " holds " << *combined << "\n";
    return status;
}

// ---- the commands ------------------------------------------------------------------------------
int run_add(CommandContext& ctx, app::Accounts& accounts, const UsersOptions& o) {
    const auto roles = parse_roles(ctx, o.roles);
    if (!roles) return exit_error;
    if (auto problem = app::username_problem(o.name)) return fail(ctx, *problem);
    const bool first = !accounts.has_users();
    std::optional<app::Session> admin;
    if (first) {
        if (std::find(roles->begin(), roles->end(), app::Role::admin) == roles->end()) {
            return fail(ctx, "the database has no users yet: the first one must be an administrator (--roles admin)");
        }
    } else {
        admin = sign_in(ctx, accounts, o);
        if (!admin) return exit_error;
        if (auto allowed = accounts.may_add_user(*admin, o.name); !allowed)
            return fail(ctx, allowed.error().describe());
    }
    auto password = ask(ctx, read_new_password("New password for " + o.name + ": ", o.new_password_file));
    if (!password) return exit_error;
    const std::string done = "added user " + o.name + " (" + app::roles_to_string(*roles) + ")";
    if (!first) {
        const int added = report(ctx, accounts.add_user(*admin, o.name, o.display_name, *roles, password->text), done);
        return warn_if_duties_combined(ctx, say_if_temporary(ctx, added, accounts, o.name), o.name, *roles);
    }

    auto created = accounts.create_first_admin(o.name, o.display_name, password->text, *roles);
    if (!created) return fail(ctx, created.error().describe());
    return warn_if_duties_combined(ctx, report(ctx, core::Done{}, done + ", the first administrator"), o.name, *roles);
}

int run_list(CommandContext& ctx, app::Accounts& accounts, const UsersOptions& o) {
    const auto admin = sign_in(ctx, accounts, o);
    if (!admin) return exit_error;
    auto users = accounts.list(*admin);
    if (!users) return fail(ctx, users.error().describe());
    const std::string now = ctx.clinic()->clock().now();
    ctx.out << std::left << std::setw(16) << "username"
            << "  " << std::setw(34) << "display name"
            << "  " << std::setw(24) << "roles"
            << "  status\n";
    for (const auto& u : users.value()) {
        std::string roles;
        for (const auto& r : u.roles) roles += (roles.empty() ? "" : ",") + r;
        std::string status = u.disabled ? "disabled" : "enabled";
        if (u.failed_attempts > 0) status += ", " + std::to_string(u.failed_attempts) + " failed sign-ins";
        // Same "YYYY-MM-DDTHH:MM:SSZ" form on both sides, so the text compares as the instants do.
        if (!u.locked_until.empty() && u.locked_until > now) status += ", waiting until " + u.locked_until;
        if (const std::string setter = accounts.password_set_by_other(u.username); !setter.empty())
            status += ", password set by " + setter + " (to be replaced at sign-in)";
        ctx.out << std::setw(16) << u.username << "  " << std::setw(34) << u.display_name << "  " << std::setw(24)
                << roles << "  " << status << "\n";
    }
    return exit_ok;
}

int run_passwd(CommandContext& ctx, app::Accounts& accounts, const UsersOptions& o) {
    const std::string name = o.name.empty() ? ctx.user() : o.name;
    const auto who = sign_in(ctx, accounts, o);
    if (!who) return exit_error;
    if (auto allowed = accounts.may_set_password(*who, name); !allowed) return fail(ctx, allowed.error().describe());
    auto password = ask(ctx, read_new_password("New password for " + name + ": ", o.new_password_file));
    if (!password) return exit_error;
    return say_if_temporary(
        ctx, report(ctx, accounts.set_password(*who, name, password->text), "password changed for " + name), accounts,
        name);
}

int run_demo(CommandContext& ctx, app::Clinic& clinic) {
    // On a new database the demo users are the program's doing: "demo-data" in the audit log (demo_command.cpp).
    std::optional<app::Acting> generator;
    if (!clinic.accounts().has_users()) generator.emplace(clinic.without_users("demo-data"));
    const app::Acting* who = generator ? &*generator : ctx.acting();
    if (who == nullptr) return exit_error;
    if (auto made = demo::make_demo_database(*who, clinic); !made) return ctx.fail(made.error());
    ctx.out << "demo users added:";
    for (const auto& u : demo::demo_users())
        ctx.out << " " << u.username << " (" << app::roles_to_string(u.roles) << ")";
    ctx.out << "\ntheir passwords are listed in docs/users.md; for demonstrations only\n";
    return exit_ok;
}

using Action = int (*)(CommandContext&, app::Accounts&, const UsersOptions&);

// Registers one subcommand whose action gets the database's accounts.
CLI::App* add(CLI::App& users, std::vector<Command>& commands, const std::shared_ptr<UsersOptions>& o,
              const std::string& name, const std::string& help, Action action, bool may_create_database = false) {
    CLI::App* sub = users.add_subcommand(name, help);
    sub->fallthrough();  // --user and --password-file are the program's, in any position
    commands.push_back({sub,
                        [o, action](CommandContext& ctx) {
                            app::Clinic* clinic = ctx.clinic();
                            if (clinic == nullptr) return exit_error;
                            return action(ctx, clinic->accounts(), *o);
                        },
                        // Only `users add` makes a new clinic's database (with its first administrator): a
                        // mistyped --db given to `users list` is said, not made into an empty database.
                        may_create_database});
    return sub;
}

}  // namespace

void add_users_commands(CLI::App& program, std::vector<Command>& commands) {
    CLI::App* users = program.add_subcommand("users", "Add, list and disable users; set roles and passwords");
    users->require_subcommand(1);
    auto o = std::make_shared<UsersOptions>();
    const std::string new_password_help = "The new password from the first line of this private file (chmod 600)";

    CLI::App* add_cmd =
        add(*users, commands, o, "add", "Add a user (the first user of a database: an administrator)", run_add, true);
    add_cmd->add_option("NAME", o->name, "Username, like rn.okafor")->required();
    add_cmd->add_option("--roles", o->roles, "nurse, biller, supervisor and/or admin, comma-separated")->required();
    add_cmd->add_option("--display-name", o->display_name, "Name shown on screens and records");
    add_cmd->add_option("--new-password-file", o->new_password_file, new_password_help);

    add(*users, commands, o, "list", "Every user with roles and status", run_list);

    CLI::App* disable_cmd = add(*users, commands, o, "disable", "Stop a user from signing in (records stay)",
                                [](CommandContext& ctx, app::Accounts& accounts, const UsersOptions& opts) {
                                    const auto admin = sign_in(ctx, accounts, opts);
                                    if (!admin) return exit_error;
                                    return report(ctx, accounts.disable(*admin, opts.name), "disabled " + opts.name);
                                });
    disable_cmd->add_option("NAME", o->name, "Username")->required();

    CLI::App* enable_cmd = add(*users, commands, o, "enable", "Let a disabled user sign in again",
                               [](CommandContext& ctx, app::Accounts& accounts, const UsersOptions& opts) {
                                   const auto admin = sign_in(ctx, accounts, opts);
                                   if (!admin) return exit_error;
                                   return report(ctx, accounts.enable(*admin, opts.name), "enabled " + opts.name);
                               });
    enable_cmd->add_option("NAME", o->name, "Username")->required();

    CLI::App* roles_cmd = add(*users, commands, o, "set-roles", "Replace a user's roles",
                              [](CommandContext& ctx, app::Accounts& accounts, const UsersOptions& opts) {
                                  const auto roles = parse_roles(ctx, opts.roles);
                                  if (!roles) return exit_error;
                                  const auto admin = sign_in(ctx, accounts, opts);
                                  if (!admin) return exit_error;
                                  const bool repair = accounts.changed_outside_program(opts.name);
                                  return warn_if_duties_combined(
                                      ctx,
                                      report(ctx, accounts.set_roles(*admin, opts.name, *roles),
                                             opts.name + " now has roles " + app::roles_to_string(*roles) +
                                                 (repair ? "; it was changed outside InfusionDoc, so its password "
                                                           "was cleared: set one with 'users passwd " +
                                                               opts.name + "'"
                                                         : std::string())),
                                      opts.name, *roles);
                              });
    roles_cmd->add_option("NAME", o->name, "Username")->required();
    roles_cmd->add_option("--roles", o->roles, "nurse, biller, supervisor and/or admin, comma-separated")->required();

    CLI::App* passwd_cmd =
        add(*users, commands, o, "passwd", "Change your password, or (administrators) anyone's", run_passwd);
    passwd_cmd->add_option("NAME", o->name, "Username (default: yourself, --user)");
    passwd_cmd->add_option("--new-password-file", o->new_password_file, new_password_help);

    CLI::App* demo_cmd =
        users->add_subcommand("demo", "Make a new database a demo database with the demo users of docs/users.md");
    demo_cmd->fallthrough();
    commands.push_back({demo_cmd,
                        [](CommandContext& ctx) {
                            app::Clinic* clinic = ctx.clinic();
                            if (clinic == nullptr) return exit_error;
                            return run_demo(ctx, *clinic);
                        },
                        true});
}

}  // namespace infusion::cli
