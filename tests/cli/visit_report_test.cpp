// `visits show` as text: what a person reads of a stored visit.
#include "cli/visit_report.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace infusion;

TEST_CASE("visits show names a draft's creator and whoever saved it last, who may be a colleague") {
    // Found from outside: a colleague's edit of a draft read "Revision 0 (original) by sup.nakamura".
    storage::StoredVisit visit;
    visit.id = 500;
    visit.status = storage::VisitStatus::draft;
    visit.created_by = "rn.okafor";
    storage::Revision draft;
    draft.author = "sup.nakamura";
    draft.content = test::sample_visit(75);
    visit.revisions.push_back(draft);
    std::ostringstream out;
    cli::write_visit_text(visit, out);
    CHECK(out.str().find("Revision 0 (draft) created by rn.okafor, last saved by sup.nakamura\n") != std::string::npos);

    visit.status = storage::VisitStatus::signed_;
    visit.revisions[0].author = "rn.okafor";
    visit.revisions[0].sealed = true;
    visit.revisions[0].signed_by = "rn.okafor";
    visit.revisions[0].signed_at = "2026-03-02T15:30:00Z";
    std::ostringstream signed_out;
    cli::write_visit_text(visit, signed_out);
    CHECK(signed_out.str().find("Revision 0 (original) by rn.okafor; signed by rn.okafor at 2026-03-02T15:30:00Z\n") !=
          std::string::npos);
}
