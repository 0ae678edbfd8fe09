#include "storage/records.hpp"

namespace infusion::storage {

const char* to_string(VisitStatus status) {
    switch (status) {
        case VisitStatus::draft: return "draft";
        case VisitStatus::signed_: return "signed";
        case VisitStatus::amended: return "amended";
    }
    return "draft";
}

std::optional<VisitStatus> visit_status_from_string(std::string_view text) {
    if (text == "draft") return VisitStatus::draft;
    if (text == "signed") return VisitStatus::signed_;
    if (text == "amended") return VisitStatus::amended;
    return std::nullopt;
}

}  // namespace infusion::storage
