#include "ui/time_slots.hpp"

#include <cstdio>

namespace infusion::ui {

std::optional<core::WallTime>* time_slot(core::Visit& visit, const std::string& path) {
    std::size_t a = 0, b = 0;
    char field[32] = {};
    if (std::sscanf(path.c_str(), "pump_setups[%zu].pauses[%zu].%31s", &a, &b, field) == 3) {
        if (a >= visit.pump_setups.size() || b >= visit.pump_setups[a].pauses.size()) return nullptr;
        auto& pause = visit.pump_setups[a].pauses[b];
        if (std::string(field) == "start") return &pause.start;
        if (std::string(field) == "stop") return &pause.stop;
        return nullptr;
    }
    if (std::sscanf(path.c_str(), "pump_setups[%zu].%31s", &a, field) == 2) {
        if (a >= visit.pump_setups.size()) return nullptr;
        auto& setup = visit.pump_setups[a];
        const std::string f = field;
        if (f == "start") return &setup.start;
        if (f == "stop") return &setup.stop;
        if (f == "set_up_at") return &setup.set_up_at;
        return nullptr;
    }
    if (std::sscanf(path.c_str(), "notes[%zu].at", &a) == 1) {
        if (a >= visit.notes.size()) return nullptr;
        return &visit.notes[a].at;
    }
    return nullptr;
}

}  // namespace infusion::ui
