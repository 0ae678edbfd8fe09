#pragma once
// Internal to settings/: the readers of the two catalogues, substances.toml (products, their HCPCS codes and
// NDCs) and sites.toml (the body map's sites), apart from config.cpp's clinic and coding rules.
#include "core/catalog.hpp"
#include "settings/toml_fields.hpp"

#include <string>

namespace infusion::settings {

[[nodiscard]] core::SubstanceCatalog read_substances(const toml::table& root, ReadContext& ctx);
[[nodiscard]] core::SiteCatalog read_sites(const toml::table& root, ReadContext& ctx);

// `count` digits and nothing else.
[[nodiscard]] inline bool all_digits(const std::string& text, std::size_t count) {
    return text.size() == count && text.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace infusion::settings
