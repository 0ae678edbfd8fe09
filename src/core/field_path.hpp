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
// A path as a nurse reads it: "pump_setups[0].pauses[1].start" is "pump set-up 1, pause 2, start". A part it does
// not know is kept as it is.
[[nodiscard]] std::string human_name(const std::string& path);

}  // namespace infusion::core::path
