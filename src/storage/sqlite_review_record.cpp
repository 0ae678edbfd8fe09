// Reading the review record of one visit, and the names of the review states.
#include "storage/sqlite_review_store.hpp"

namespace infusion::storage {

const char* to_string(ReviewState state) {
    switch (state) {
        case ReviewState::pending: return "pending";
        case ReviewState::countersigned: return "countersigned";
        case ReviewState::correction: return "correction";
    }
    return "pending";
}

std::optional<ReviewState> review_state_from_string(std::string_view text) {
    for (ReviewState s : {ReviewState::pending, ReviewState::countersigned, ReviewState::correction}) {
        if (text == to_string(s)) return s;
    }
    return std::nullopt;
}

}  // namespace infusion::storage

namespace infusion::storage::detail {
namespace {

std::string visit_text(VisitId id) { return "visit " + std::to_string(id); }

}  // namespace

core::Result<std::vector<SiteCareNote>> SqliteReviewStore::site_care_notes(VisitId id) {
    try {
        auto s_use = m_db.prepare(
            "SELECT id, author, at, location, conditions, grade, text FROM site_care_notes WHERE visit_id = ? "
            "ORDER BY id");
        SQLite::Statement& s = *s_use;
        s.bind(1, id);
        std::vector<SiteCareNote> out;
        while (s.executeStep()) {
            out.push_back(SiteCareNote{s.getColumn(0).getInt64(), id, s.getColumn(1).getString(),
                                       s.getColumn(2).getString(), s.getColumn(3).getString(),
                                       split_conditions(s.getColumn(4).getString()), s.getColumn(5).getInt(),
                                       s.getColumn(6).getString()});
        }
        return out;
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the site-care notes of " + visit_text(id), e, m_file);
    }
}

core::Result<std::optional<Countersignature>> SqliteReviewStore::countersignature(VisitId id) {
    try {
        auto s_use = m_db.prepare("SELECT revision, supervisor, at, comment FROM countersignatures WHERE visit_id = ?");
        SQLite::Statement& s = *s_use;
        s.bind(1, id);
        if (!s.executeStep()) return std::optional<Countersignature>{};
        return std::optional<Countersignature>{Countersignature{id, s.getColumn(0).getInt(), s.getColumn(1).getString(),
                                                                s.getColumn(2).getString(),
                                                                s.getColumn(3).getString()}};
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the countersignature of " + visit_text(id), e, m_file);
    }
}

core::Result<std::vector<CorrectionRequest>> SqliteReviewStore::corrections(VisitId id) {
    try {
        auto s_use = m_db.prepare(
            "SELECT id, revision, requested_by, at, reason, resolved_revision, resolved_at FROM correction_requests "
            "WHERE visit_id = ? ORDER BY id");
        SQLite::Statement& s = *s_use;
        s.bind(1, id);
        std::vector<CorrectionRequest> out;
        while (s.executeStep()) {
            out.push_back(CorrectionRequest{s.getColumn(0).getInt64(), id, s.getColumn(1).getInt(),
                                            s.getColumn(2).getString(), s.getColumn(3).getString(),
                                            s.getColumn(4).getString(), column_int(s.getColumn(5)),
                                            column_text(s.getColumn(6)).value_or("")});
        }
        return out;
    } catch (const std::exception& e) {
        return sqlite_error("cannot read the correction requests of " + visit_text(id), e, m_file);
    }
}

}  // namespace infusion::storage::detail
