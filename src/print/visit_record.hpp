#pragma once
// What a printed visit record shows, as plain data: app/ fills it from the store (after checking who may
// print), print/ lays it out as PDF. No storage or settings types here, so this layer needs only core.
#include "core/billing_line.hpp"
#include "core/catalog.hpp"
#include "core/problem.hpp"
#include "core/result.hpp"
#include "core/visit.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace infusion::print {

enum class Paper { letter, a4 };

// One revision: 0 the original documentation, 1, 2 ... amendments (each with its reason).
struct RevisionRecord {
    int number = 0;
    std::string author;
    std::string created_at;  // UTC ISO 8601
    std::string reason;      // amendments only
    bool sealed = false;
    std::string signed_by;
    std::string signed_at;
    std::string rules_version;
    bool billable = false;
    std::optional<int> infusion_minutes;
    std::vector<core::BillingLine> lines;
    std::vector<core::Problem> problems;
    std::string seal;  // hex SHA-256 that seals this revision; empty for a draft
};

struct Countersignature {
    std::string supervisor;
    std::string at;
    std::string comment;
    int revision = 0;
};

struct VisitRecord {
    std::int64_t id = 0;
    std::string status;  // draft, signed, amended
    std::string created_by;
    std::string created_at;
    std::string date_of_service;            // YYYY-MM-DD or empty
    core::Visit content;                    // the current revision's content, printed in full
    std::vector<RevisionRecord> revisions;  // oldest first
    std::optional<Countersignature> countersignature;
    // The supervisor's review as sentences: site-care notes and correction requests, oldest first.
    std::vector<std::string> review;
    std::string seal_source;  // one sentence: what the printed hashes are and where they come from
};

// The first page of a payer's request: whose visits, which dates, and the list.
struct Cover {
    std::string patient_id;
    std::string patient_name;
    std::string birth_date;
    std::string from;
    std::string to;
};

struct Document {
    core::ClinicSettings clinic;
    std::vector<core::CatalogSite> sites;  // names and body-map positions
    Paper paper = Paper::letter;
    std::string printed_by;
    std::string printed_at;  // UTC ISO 8601
    std::optional<Cover> cover;
    std::vector<VisitRecord> visits;
};

// `document` as the bytes of a PDF; app/ writes them to the file (whole or not at all: AtomicFile).
// Text is real text in DejaVu Sans: selectable and searchable.
[[nodiscard]] core::Result<std::string> render_pdf(const Document& document);

}  // namespace infusion::print
