#pragma once
// What an export file carries: charge lines of signed visits, ready to be written as CSV or HL7.
// Filled by app/ from storage; the writers here only format (billing-formats.md).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace infusion::exporting {

enum class ChargeKind { charge, reversal };

struct ChargeLine {
    std::int64_t batch_id = 0;
    std::int64_t visit_id = 0;
    int revision = 0;            // the visit revision the line belongs to (0 original, 1.. amendments)
    int line_number = 0;         // 1-based within the revision
    std::string transaction_id;  // stable line id: "V<visit>-R<revision>-L<line>"; reversals add "-CD"
    std::string reverses;        // for a reversal: the transaction_id of the charge it cancels
    ChargeKind kind = ChargeKind::charge;

    std::string patient_id;
    std::string patient_name;  // "Family, Given"
    std::optional<std::chrono::year_month_day> birth_date;
    // The line's own date of service ([ed. 2] docs/coding.md: a facility infusion past midnight dates
    // its later hours on the next day); the visit's date when the line has none of its own.
    std::chrono::year_month_day date_of_service{};
    // The visit's date of service (the local date of its first start); empty: the same as the line's.
    std::optional<std::chrono::year_month_day> visit_date_of_service;
    std::string place_of_service;  // "11", "22"
    std::string setting;           // "office" or "facility"
    std::string code;              // CPT or HCPCS
    std::string code_system;       // "C4" (CPT) or "HCPCS"
    std::string description;       // our short wording
    std::vector<std::string> modifiers;
    int units = 0;                       // negative on a reversal
    std::vector<std::string> diagnoses;  // ICD-10-CM in claim order
    std::string clinician;               // rendering clinician (user id)
    std::string ndc;                     // 11-digit 5-4-2, drug lines only
    std::string ndc_unit;                // F2, GR, ME, ML, UN
    std::optional<double> ndc_quantity;  // negative on a reversal
    std::string revenue_code;            // facility claims
    std::string infusion_start;          // ISO 8601 with offset, "" when none
    std::string infusion_stop;
};

// One visit's lines, for formats with a message per visit (HL7 DFT^P03).
struct VisitCharges {
    std::vector<ChargeLine> lines;  // all of one visit, in line order; reversals first
    // HL7's DG1 from the charges when the message has any (the claim's diagnoses now); false: from every line,
    // reversals first, as batches recorded before 2026-12-07 were written (a re-export writes them so again).
    bool diagnoses_of_charges = true;
};

struct BatchHeader {
    std::int64_t batch_id = 0;
    std::string created_at;  // UTC ISO 8601: the posting date
    std::string created_by;
    std::string sending_application = "INFUSIONDOC";
    std::string sending_facility;  // the clinic's name or NPI
    std::string receiving_application = "BILLING";
};

}  // namespace infusion::exporting
