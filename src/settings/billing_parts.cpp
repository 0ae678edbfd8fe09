#include "settings/billing_parts.hpp"

#include "settings/config.hpp"

#include <sstream>

namespace infusion::settings {

BillingPart billing_part(std::string name, const toml::table& root, std::initializer_list<std::string_view> tables) {
    toml::table chosen;
    if (tables.size() == 0) {
        chosen = root;
    } else {
        for (const std::string_view table : tables) {
            if (const toml::node* node = root.get(table)) chosen.insert(table, *node);
        }
    }
    std::ostringstream text;
    text << toml::toml_formatter{chosen};
    return BillingPart{std::move(name), text.str()};
}

BillingPart substances_billing_part(const toml::table& root) {
    toml::table billed = root;
    if (toml::array* rows = billed["substance"].as_array()) {
        for (toml::node& row : *rows) {
            if (toml::table* substance = row.as_table()) substance->erase("not_with_pumps");
        }
    }
    return billing_part("substances.toml", billed);
}

}  // namespace infusion::settings
