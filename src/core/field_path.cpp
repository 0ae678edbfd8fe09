#include "core/field_path.hpp"

namespace infusion::core::path {
namespace {
std::string indexed(const char* name, std::size_t i) { return std::string(name) + "[" + std::to_string(i) + "]"; }
}  // namespace

std::string setup(std::size_t i) { return indexed("pump_setups", i); }
std::string site(std::size_t setup_index, std::size_t site_index) {
    return setup(setup_index) + "." + indexed("sites", site_index);
}
std::string pause(std::size_t setup_index, std::size_t pause_index) {
    return setup(setup_index) + "." + indexed("pauses", pause_index);
}
std::string substance(std::size_t i) { return indexed("substances", i); }
std::string note(std::size_t i) { return indexed("notes", i); }
std::string setup_name(std::size_t i) { return "pump set-up " + std::to_string(i + 1); }

}  // namespace infusion::core::path
