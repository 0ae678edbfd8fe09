#include "core/product_choice.hpp"

#include "core/codes.hpp"

namespace infusion::core {

void name_product(Substance& substance, const std::string& name, const SubstanceCatalog& catalog) {
    substance.name = name;
    const CatalogSubstance* product = catalog.find(name);
    // The catalog's spelling when the name is the product's name in other letters' case: "hyqvia" typed went onto
    // the record, the billing reason and the review beside the pump warning's "HyQvia" (found from outside).
    if (product != nullptr && iequals(trim_blanks(name), product->name)) substance.name = product->name;
    if (const auto ndc = normalize_ndc(substance.ndc)) {
        const CatalogSubstance* owner = catalog.product_of_ndc(*ndc);
        if (owner != nullptr && owner != product) substance.ndc.clear();
    }
    if (product != nullptr && !product->ndcs.empty() && is_blank(substance.ndc)) substance.ndc = product->ndcs.front();
}

}  // namespace infusion::core
