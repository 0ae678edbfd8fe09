#pragma once
// Finds a documented time in a visit by its field path ("pump_setups[1].stop", "notes[0].at"), so a
// choice made in a popup lands on the field it was asked for.
#include "core/visit.hpp"

#include <optional>
#include <string>

namespace infusion::ui {

[[nodiscard]] std::optional<core::WallTime>* time_slot(core::Visit& visit, const std::string& path);

}  // namespace infusion::ui
