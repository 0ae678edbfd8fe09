#pragma once
// Internal to storage/: SQLiteCpp helpers shared by the store, the audit log and the database.
#include "core/result.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <string>

namespace infusion::storage::detail {

// Turns an SQLite failure into a message a clinic's IT person can act on.
[[nodiscard]] core::Error sqlite_error(const std::string& what, const std::exception& e, const std::string& file);

// Binds an optional: NULL when empty.
void bind_text(SQLite::Statement& s, int index, const std::optional<std::string>& value);
void bind_real(SQLite::Statement& s, int index, const std::optional<double>& value);
void bind_int(SQLite::Statement& s, int index, const std::optional<int>& value);
void bind_flag(SQLite::Statement& s, int index, const std::optional<bool>& value);

[[nodiscard]] std::optional<std::string> column_text(const SQLite::Column& c);
[[nodiscard]] std::optional<double> column_real(const SQLite::Column& c);
[[nodiscard]] std::optional<int> column_int(const SQLite::Column& c);
[[nodiscard]] std::optional<bool> column_flag(const SQLite::Column& c);

}  // namespace infusion::storage::detail
