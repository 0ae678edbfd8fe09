// The schema check: the database's tables, indexes and triggers against the ones the migrations
// create, built afresh in memory. A dropped trigger is the first step of a quiet edit of signed
// content, so a missing, altered or extra object is a finding, named.
#include "storage/record_check.hpp"

#include "storage/audit_chain.hpp"
#include "storage/chain_head_file.hpp"
#include "storage/schema.hpp"
#include "storage/seal.hpp"

#include <map>

namespace infusion::storage::detail {
namespace {

struct SchemaObject {
    std::string type;
    std::string sql;
};
using Schema = std::map<std::string, SchemaObject>;

Schema read_schema(SQLite::Database& db) {
    Schema out;
    // sqlite_sequence and sqlite_stat* belong to SQLite, autoindexes to the tables' keys.
    SQLite::Statement s(db,
                        "SELECT type, name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' "
                        "ESCAPE '\\'");
    while (s.executeStep()) out[s.getColumn(1).getString()] = {s.getColumn(0).getString(), s.getColumn(2).getString()};
    return out;
}

const Schema& expected_schema() {
    static const Schema schema = [] {
        SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        for (const auto& step : schema::migrations()) db.exec(std::string(step));
        return read_schema(db);
    }();
    return schema;
}

// What a dropped object takes with it, in the words `db check` prints after "is missing": a trigger's
// refusal is gone, but an index that enforces nothing only makes what read through it slower, and
// saying it "no longer enforces" anything would send an administrator looking for a breach that is not there.
std::string dropped_consequence(const SchemaObject& object) {
    if (object.type == "table") return "dropped, with every row it held";
    if (object.type == "index") {
        if (object.sql.find("UNIQUE") != std::string::npos)
            return "dropped: duplicates it refused are no longer refused";
        return "dropped: nothing is lost or let through without it, but what read through it now reads the whole "
               "table";
    }
    return "dropped: what it protects is no longer enforced";
}

}  // namespace

void verify_schema(SQLite::Database& db, CheckReport& report) {
    const Schema actual = read_schema(db);
    const auto finding = [&](const std::string& text) {
        report.ok = false;
        report.findings.push_back(text);
    };
    for (const auto& [name, object] : expected_schema()) {
        const auto found = actual.find(name);
        if (found == actual.end()) {
            finding(object.type + " " + name + " is missing (" + dropped_consequence(object) + ")");
        } else if (found->second.type != object.type || found->second.sql != object.sql) {
            finding(object.type + " " + name + " differs from the program's schema (altered)");
        }
    }
    for (const auto& [name, object] : actual) {
        if (expected_schema().count(name) == 0) {
            finding(object.type + " " + name + " is not part of the program's schema (added behind its back)");
        }
    }
}

ChainPoint verify_record(Connection& db, const std::string& file, CheckReport& report, const ChainPoint& after) {
    const ChainPoint end = verify_chain(db, report, after);
    if (file != ":memory:") verify_chain_head(db, chain_head_path(file), report);
    verify_schema(db.raw(), report);
    try {
        verify_seals(db, report, after.id);
    } catch (const std::exception& e) {
        // A table or column the seals need was dropped: the schema findings above say which.
        report.ok = false;
        report.findings.push_back(std::string("the content seals could not be checked: ") + e.what());
    }
    return end;
}

}  // namespace infusion::storage::detail
