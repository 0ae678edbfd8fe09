#pragma once
// Internal to storage/: accounts and database facts under seal on PostgreSQL, as on SQLite
// (seal_accounts.cpp): every change the program makes to an account or a fact seals it into its audit row,
// so a role raised, a password replaced or a fact inserted with psql by someone holding the owner role is
// refused at the next sign-in (the account cannot act) or ignored (the fact), and reported by db check.
#include "storage/postgres/pg_connection.hpp"
#include "storage/records.hpp"
#include "storage/seal.hpp"

#include <optional>
#include <string>

namespace infusion::storage::pg {

// The seal recorded by the newest audit row about `subject`, if any.
[[nodiscard]] std::optional<std::pair<std::int64_t, std::string>> latest_seal(PgConnection& conn,
                                                                              const std::string& subject);

// Inside the caller's write transaction: the audit row of a change to `username`'s account, carrying the
// account as it now is.
std::int64_t append_account_audit(PgConnection& conn, const std::string& action, const std::string& username,
                                  const std::string& detail, const Actor& actor);

[[nodiscard]] bool account_matches_audit(PgConnection& conn, const UserRecord& user);
// Who set the account's password now in use, and whether its audit row is a link of the chain
// (UserRecord::password_set_by).
[[nodiscard]] detail::PasswordSetter password_set_by(PgConnection& conn, const std::string& username);
[[nodiscard]] bool fact_recorded(PgConnection& conn, const std::string& name, const std::string& value,
                                 const std::string& recorded_at);

// db check: every account against its newest audit row, every fact against the row that recorded it.
void check_accounts_and_facts(PgConnection& conn, CheckReport& report);

// db check and audit verify: every sealed revision (and countersignature, site-care note, export batch)
// recomputed and paired with its audit row, the summary rows and the review queue against them, every
// audit row's subject still there: SQLite's seal pass itself (seal_check.cpp), in one snapshot.
void check_content_seals(PgConnection& conn, CheckReport& report);
// The same pass inside the caller's open transaction (a copy verified before its COMMIT).
void check_content_seals_in_transaction(PgConnection& conn, CheckReport& report);

}  // namespace infusion::storage::pg
