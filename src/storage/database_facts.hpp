#pragma once
// Facts about the database itself, recorded once and never changed (migration 8: triggers refuse
// UPDATE and DELETE). The first is what the database was made for: `kind` = `demo` is recorded by
// `demo-data` on a new database only, so a clinic's database can never be taken for a demo one by
// a guess from a display name. Behind an interface like the other stores, for a second backend.
#include "core/result.hpp"
#include "storage/records.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace infusion::storage {

// What the database was made for: `demo` (demo-data, `users demo`); absent on a clinic's database.
inline constexpr std::string_view kind_fact = "kind";
inline constexpr std::string_view demo_kind = "demo";

class DatabaseFacts {
public:
    virtual ~DatabaseFacts() = default;

    // The recorded value; empty when the fact was never recorded.
    [[nodiscard]] virtual core::Result<std::optional<std::string>> get(const std::string& name) = 0;
    // Whether the audit log records `name` as recorded, whatever the table holds now: a fact removed
    // outside the program (its triggers dropped) is still known to have been there. One indexed look.
    [[nodiscard]] virtual core::Result<bool> ever_recorded(const std::string& name) = 0;
    // Records `name` = `value` with an audit row ("database-fact"). Recording the same value again is
    // done; another value is a conflict. With `only_on_new_database`, refused (kind refused) unless
    // the database holds no user and no visit yet, in the same transaction.
    [[nodiscard]] virtual core::Status record(const std::string& name, const std::string& value,
                                              bool only_on_new_database, const Actor& actor) = 0;
};

}  // namespace infusion::storage
