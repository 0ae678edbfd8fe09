// Keeps editing one draft visit, printing "saved N" after each committed save, until killed.
// Used by tests/storage/crash_test.cpp: kill -9 at any moment must lose no acknowledged edit.
#include "storage/sqlite_database.hpp"
#include "support/test_support.hpp"

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: draft_editor DATABASE EDITS\n";
        return 2;
    }
    auto db = infusion::storage::SqliteDatabase::open(argv[1]);
    if (!db) {
        std::cerr << db.error().describe() << "\n";
        return 2;
    }
    auto& store = db.value()->visits();
    infusion::core::Visit visit = infusion::test::sample_visit();
    visit.pump_setups[0].stop.reset();  // still infusing, as at the chair
    const infusion::storage::Actor actor{"rn.okafor", "2026-03-02T09:10:00Z"};
    auto id = store.create_draft(visit, actor);
    if (!id) return 2;
    std::cout << "created " << id.value() << std::endl;
    const int edits = std::stoi(argv[2]);
    std::int64_t version = 1;  // a new draft's
    for (int i = 1; i <= edits; ++i) {
        visit.notes.push_back({std::nullopt, infusion::core::NoteKind::monitoring, "edit " + std::to_string(i)});
        auto saved = store.save_draft(id.value(), version, visit, actor);
        if (!saved) return 2;
        version = saved.value();
        std::cout << "saved " << i << std::endl;  // endl flushes: the line is the acknowledgement
    }
    return 0;
}
