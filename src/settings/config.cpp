#include "settings/config.hpp"

#include "core/codes.hpp"
#include "settings/billing_parts.hpp"
#include "settings/catalog_readers.hpp"
#include "settings/toml_fields.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace infusion::settings {
namespace {

using core::Error;
using core::Result;

constexpr std::size_t max_config_bytes = 8U * 1024U * 1024U;

// Runs `read` over the parsed file, turning ReadError into an Error that names the file.
template <typename T, typename Reader>
Result<T> read_file(const std::filesystem::path& file, Reader read) {
    try {
        const toml::table root = parse_file(file.string(), max_config_bytes);
        ReadContext context;  // unknown keys are errors in our own config: they are typos
        return read(root, context);
    } catch (const ReadError& e) {
        return Error{e.what(), file.string(), e.pos};
    }
}

// The same over text already in memory (the fuzz targets, tools); `source_name` names it in errors.
template <typename T, typename Reader>
Result<T> read_text(std::string_view text, const std::string& source_name, Reader read) {
    try {
        if (text.size() > max_config_bytes) throw ReadError("the file is too large to be a configuration file", {});
        const toml::table root = parse_text(text, source_name);
        ReadContext context;
        return read(root, context);
    } catch (const ReadError& e) {
        return Error{e.what(), source_name, e.pos};
    }
}

int whole(Fields& f, std::string_view key, int fallback, int min, int max) {
    auto v = f.integer(key);
    if (!v) return fallback;
    if (*v < min || *v > max) f.fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return static_cast<int>(*v);
}

// The NPI's own check: 10 digits, the last the Luhn check digit of the first nine with the prefix 80840
// (CMS, "Requirements for NPI check digit"). A mistyped NPI went on every claim (MSH-4, PID-3's authority).
bool is_npi(const std::string& npi) {
    if (npi.size() != 10 || npi.find_first_not_of("0123456789") != std::string::npos) return false;
    int sum = 24;  // the prefix 80840's contribution to the Luhn sum
    for (int i = 8; i >= 0; --i) {
        int d = npi[static_cast<std::size_t>(i)] - '0';
        if ((8 - i) % 2 == 0) {  // the rightmost of the nine, and every second one to its left, doubled
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
    }
    return (10 - sum % 10) % 10 == npi[9] - '0';
}

// A code that goes onto every claim line as written: `count` digits, or the file is refused where it says so.
std::string digits_code(Fields& f, std::string_view key, const std::string& fallback, std::size_t count,
                        const char* what) {
    std::string value = f.text(key).value_or(fallback);
    if (!all_digits(value, count)) {
        f.fail(key, "'" + value + "' is not " + what + " (" + std::to_string(count) + " digits)");
    }
    return value;
}

core::ClinicSettings read_clinic(const toml::table& root, ReadContext& ctx) {
    core::ClinicSettings out;
    Fields top(root, "", ctx);
    // The clinic's name, zone and NPI have no default: an empty or cut-off clinic.toml (a failed copy, a
    // full disk) loaded silently, and its HL7 export went out with no billing provider (found from outside).
    const toml::table* clinic = top.table("clinic");
    if (clinic == nullptr) {
        top.fail("clinic", "missing (required): the clinic's name, time_zone and npi (the billing provider's NPI)");
    }
    {
        Fields f(*clinic, "clinic", ctx);
        out.name = f.required_text("name");
        if (core::trim_blanks(out.name).empty())
            f.fail("name", "must not be empty: the sign-in screen and the printed record name the clinic");
        out.time_zone = f.required_text("time_zone");
        if (!core::is_known_zone(out.time_zone)) f.fail("time_zone", "unknown time zone '" + out.time_zone + "'");
        out.setting = choice(f, "setting", core::Setting::office,
                             {{"office", core::Setting::office}, {"facility", core::Setting::facility}});
        out.npi = f.required_text("npi");
        if (!is_npi(out.npi)) {
            f.fail("npi",
                   "'" + out.npi + "' is not an NPI: 10 digits whose last is the Luhn check digit (prefix 80840)");
        }
        out.tax_id = f.text("tax_id").value_or("");
        f.finish();
    }
    if (const toml::table* t = top.table("codes")) {
        Fields f(*t, "codes", ctx);
        out.place_of_service_office =
            digits_code(f, "place_of_service_office", out.place_of_service_office, 2, "a place of service code");
        out.place_of_service_facility =
            digits_code(f, "place_of_service_facility", out.place_of_service_facility, 2, "a place of service code");
        out.revenue_code = digits_code(f, "revenue_code", out.revenue_code, 4, "a revenue code");
        out.drug_revenue_code = digits_code(f, "drug_revenue_code", out.drug_revenue_code, 4, "a revenue code");
        f.finish();
    }
    // [storage] is read by load_config (it is not a clinic setting); [session] by sign-in;
    // [scanner] and [print] by load_config for the window and the printed record.
    (void)top.get("storage");
    (void)top.get("session");
    (void)top.get("scanner");
    (void)top.get("print");
    (void)top.get("sites");
    (void)top.get("review");
    top.finish();
    return out;
}

core::CodingRules read_coding_rules(const toml::table& root, ReadContext& ctx) {
    core::CodingRules out;
    Fields top(root, "", ctx);
    out.version = top.required_text("version");
    // Recorded with every signed revision (which rules coded it): a blank one would say nothing there.
    if (out.version.find_first_not_of(" \t") == std::string::npos) {
        top.fail("version", "must not be empty: it is recorded with every signed revision");
    }
    if (const toml::table* t = top.table("time")) {
        Fields f(*t, "time", ctx);
        out.injection_max_minutes = whole(f, "injection_max_minutes", out.injection_max_minutes, 1, 120);
        out.first_hour_minutes = whole(f, "first_hour_minutes", out.first_hour_minutes, 1, 240);
        out.additional_hour_minutes = whole(f, "additional_hour_minutes", out.additional_hour_minutes, 1, 240);
        out.add_on_more_than_minutes = whole(f, "add_on_more_than_minutes", out.add_on_more_than_minutes, 0, 239);
        // The bands must follow each other: an injection limit past the first hour made a 75-minute infusion
        // 96372, and an add-on threshold of a whole additional hour or more never billed 96370 (found from
        // outside; coding-rules.md 2).
        if (out.injection_max_minutes >= out.first_hour_minutes) {
            f.fail("injection_max_minutes", "must be less than first_hour_minutes (" +
                                                std::to_string(out.first_hour_minutes) +
                                                "): a longer infusion is never an injection (96372)");
        }
        if (out.add_on_more_than_minutes >= out.additional_hour_minutes) {
            f.fail("add_on_more_than_minutes", "must be less than additional_hour_minutes (" +
                                                   std::to_string(out.additional_hour_minutes) +
                                                   "): else no additional hour (96370) is ever billed");
        }
        out.long_infusion_warning_minutes =
            whole(f, "long_infusion_warning_minutes", out.long_infusion_warning_minutes, 1, 7 * 24 * 60);
        out.pause_threshold_minutes = whole(f, "pause_threshold_minutes", out.pause_threshold_minutes, 0, 24 * 60);
        out.max_infusion_minutes = whole(f, "max_infusion_minutes", out.max_infusion_minutes, 1, 7 * 24 * 60);
        out.overlap =
            choice(f, "overlap", out.overlap,
                   {{"union", core::OverlapRule::union_of_intervals}, {"sum", core::OverlapRule::sum_of_intervals}});
        out.seconds =
            choice(f, "seconds", out.seconds, {{"drop", core::SecondsRule::drop}, {"round", core::SecondsRule::round}});
        f.finish();
    }
    if (const toml::table* t = top.table("hydration")) {
        Fields f(*t, "hydration", ctx);
        out.hydration = choice(f, "under_96369", out.hydration,
                               {{"allow", core::HydrationRule::allow},
                                {"review", core::HydrationRule::review},
                                {"block", core::HydrationRule::block}});
        f.finish();
    }
    if (const toml::table* t = top.table("dates")) {
        Fields f(*t, "dates", ctx);
        const std::initializer_list<std::pair<const char*, core::LineDateRule>> rules{
            {"visit", core::LineDateRule::visit_date}, {"service-day", core::LineDateRule::service_day}};
        out.office_line_dates = choice(f, "office_lines", out.office_line_dates, rules);
        out.facility_line_dates = choice(f, "facility_lines", out.facility_line_dates, rules);
        out.max_years_in_past = whole(f, "max_years_in_past", out.max_years_in_past, 1, 100);
        f.finish();
    }
    if (const toml::table* t = top.table("signing")) {
        Fields f(*t, "signing", ctx);
        out.clock_skew_seconds = whole(f, "clock_skew_minutes", out.clock_skew_seconds / 60, 0, 24 * 60) * 60;
        f.finish();
    }
    if (const toml::table* t = top.table("drugs")) {
        Fields f(*t, "drugs", ctx);
        out.jw_jz_modifiers = f.boolean("jw_jz_modifiers").value_or(out.jw_jz_modifiers);
        out.max_dose_ml = whole(f, "max_dose_ml", out.max_dose_ml, 0, 100'000);
        f.finish();
    }
    const auto rows = top.tables("mue");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        Fields f(*rows[i], "mue[" + std::to_string(i) + "]", ctx);
        core::MueLimit limit;
        limit.code = f.required_text("code");
        if (limit.code.empty()) f.fail("code", "must not be empty: the HCPCS/CPT code the limit is for");
        limit.setting = choice(f, "setting", core::Setting::office,
                               {{"office", core::Setting::office}, {"facility", core::Setting::facility}});
        limit.published = f.boolean("published").value_or(true);
        if (limit.published && f.get("units") == nullptr) {
            f.fail("units", "missing: a published MUE needs its units (published = false when CMS has none)");
        }
        limit.units = whole(f, "units", 1, 0, 100000);
        limit.indicator = whole(f, "indicator", 2, 1, 3);
        auto from = f.date("effective_from");
        if (!from) f.fail("effective_from", "missing (required)");
        limit.effective_from = *from;
        limit.effective_to = f.date("effective_to");
        (void)f.text("source");
        // Two rows for one code, setting and day: the first one found capped the line, the other was
        // ignored without a word (found from outside: 2 and 8 units for 96370).
        const auto last_day = [](const core::MueLimit& m) {
            return m.effective_to.value_or(
                std::chrono::year_month_day{std::chrono::year{9999}, std::chrono::December, std::chrono::day{31}});
        };
        for (std::size_t j = 0; j < out.mue.size(); ++j) {
            const core::MueLimit& other = out.mue[j];
            if (other.code == limit.code && other.setting == limit.setting && other.effective_from <= last_day(limit) &&
                limit.effective_from <= last_day(other)) {
                f.fail("effective_from", "mue[" + std::to_string(j) + "] limits " + limit.code +
                                             " in the same setting on some of the same dates: keep one row, or "
                                             "end the older one (effective_to) the day before this one starts");
            }
        }
        f.finish();
        out.mue.push_back(limit);
    }
    top.finish();
    return out;
}

struct StorageChoice {
    bool postgresql = false;
    std::filesystem::path database;
    std::string url;
};

bool choice_of(Fields& f, std::string_view key, bool fallback, std::initializer_list<std::pair<const char*, bool>> o) {
    return choice(f, key, fallback, o);
}

}  // namespace

// A libpq connection string with a password: "password=..." in keyword form (libpq allows blanks around
// the "=": "password = 'x'" passed, found from outside), "?password=" in a URI, or "user:secret@" in a URI.
bool names_a_password(const std::string& url) {
    std::string lower;
    for (const char c : url) {
        if (c == '=') {
            while (!lower.empty() && std::isspace(static_cast<unsigned char>(lower.back())) != 0) lower.pop_back();
        }
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (lower.find("password=") != std::string::npos) return true;
    const auto scheme = lower.find("://");
    if (scheme == std::string::npos) return false;
    const auto at = lower.find('@', scheme);
    const auto colon = lower.find(':', scheme + 3);
    return at != std::string::npos && colon != std::string::npos && colon < at;
}

Result<core::ClinicSettings> load_clinic(const std::filesystem::path& file) {
    return read_file<core::ClinicSettings>(file, read_clinic);
}
Result<core::CodingRules> load_coding_rules(const std::filesystem::path& file) {
    return read_file<core::CodingRules>(file, read_coding_rules);
}
Result<core::SubstanceCatalog> load_substances(const std::filesystem::path& file) {
    return read_file<core::SubstanceCatalog>(file, read_substances);
}
Result<core::SiteCatalog> load_sites(const std::filesystem::path& file) {
    return read_file<core::SiteCatalog>(file, read_sites);
}

Result<core::ClinicSettings> parse_clinic(std::string_view text, const std::string& source_name) {
    return read_text<core::ClinicSettings>(text, source_name, read_clinic);
}
Result<core::CodingRules> parse_coding_rules(std::string_view text, const std::string& source_name) {
    return read_text<core::CodingRules>(text, source_name, read_coding_rules);
}
Result<core::SubstanceCatalog> parse_substances(std::string_view text, const std::string& source_name) {
    return read_text<core::SubstanceCatalog>(text, source_name, read_substances);
}
Result<core::SiteCatalog> parse_sites(std::string_view text, const std::string& source_name) {
    return read_text<core::SiteCatalog>(text, source_name, read_sites);
}

Result<Config> load_config(const std::filesystem::path& dir) {
    Config out;
    out.dir = dir;
    // The billing parts come from the very parse the values are read from: an edit between two reads
    // cannot give a digest of one file and the rules of another.
    auto clinic = read_file<core::ClinicSettings>(dir / "clinic.toml", [&](const toml::table& root, ReadContext& ctx) {
        out.billing_parts.push_back(billing_part("clinic.toml [clinic] [codes]", root, {"clinic", "codes"}));
        return read_clinic(root, ctx);
    });
    if (!clinic) return clinic.error();
    out.clinic = std::move(clinic.value());
    auto rules =
        read_file<core::CodingRules>(dir / "coding-rules.toml", [&](const toml::table& root, ReadContext& ctx) {
            out.billing_parts.push_back(billing_part("coding-rules.toml", root));
            return read_coding_rules(root, ctx);
        });
    if (!rules) return rules.error();
    out.rules = std::move(rules.value());
    auto substances =
        read_file<core::SubstanceCatalog>(dir / "substances.toml", [&](const toml::table& root, ReadContext& ctx) {
            out.billing_parts.push_back(substances_billing_part(root));
            return read_substances(root, ctx);
        });
    if (!substances) return substances.error();
    out.substances = std::move(substances.value());
    auto sites = load_sites(dir / "sites.toml");
    if (!sites) return sites.error();
    out.sites = std::move(sites.value());
    auto storage = read_file<StorageChoice>(dir / "clinic.toml", [&](const toml::table& root, ReadContext& ctx) {
        StorageChoice choice;
        if (const toml::table* t = root["storage"].as_table()) {
            Fields f(*t, "storage", ctx);
            choice.postgresql = choice_of(f, "backend", false, {{"sqlite", false}, {"postgresql", true}});
            if (auto text = f.text("database"); text && !text->empty()) {
                choice.database = *text;
                if (choice.database.is_relative()) choice.database = dir / choice.database;  // relative to here
            }
            choice.url = f.text("url").value_or("");
            if (choice.postgresql && choice.url.empty()) {
                f.fail("url",
                       "backend = \"postgresql\" needs url: a libpq connection string or service name, "
                       "e.g. \"service=infusiondoc\" (docs/storage.md)");
            }
            if (!choice.postgresql && !choice.url.empty()) {
                f.fail("url", "url is for backend = \"postgresql\"; a SQLite database is named by database");
            }
            if (choice.postgresql && !choice.database.empty()) {
                f.fail("database", "database names a SQLite file; with backend = \"postgresql\" the server is url");
            }
            if (names_a_password(choice.url)) {
                f.fail("url",
                       "a password never goes in clinic.toml: keep it in the workstation user's ~/.pgpass "
                       "or use a service file (docs/storage.md)");
            }
            f.finish();
        }
        return choice;
    });
    if (!storage) return storage.error();
    out.database = storage.value().database;
    out.postgresql = storage.value().postgresql;
    out.database_url = storage.value().url;
    auto lock = read_file<double>(dir / "clinic.toml", [&](const toml::table& root, ReadContext& ctx) {
        double minutes = out.lock_after_minutes;
        if (const toml::table* t = root["session"].as_table()) {
            Fields f(*t, "session", ctx);
            minutes = f.number("lock_after_minutes").value_or(minutes);
            if (minutes < 0.0 || minutes > 24.0 * 60.0) f.fail("lock_after_minutes", "must be between 0 and 1440");
            f.finish();
        }
        return minutes;
    });
    if (!lock) return lock.error();
    out.lock_after_minutes = lock.value();
    auto devices = read_file<Config>(dir / "clinic.toml", [&](const toml::table& root, ReadContext& ctx) {
        Config d;
        if (const toml::table* t = root["scanner"].as_table()) {
            Fields f(*t, "scanner", ctx);
            d.scanner_gs_substitute = f.text("gs_substitute").value_or("");
            // A substitute made of characters that occur in lots or GTINs would cut real values apart.
            for (char c : d.scanner_gs_substitute) {
                if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-') {
                    f.fail("gs_substitute", "must not contain letters, digits or '-' (they occur in lots and GTINs)");
                }
            }
            f.finish();
        }
        if (const toml::table* t = root["print"].as_table()) {
            Fields f(*t, "print", ctx);
            d.paper = f.text("paper").value_or(d.paper);
            if (d.paper != "letter" && d.paper != "a4") f.fail("paper", "'" + d.paper + "': use \"letter\" or \"a4\"");
            f.finish();
        }
        return d;
    });
    if (!devices) return devices.error();
    out.scanner_gs_substitute = devices.value().scanner_gs_substitute;
    out.paper = devices.value().paper;
    auto rest = read_file<int>(dir / "clinic.toml", [&](const toml::table& root, ReadContext& ctx) {
        double days = out.site_rest_days;
        if (const toml::table* t = root["sites"].as_table()) {
            Fields f(*t, "sites", ctx);
            days = f.number("rest_days").value_or(days);
            if (days < 0.0 || days > 365.0 || std::floor(days) < days) {
                f.fail("rest_days", "must be a whole number of days between 0 and 365");
            }
            f.finish();
        }
        return static_cast<int>(days);
    });
    if (!rest) return rest.error();
    out.site_rest_days = rest.value();
    auto review = read_file<int>(dir / "clinic.toml", [&](const toml::table& root, ReadContext& ctx) {
        double minutes = out.review.long_infusion_minutes;
        if (const toml::table* t = root["review"].as_table()) {
            Fields f(*t, "review", ctx);
            minutes = f.number("long_infusion_minutes").value_or(minutes);
            if (minutes < 1.0 || minutes > 7.0 * 24.0 * 60.0 || std::floor(minutes) < minutes) {
                f.fail("long_infusion_minutes", "must be a whole number of minutes between 1 and 10080");
            }
            f.finish();
        }
        return static_cast<int>(minutes);
    });
    if (!review) return review.error();
    out.review.long_infusion_minutes = review.value();
    return out;
}

}  // namespace infusion::settings
