// Naming a product keeps the package NDC with the product named (core::name_product).
#include "core/product_choice.hpp"
#include "core_test_helpers.hpp"

#include <doctest/doctest.h>

using namespace infusion;

TEST_CASE("naming a product: another product's package goes, a carton's NDC stays, an empty one is filled") {
    const core::SubstanceCatalog& catalog = test::repo_config().context().substances;
    core::Substance s;
    core::name_product(s, "Hizentra", catalog);
    CHECK(s.ndc == "44206-0451-01");
    s.ndc = "44206-0454-04";                     // the 4 g package, scanned
    core::name_product(s, "hizentra", catalog);  // the same product, as its id
    CHECK(s.ndc == "44206-0454-04");
    CHECK(s.name == "Hizentra");  // the catalog's spelling: the record, the reason and the warnings say it alike
    core::name_product(s, "IgPro20", catalog);  // an alias is kept as written
    CHECK(s.name == "IgPro20");
    core::name_product(s, "Cuvitru", catalog);
    CHECK(s.name == "Cuvitru");
    CHECK(s.ndc.empty());
    s.ndc = "4420645404";  // 10 digits: not an NDC form a claim takes; the nurse's entry, left for validate()
    core::name_product(s, "Gamunex-C", catalog);
    CHECK(s.ndc == "4420645404");
    s.ndc = "44206-454-04";  // Hizentra's, written 5-3-2
    core::name_product(s, "Homemade remedy", catalog);
    CHECK(s.ndc.empty());
    s.ndc = "12345-6789-01";
    core::name_product(s, "Hizentra", catalog);
    CHECK(s.ndc == "12345-6789-01");  // no product's package: validate() warns it is not listed
}
