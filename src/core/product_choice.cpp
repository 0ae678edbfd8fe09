#include "core/product_choice.hpp"

#include "core/codes.hpp"

namespace infusion::core {

void name_product(Substance& substance, const std::string& name, const SubstanceCatalog& catalog) {
    substance.name = name;
    const CatalogSubstance* product = catalog.find(name);
    if (const auto ndc = normalize_ndc(substance.ndc)) {
        const CatalogSubstance* owner = catalog.product_of_ndc(*ndc);
        if (owner != nullptr && owner != product) substance.ndc.clear();
    }
    if (product != nullptr && !product->ndcs.empty() && is_blank(substance.ndc)) substance.ndc = product->ndcs.front();
}

}  // namespace infusion::core
