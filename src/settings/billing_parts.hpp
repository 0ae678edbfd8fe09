#pragma once
// The parts of the configuration that decide what a visit bills, in a form fit for a digest: the
// clinic's database pins them (app/billing_configuration.hpp), so that a workstation pointed at an
// edited or another clinic's folder cannot sign or export under the same rules label.
#include <toml++/toml.h>

#include <initializer_list>
#include <string>
#include <string_view>

namespace infusion::settings {

struct BillingPart;

// `root` as toml++ formats it again: values count, comments, spacing and the order of keys do not.
// With `tables`, only those top-level tables (clinic.toml's [clinic] and [codes]: its [storage],
// [session] and the rest differ between workstations and bill nothing).
[[nodiscard]] BillingPart billing_part(std::string name, const toml::table& root,
                                       std::initializer_list<std::string_view> tables = {});

// substances.toml without the keys that bill nothing: a clinical note such as a product's `not_with_pumps`
// (HyQvia and the Freedom60) added to the clinic's file, or left out of an older one, must not stop every
// workstation signing until an administrator accepts the configuration again.
[[nodiscard]] BillingPart substances_billing_part(const toml::table& root);

}  // namespace infusion::settings
