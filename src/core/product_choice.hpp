#pragma once
// Naming a substance's product at the chair, with the package NDC kept to the product named.
#include "core/catalog.hpp"
#include "core/visit.hpp"

#include <string>

namespace infusion::core {

// Names the substance's product `name` (picked from the catalog or typed). An NDC that is a package of a
// catalog product other than the one now named goes: picking Hizentra, then Cuvitru, kept Hizentra's NDC
// on the Cuvitru line (found from outside). An empty NDC is then filled with the named product's first
// package, as picking a product always did. An NDC the catalog lists for no product (typed from a
// carton, or scanned) is the nurse's entry and stays; validate() says if it does not fit.
void name_product(Substance& substance, const std::string& name, const SubstanceCatalog& catalog);

}  // namespace infusion::core
