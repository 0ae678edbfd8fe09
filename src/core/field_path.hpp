#pragma once
// Field paths used in problems ("pump_setups[1].sites[0].aspiration") and their human names
// ("pump set-up 2, site 1"). Paths are 0-based like the JSON arrays; messages count from 1.
#include <cstddef>
#include <string>

namespace infusion::core::path {

[[nodiscard]] std::string setup(std::size_t i);
[[nodiscard]] std::string site(std::size_t setup_index, std::size_t site_index);
[[nodiscard]] std::string pause(std::size_t setup_index, std::size_t pause_index);
[[nodiscard]] std::string substance(std::size_t i);
[[nodiscard]] std::string note(std::size_t i);

[[nodiscard]] std::string setup_name(std::size_t i);  // "pump set-up 2"

}  // namespace infusion::core::path
